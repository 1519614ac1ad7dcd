"""Public pages: the list, a programme's page with everything the seed carries, and the calendar."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jamlik.people.models import Organisation, User
from jamlik.programmes import actions
from jamlik.programmes.models import ProgrammeStatus
from tests.programmes.factories import ProgrammeFactory, make_programme


@pytest.mark.django_db
def test_the_programme_page_carries_the_seed_facts_and_seats_left(
    client: Client, learner_a: User, org_a: Organisation, org_b: Organisation
) -> None:
    shape = make_programme(org_a, org_b, seats=3)
    actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    page = client.get(f"/program/{shape.programme.slug}/").content.decode()
    for fact in (
        shape.programme.title,
        "Kitimbwa Sabuni",
        "Kostnadsfri. Resa och boende betalas av deltagaren.",
        "Regeringsgatan 66",
        "Grand",
        "Göteborg",
        "Kunskaper om mänskliga rättigheter",
        "kontakt@lansstyrelsen.se",
        org_a.name,
    ):
        assert fact in page, fact
    assert "2 platser kvar av 3" in page or "2 seats left of 3" in page


@pytest.mark.django_db
def test_a_draft_is_not_public(client: Client) -> None:
    draft = ProgrammeFactory(status=ProgrammeStatus.DRAFT)
    assert client.get(f"/program/{draft.slug}/").status_code == 404
    assert draft.title not in client.get("/program/").content.decode()


@pytest.mark.django_db
def test_a_signed_in_learner_sees_fieldsets_with_legends_for_the_choice(
    as_learner_a: Client, org_a: Organisation
) -> None:
    shape = make_programme(org_a)
    page = as_learner_a.get(f"/program/{shape.programme.slug}/").content.decode()
    assert "<fieldset" in page and f"<legend>{shape.stockholm.module.title}" in page
    assert f'for="id_module_{shape.stockholm.module_id}_0"' in page


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx)


@pytest.mark.django_db
def test_list_calendar_and_programme_pages_take_the_same_queries_at_two_sizes(
    client: Client, org_a: Organisation
) -> None:
    first = make_programme(org_a)
    _queries(client, "/program/")
    small = [_queries(client, p) for p in ("/program/", "/program/kalender/", f"/program/{first.programme.slug}/")]
    for _ in range(3):
        make_programme(org_a)
    large = [_queries(client, p) for p in ("/program/", "/program/kalender/", f"/program/{first.programme.slug}/")]
    assert small == large


@pytest.mark.django_db
def test_the_host_roster_takes_the_same_queries_at_two_sizes(as_coordinator_a: Client, org_a: Organisation) -> None:
    from tests.factories import UserFactory

    shape = make_programme(org_a)
    actions.register(UserFactory(), shape.programme, [shape.stockholm.pk], dietary="x")
    path = f"/program/vard/{shape.stockholm.public_id}/"
    _queries(as_coordinator_a, path)  # the first request also loads the signed-in session
    small = _queries(as_coordinator_a, path)
    for _ in range(4):
        actions.register(UserFactory(), shape.programme, [shape.stockholm.pk], accessibility="y")
    assert _queries(as_coordinator_a, path) == small
