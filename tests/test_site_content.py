"""Site content administrators edit: the accessibility statement and notices for one county."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jamlik.people.models import County, MembershipStatus, Organisation, OrganisationKind, User
from jamlik.web import demo
from jamlik.web.models import AccessibilityStatement, Notice, Severity
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

NOT_PUBLISHED = "Redogörelsen har inte publicerats ännu."


@pytest.fixture
def dalarna(db: None) -> County:
    return County.objects.create(code="20", name="Dalarnas län", short_name="Dalarna")


@pytest.fixture
def stockholm(db: None) -> County:
    return County.objects.create(code="01", name="Stockholms län", short_name="Stockholm")


@pytest.mark.django_db
def test_the_demo_publishes_a_complete_statement_in_swedish_and_english(client: Client, dalarna: County) -> None:
    assert demo.load() != []
    assert demo.load() == []  # a second run creates nothing
    assert AccessibilityStatement.objects.count() == 1
    swedish = client.get("/tillganglighet/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert NOT_PUBLISHED not in swedish
    for part in (
        "Länsstyrelsen i Dalarnas län",  # who is responsible
        "delvis förenlig",  # compliance status
        "Administrationssidorna",  # what is not accessible, and why
        "oskäligt betungande",  # disproportionate burden
        "omfattas därför inte av lagen",  # outside the law's scope
        "Nu HTML Checker",  # how it was assessed
        "30 november 2026",  # date of assessment
        "1 december 2026",  # prepared
        "7 december 2026",  # last reviewed
        "mailto:tillganglighet@jamlik.example",  # feedback
        "https://www.digg.se/tdosanmalan",  # enforcement
    ):
        assert part in swedish, part
    client.cookies["django_language"] = "en"
    english = client.get("/tillganglighet/").content.decode()
    for part in ("partially compliant", "administration pages", "disproportionate burden", "7 December 2026"):
        assert part in english, part


@pytest.mark.django_db
def test_an_unpublished_statement_is_not_shown_and_the_demo_leaves_it_unpublished(
    client: Client, dalarna: County
) -> None:
    demo.load()
    AccessibilityStatement.objects.update(published=False)
    demo.load()
    body = client.get("/tillganglighet/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert NOT_PUBLISHED in body
    assert "Administrationssidorna" not in body
    assert "https://www.digg.se/tdosanmalan" in body  # how to complain to DIGG is always there
    assert AccessibilityStatement.objects.get().published is False


@pytest.mark.django_db
def test_the_newest_published_statement_is_shown_not_a_newer_withdrawn_draft(client: Client) -> None:
    common = {"assessed_on": datetime.date(2026, 1, 1), "feedback_email": "t@jamlik.example"}
    AccessibilityStatement.objects.create(
        method_sv="Gällande granskning.", published_on=datetime.date(2026, 1, 2), **common
    )
    AccessibilityStatement.objects.create(
        method_sv="Utkast.", published_on=datetime.date(2026, 6, 1), published=False, **common
    )
    body = client.get("/tillganglighet/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Gällande granskning." in body and "Utkast." not in body


def county_notice(county: County | None, title: str) -> Notice:
    return Notice.objects.create(
        county=county,
        title_sv=title,
        severity=Severity.WARNING,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
    )


def member_of(organisation: Organisation, **fields: object) -> Client:
    user: User = UserFactory()
    MembershipFactory(user=user, organisation=organisation, **fields)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_county_notice_reaches_only_signed_in_members_of_that_countys_organisations(
    client: Client, dalarna: County, stockholm: County
) -> None:
    county_notice(dalarna, "Varning i Dalarna")
    county_notice(None, "Underhåll för alla")
    sater = OrganisationFactory(name="Säters kommun", county=dalarna)
    company = OrganisationFactory(name="Säter Energi AB", kind=OrganisationKind.MUNICIPAL_COMPANY, parent=sater)
    botkyrka = OrganisationFactory(name="Botkyrka kommun", county=stockholm)

    inside = member_of(sater).get("/").content.decode()
    assert "Varning i Dalarna" in inside and "Underhåll för alla" in inside
    assert "(Dalarnas län)" in inside  # the banner says whose notice it is
    # A company without a county of its own belongs to its owner's county.
    assert "Varning i Dalarna" in member_of(company).get("/kurser/").content.decode()

    for outside in (
        member_of(botkyrka),
        member_of(sater, status=MembershipStatus.PENDING),  # not yet approved
        member_of(sater, valid_to=datetime.date(2021, 1, 1)),  # left the organisation
    ):
        page = outside.get("/").content.decode()
        assert "Underhåll för alla" in page and "Varning i Dalarna" not in page

    anonymous = client.get("/").content.decode()
    assert "Underhåll för alla" in anonymous and "Varning i Dalarna" not in anonymous


@pytest.mark.django_db
def test_a_county_notice_is_managed_in_the_admin(as_administrator: Client, dalarna: County) -> None:
    response = as_administrator.post(
        "/admin/web/notice/add/",
        {
            "title_sv": "Länets varning",
            "severity": Severity.WARNING,
            "published": "on",
            "starts_at_0": "2026-01-01",
            "starts_at_1": "08:00:00",
            "county": dalarna.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Notice.objects.get().county == dalarna
    listing = as_administrator.get("/admin/web/notice/?county__id__exact=" + str(dalarna.pk))
    assert "Länets varning" in listing.content.decode()


@pytest.mark.django_db
def test_a_saved_notice_shows_at_once_and_pages_read_no_notices_while_the_process_keeps_them(
    client: Client, settings: Any
) -> None:
    settings.JAMLIK_NOTICE_CACHE_SECONDS = 10
    client.get("/")

    def notice_queries() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/").content.decode()
        return page, sum("web_notice" in q["sql"] for q in queries.captured_queries)

    assert notice_queries()[1] == 0  # kept by the process
    notice = county_notice(None, "Planerat underhåll i kväll")
    page, read = notice_queries()
    assert "Planerat underhåll i kväll" in page and read == 1  # saving emptied the process's copy
    assert notice_queries()[1] == 0
    notice.delete()
    assert "Planerat underhåll i kväll" not in notice_queries()[0]
    # A notice that starts later is kept but shown only from its start.
    Notice.objects.create(title_sv="Snart", starts_at=timezone.now() + datetime.timedelta(minutes=5))
    assert "Snart" not in client.get("/").content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=6)):
        assert "Snart" in client.get("/").content.decode()
