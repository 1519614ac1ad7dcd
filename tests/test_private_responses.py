"""Responses with personal data carry ``Cache-Control: private, no-store`` (jamlik/lib/privacy.py)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

from jamlik.people import actions
from jamlik.people.models import Organisation, User
from tests.factories import HeadcountFactory

PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")
SAMPLES = {"int": "1", "uuid": str(uuid.UUID(int=1)), "uuidstr": str(uuid.UUID(int=1))}


def private(response: object) -> bool:
    header = response.get("Cache-Control", "")  # type: ignore[attr-defined]
    return {part.strip() for part in header.split(",")} >= {"private", "no-store"}


def every_address(patterns: list[URLPattern | URLResolver] | None = None, prefix: str = "") -> Iterator[str]:
    """One address per route in the URL conf, with a made-up value for each parameter."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry.pattern, RegexPattern):
            route = GROUP.sub("x1", str(entry.pattern)).lstrip("^").rstrip("$").replace("\\", "")
        else:
            route = PARAMETER.sub(lambda m: SAMPLES.get(m["converter"] or "str", "x"), str(entry.pattern))
        if isinstance(entry, URLResolver):
            if route == "admin/":  # every admin view is already never_cache; its index stands for them
                yield "/admin/"
                continue
            yield from every_address(entry.url_patterns, prefix + route)
        else:
            yield "/" + prefix + route


@pytest.mark.django_db
def test_every_address_answers_a_signed_in_person_with_private_no_store(as_administrator: Client) -> None:
    addresses = sorted(set(every_address()))
    assert len(addresses) > 250 and "/min-sida/" in addresses
    not_private = []
    for address in addresses:
        response = as_administrator.get(address)
        if not private(response):
            not_private.append(f"{address} {response.status_code} {response.get('Cache-Control')}")
    assert not_private == []


PERSONAL_PAGES = [
    "/min-sida/",
    "/min-sida/mina-uppgifter/",
    "/min-sida/organisationer/",
    "/min-sida/diplom/",
    "/konto/sessions/",
    "/kurser/",
    "/program/",
    "/natverk/",
]
COORDINATOR_PAGES = [
    "/organisationer/sater/medlemmar/",
    "/organisationer/sater/enheter/",
    "/organisationer/sater/inbjudningar/",
    "/organisationer/sater/kurser/",
    "/statistik/organisationer/sater/completed/item.csv",
    "/statistik/organisationer/sater/",
    "/strategier/",
]
MANAGER_PAGES = [
    "/statistik/",
    "/statistik/export/completed/organisation.csv",
    "/statistik/projekt/",
    "/uppfoljning/",
    "/program/redigera/",
    "/diplom/utfarda/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("address", PERSONAL_PAGES)
def test_a_learners_own_pages_are_private(as_learner_a: Client, address: str) -> None:
    response = as_learner_a.get(address)
    assert response.status_code == 200
    assert private(response)


@pytest.mark.django_db
@pytest.mark.parametrize("address", COORDINATOR_PAGES)
def test_member_lists_statistics_and_exports_are_private(
    as_coordinator_a: Client, org_a: Organisation, learner_a: User, address: str
) -> None:
    HeadcountFactory(organisation=org_a, headcount=40)
    response = as_coordinator_a.get(address)
    assert response.status_code == 200
    assert private(response)


@pytest.mark.django_db
@pytest.mark.parametrize("address", MANAGER_PAGES)
def test_a_programme_managers_pages_are_private(as_programme_manager: Client, address: str) -> None:
    response = as_programme_manager.get(address)
    assert response.status_code == 200
    assert private(response)


@pytest.mark.django_db
def test_api_responses_to_a_token_are_private(client: Client, learner_a: User) -> None:
    _, raw = actions.create_api_token(learner_a, name="test")
    response = client.get("/api/v1/me/enrolments", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert private(response)


@pytest.mark.django_db
def test_public_pages_for_anonymous_visitors_are_not_marked_private(client: Client, org_a: Organisation) -> None:
    for address in ["/", "/kurser/", "/tillganglighet/", "/api/v1/organisations"]:
        response = client.get(address)
        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", ""), address


@pytest.mark.django_db
def test_the_same_public_page_is_private_once_signed_in(client: Client, learner_a: User) -> None:
    assert not client.get("/kurser/").has_header("Cache-Control")
    client.force_login(learner_a)
    assert private(client.get("/kurser/"))
    client.logout()
    assert not client.get("/kurser/").has_header("Cache-Control")


@pytest.mark.django_db
def test_an_invitation_that_names_its_email_is_private_for_an_anonymous_visitor(
    client: Client, coordinator_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite_by_email(coordinator_a, org_a, emails=["ny@sater.se"])
    found = re.search(r"/inbjudan/([\w-]+)/", mail.outbox[0].body)
    assert found is not None
    response = client.get(found[0])
    assert response.status_code == 200
    assert "ny@sater.se" in response.content.decode()
    assert private(response)


@pytest.mark.django_db
def test_a_visitor_half_way_through_signing_in_gets_private_pages(client: Client, learner_a: User) -> None:
    response = client.post("/konto/login/code/", {"email": learner_a.email})
    assert response.status_code == 302
    confirm = client.get(response["Location"])
    assert confirm.status_code == 200
    assert private(confirm)
