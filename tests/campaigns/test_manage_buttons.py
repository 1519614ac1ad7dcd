"""Every programme-manager button, through HTTP: programme managers and administrators may press
it (and it does what it says, logged); learners and coordinators of any organisation get 404 and
change nothing; anonymous visitors are sent to sign in."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from jamlik.audit.models import AuditEntry
from jamlik.campaigns import actions, closing
from jamlik.campaigns.models import Campaign, CampaignNews, DigestSubscription, Participant, ResultRow
from jamlik.people.models import MembershipRole, Organisation, User
from tests.campaigns.factories import complete, first_course, first_day, local, make_campaign, participant
from tests.conftest import client_for
from tests.courses.factories import make_course
from tests.factories import HeadcountFactory, MembershipFactory, UserFactory


@dataclass
class Press:
    path: str
    data: dict[str, Any]
    audit: str
    done: Callable[[], bool]  # True once the button did its work


def _ended(headcounts: dict[Organisation, int]) -> Campaign:
    """A campaign that ran from 30 days ago until yesterday, set up before it started."""
    first = timezone.localdate() - datetime.timedelta(days=30)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=40)):
        return make_campaign(headcounts, first=first, last=timezone.localdate() + datetime.timedelta(days=39))


def _closed(org_a: Organisation, org_b: Organisation) -> Campaign:
    campaign = _ended({org_a: 10, org_b: 10})
    complete(UserFactory(), first_course(campaign), org_a, local(first_day() + datetime.timedelta(days=1)))
    closing.close_campaign(None, campaign)
    return campaign


def _form_of(campaign: Campaign, **changes: Any) -> dict[str, Any]:
    data = {
        "title_sv": campaign.title_sv,
        "title_en": campaign.title_en,
        "description_sv": "",
        "description_en": "",
        "courses": [c.pk for c in campaign.courses.all()],
        "first_day": campaign.first_day.isoformat(),
        "last_day": campaign.last_day.isoformat(),
        "headcount_freeze_on": campaign.headcount_freeze_on.isoformat(),
    }
    return {**data, **changes}


def create(org_a: Organisation, org_b: Organisation) -> Press:
    course = make_course(lessons=1)
    data = {
        "slug": "var-2027",
        "title_sv": "Vårkampanjen",
        "courses": [course.pk],
        "first_day": "2027-03-01",
        "last_day": "2027-05-31",
    }
    return Press("/kampanjer/ny/", data, "campaign.created", lambda: Campaign.objects.filter(slug="var-2027").exists())


def edit(org_a: Organisation, org_b: Organisation) -> Press:
    campaign = make_campaign({org_a: 10})
    data = _form_of(campaign, title_sv="Nytt namn")
    return Press(
        f"/kampanjer/{campaign.slug}/hantera/",
        data,
        "campaign.updated",
        lambda: Campaign.objects.get(pk=campaign.pk).title_sv == "Nytt namn",
    )


def publish(org_a: Organisation, org_b: Organisation) -> Press:
    campaign = make_campaign({org_a: 10})
    Campaign.objects.filter(pk=campaign.pk).update(status="draft")
    return Press(
        f"/kampanjer/{campaign.slug}/hantera/publicera/",
        {},
        "campaign.published",
        lambda: Campaign.objects.get(pk=campaign.pk).status == "published",
    )


def invite(org_a: Organisation, org_b: Organisation) -> Press:
    campaign = make_campaign({org_a: 10})
    return Press(
        f"/kampanjer/{campaign.slug}/hantera/bjud-in/",
        {"organisation": org_b.name},  # the picker takes a name (or a short address), typed or chosen
        "campaign.invited",
        lambda: Participant.objects.filter(campaign=campaign, organisation=org_b, status="invited").exists(),
    )


def approve(org_a: Organisation, org_b: Organisation) -> Press:
    campaign = make_campaign({org_a: 10})
    HeadcountFactory(organisation=org_b, headcount=40, as_of=first_day())
    coordinator = MembershipFactory(organisation=org_b, role=MembershipRole.COORDINATOR).user
    applied = actions.apply(coordinator, campaign, org_b)
    return Press(
        f"/kampanjer/{campaign.slug}/hantera/deltagare/{applied.pk}/approve/",
        {},
        "campaign.approved",
        lambda: Participant.objects.get(pk=applied.pk).status == "approved",
    )


def withdraw(org_a: Organisation, org_b: Organisation) -> Press:
    campaign = make_campaign({org_a: 10, org_b: 10})
    taking_part = participant(campaign, org_b)
    return Press(
        f"/kampanjer/{campaign.slug}/hantera/deltagare/{taking_part.pk}/withdraw/",
        {},
        "campaign.withdrawn",
        lambda: Participant.objects.get(pk=taking_part.pk).status == "withdrawn",
    )


def correct_headcount(org_a: Organisation, org_b: Organisation) -> Press:
    campaign = make_campaign({org_a: 10})
    taking_part = participant(campaign, org_a)
    return Press(
        f"/kampanjer/{campaign.slug}/hantera/deltagare/{taking_part.pk}/headcount/",
        {"headcount": "12", "reason": "Lönesystemet räknade fel"},
        "campaign.headcount_corrected",
        lambda: Participant.objects.get(pk=taking_part.pk).frozen_headcount == 12,
    )


def start(org_a: Organisation, org_b: Organisation) -> Press:
    soon = timezone.localdate() + datetime.timedelta(days=5)
    campaign = make_campaign({org_a: 10}, first=soon, last=soon + datetime.timedelta(days=30))
    waiting = participant(campaign, org_a)
    assert waiting.frozen_headcount is None
    return Press(
        f"/kampanjer/{campaign.slug}/hantera/starta/",
        {},
        "campaign.headcounts_frozen",
        lambda: Participant.objects.get(pk=waiting.pk).frozen_headcount == 10,
    )


def close(org_a: Organisation, org_b: Organisation) -> Press:
    campaign = _ended({org_a: 10})
    return Press(
        f"/kampanjer/{campaign.slug}/hantera/stang/",
        {},
        "campaign.closed",
        lambda: Campaign.objects.get(pk=campaign.pk).status == "closed",
    )


def amend(org_a: Organisation, org_b: Organisation) -> Press:
    campaign = _closed(org_a, org_b)
    row = ResultRow.objects.get(result__campaign=campaign, organisation=org_b)
    return Press(
        f"/kampanjer/{campaign.slug}/hantera/resultat/{row.pk}/",
        {"completions": "4", "headcount": "10", "reason": "Importen missade fyra"},
        "campaign.result_amended",
        lambda: row.amendments.filter(completions_after=4).exists(),
    )


def save_news(org_a: Organisation, org_b: Organisation) -> Press:
    campaign = _closed(org_a, org_b)
    return Press(
        f"/kampanjer/{campaign.slug}/hantera/nyhet/",
        {"title_sv": "Säter vann", "body_sv": "Text", "publish": "0"},
        "campaign.news_saved",
        lambda: CampaignNews.objects.filter(campaign=campaign, published_at__isnull=True).exists(),
    )


def publish_news(org_a: Organisation, org_b: Organisation) -> Press:
    campaign = _closed(org_a, org_b)
    return Press(
        f"/kampanjer/{campaign.slug}/hantera/nyhet/",
        {"title_sv": "Säter vann", "body_sv": "Text", "publish": "1"},
        "campaign.news_published",
        lambda: CampaignNews.objects.filter(campaign=campaign, published_at__isnull=False).exists(),
    )


BUTTONS = [
    create,
    edit,
    publish,
    invite,
    approve,
    withdraw,
    correct_headcount,
    start,
    close,
    amend,
    save_news,
    publish_news,
]


@pytest.mark.parametrize("button", BUTTONS, ids=[b.__name__ for b in BUTTONS])
@pytest.mark.parametrize("role", ["programme_manager", "administrator"])
def test_programme_managers_and_administrators_may_press_every_button(
    request: pytest.FixtureRequest, org_a: Organisation, org_b: Organisation, button: Any, role: str
) -> None:
    user: User = request.getfixturevalue(role)
    press = button(org_a, org_b)
    assert not press.done()
    response = client_for(user).post(press.path, press.data)
    assert response.status_code == 302 and "/hantera/" in response["Location"]
    assert press.done()
    assert AuditEntry.objects.filter(action=press.audit, actor=user).count() == 1


@pytest.mark.parametrize("button", BUTTONS, ids=[b.__name__ for b in BUTTONS])
@pytest.mark.parametrize("role", ["learner_a", "coordinator_a", "coordinator_b"])
def test_learners_and_coordinators_get_404_and_change_nothing(
    request: pytest.FixtureRequest, org_a: Organisation, org_b: Organisation, button: Any, role: str
) -> None:
    user: User = request.getfixturevalue(role)
    press = button(org_a, org_b)
    before = AuditEntry.objects.filter(action=press.audit).count()
    assert client_for(user).post(press.path, press.data).status_code == 404
    assert not press.done()
    assert AuditEntry.objects.filter(action=press.audit).count() == before


@pytest.mark.parametrize("button", BUTTONS, ids=[b.__name__ for b in BUTTONS])
def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(
    client: Client, org_a: Organisation, org_b: Organisation, button: Any
) -> None:
    press = button(org_a, org_b)
    response = client.post(press.path, press.data)
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")
    assert not press.done()


@pytest.mark.parametrize("role", ["learner_a", "coordinator_a", "coordinator_b"])
def test_only_programme_managers_see_the_management_pages(
    request: pytest.FixtureRequest, as_programme_manager: Client, org_a: Organisation, role: str
) -> None:
    campaign = make_campaign({org_a: 10})
    other = client_for(request.getfixturevalue(role))
    for path in ("/kampanjer/ny/", f"/kampanjer/{campaign.slug}/hantera/"):
        assert as_programme_manager.get(path).status_code == 200
        assert other.get(path).status_code == 404


def _english(user: User) -> Client:
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_refused_button_says_why_and_changes_nothing(programme_manager: User, org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 10})
    client = _english(programme_manager)
    taking_part = participant(campaign, org_a)
    base = f"/kampanjer/{campaign.slug}/hantera/"
    page = client.post(f"{base}deltagare/{taking_part.pk}/headcount/", {"headcount": "0", "reason": "x"}, follow=True)
    assert "at least 1" in page.content.decode()
    assert Participant.objects.get(pk=taking_part.pk).frozen_headcount == 10
    page = client.post(f"{base}stang/", follow=True)
    assert "close it after" in page.content.decode()
    assert Campaign.objects.get(pk=campaign.pk).status == "published"
    page = client.post(f"{base}deltagare/{taking_part.pk}/explode/")
    assert page.status_code == 404


def test_an_amendment_without_a_reason_is_refused_through_the_page(
    programme_manager: User, org_a: Organisation, org_b: Organisation
) -> None:
    campaign = _closed(org_a, org_b)
    row = ResultRow.objects.get(result__campaign=campaign, organisation=org_b)
    page = _english(programme_manager).post(
        f"/kampanjer/{campaign.slug}/hantera/resultat/{row.pk}/",
        {"completions": "4", "headcount": "10", "reason": ""},
        follow=True,
    )
    assert "Give the corrected figures and a reason" in page.content.decode()
    assert not row.amendments.exists()


def test_a_row_of_another_campaigns_result_cannot_be_amended_through_this_one(
    as_programme_manager: Client, org_a: Organisation, org_b: Organisation
) -> None:
    mine, other = _closed(org_a, org_b), _closed(org_a, org_b)
    row = ResultRow.objects.get(result__campaign=other, organisation=org_b)
    response = as_programme_manager.post(
        f"/kampanjer/{mine.slug}/hantera/resultat/{row.pk}/", {"completions": "4", "headcount": "10", "reason": "x"}
    )
    assert response.status_code == 404 and not row.amendments.exists()


def test_coordinator_b_can_neither_remind_nor_subscribe_for_organisation_a(
    as_coordinator_b: Client, org_a: Organisation, org_b: Organisation
) -> None:
    campaign = make_campaign({org_a: 10, org_b: 10})
    base = f"/kampanjer/{campaign.slug}/organisation/{org_a.slug}/"
    assert as_coordinator_b.post(f"{base}paminn/").status_code == 404
    assert as_coordinator_b.post(f"{base}veckobrev/", {"subscribe": "1"}).status_code == 404
    assert not AuditEntry.objects.filter(action="campaign.reminder_sent").exists()
    assert not DigestSubscription.objects.filter(campaign=campaign).exists()


def test_the_results_news_page_shows_the_draft_only_after_closing(
    as_programme_manager: Client, org_a: Organisation, org_b: Organisation
) -> None:
    running = make_campaign({org_a: 10})
    assert 'name="body_sv"' not in as_programme_manager.get(f"/kampanjer/{running.slug}/hantera/").content.decode()
    closed = _closed(org_a, org_b)
    html = as_programme_manager.get(f"/kampanjer/{closed.slug}/hantera/").content.decode()
    assert 'name="body_sv"' in html and "Säters kommun" in html


def test_the_programme_manager_is_warned_of_a_count_above_the_headcount(
    programme_manager: User, org_a: Organisation, org_b: Organisation
) -> None:
    campaign = make_campaign({org_a: 1, org_b: 10})
    for _ in range(2):
        complete(UserFactory(), first_course(campaign), org_a, local(first_day()))
    complete(UserFactory(), first_course(campaign), org_b, local(first_day()))
    html = _english(programme_manager).get(f"/kampanjer/{campaign.slug}/hantera/").content.decode()
    warning = html[html.index("More people completed than the frozen headcount") :]
    warning = warning[: warning.index("</div>")]
    assert "Säters kommun (2 / 1)" in warning and "Gagnefs kommun" not in warning
