"""The coordinator's member list (issue 19): searched, filtered and paged on the server, without
script; removing and declining ask first and use the danger style."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jamlik.people.models import Membership, MembershipRole, MembershipStatus, Organisation, User
from jamlik.people.views.organisation import MEMBERS_PER_PAGE
from tests.confirming import asks_first
from tests.factories import MembershipFactory, UnitFactory, UserFactory


def _page(client: Client, org: Organisation, **params: str) -> str:
    client.cookies["django_language"] = "en"
    page = client.get(f"/organisationer/{org.slug}/medlemmar/", params)
    assert page.status_code == 200
    return page.content.decode()


def test_a_long_member_list_is_paged(as_coordinator_a: Client, org_a: Organisation) -> None:
    for n in range(MEMBERS_PER_PAGE + 10):
        MembershipFactory(user=UserFactory(name=f"Person {n:03}", email=f"p{n:03}@sater.se"), organisation=org_a)
    first = _page(as_coordinator_a, org_a)
    assert first.count('href="/organisationer/sater/medlemmar/') >= MEMBERS_PER_PAGE
    assert "p059@sater.se" not in first and "Page 1 of 2" in first and "sida=2" in first
    second = _page(as_coordinator_a, org_a, sida="2")
    assert "p059@sater.se" in second and "p000@sater.se" not in second
    assert "61 members" in first  # the coordinator and the 60 others: counted, not only the page shown


def test_search_by_name_or_email_and_filters_by_status_role_and_unit(
    as_coordinator_a: Client, org_a: Organisation, learner_a: User
) -> None:
    unit = UnitFactory(organisation=org_a, name="Socialtjänsten")
    MembershipFactory(user=UserFactory(name="Ada Enhet", email="ada@sater.se"), organisation=org_a, unit=unit)
    MembershipFactory(
        user=UserFactory(name="Väntande Vera", email="vera@sater.se"),
        organisation=org_a,
        status=MembershipStatus.PENDING,
    )
    found = _page(as_coordinator_a, org_a, q="lina")
    assert "lina@sater.se" in found and "ada@sater.se" not in found
    assert "lina@sater.se" in _page(as_coordinator_a, org_a, q="SATER.SE lärande")
    pending = _page(as_coordinator_a, org_a, status="pending")
    assert "vera@sater.se" in pending and "lina@sater.se" not in pending
    coordinators = _page(as_coordinator_a, org_a, role=MembershipRole.COORDINATOR)
    assert "malin@sater.se" in coordinators and "lina@sater.se" not in coordinators
    in_unit = _page(as_coordinator_a, org_a, unit=str(unit.public_id))
    assert "ada@sater.se" in in_unit and "lina@sater.se" not in in_unit
    assert "Nobody matches" in _page(as_coordinator_a, org_a, q="ingen-sådan")
    # A bad filter is explained and left out; the rest still applies.
    bad = _page(as_coordinator_a, org_a, status="nonsense", q="lina")
    assert "lina@sater.se" in bad and "Select a valid choice" in bad


def test_people_waiting_for_approval_come_first(as_coordinator_a: Client, org_a: Organisation) -> None:
    MembershipFactory(
        user=UserFactory(name="Östen Väntar", email="osten@sater.se"),
        organisation=org_a,
        status=MembershipStatus.PENDING,
    )
    html = _page(as_coordinator_a, org_a)
    assert html.index("osten@sater.se") < html.index("malin@sater.se")


def test_the_member_list_searches_only_the_coordinators_own_organisation(
    as_coordinator_a: Client, org_a: Organisation, org_b: Organisation, coordinator_b: User
) -> None:
    html = _page(as_coordinator_a, org_a, q="erik")
    assert "erik@gagnef.se" not in html and "Nobody matches" in html


def test_the_paged_list_makes_the_same_queries_with_a_thousand_members(
    as_coordinator_a: Client, org_a: Organisation
) -> None:
    def count(**params: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            _page(as_coordinator_a, org_a, **params)
        return len(queries)

    UnitFactory(organisation=org_a)
    count()
    few = count(q="a", sida="1")
    MembershipFactory.create_batch(120, organisation=org_a)
    assert count(q="a", sida="1") == few
    assert count(q="a", sida="2") == few


def test_remove_and_decline_are_danger_buttons_that_ask_first(
    as_coordinator_a: Client, org_a: Organisation, learner_a: User
) -> None:
    waiting = MembershipFactory(
        user=UserFactory(email="vera@sater.se"), organisation=org_a, status=MembershipStatus.PENDING
    )
    membership = Membership.objects.get(user=learner_a)
    html = _page(as_coordinator_a, org_a)
    remove = f"/organisationer/sater/medlemmar/{membership.public_id}/ta-bort/"
    assert asks_first(html, remove, "Remove")
    assert "Remove Lina Lärande from Säters kommun?" in html
    assert asks_first(html, f"/organisationer/sater/medlemmar/{waiting.public_id}/ta-bort/", "Decline")
    assert as_coordinator_a.get(remove).status_code == 405  # only the confirmed POST acts
    membership.refresh_from_db()
    assert membership.valid_to is None
    assert as_coordinator_a.post(remove).status_code == 302
    membership.refresh_from_db()
    assert membership.valid_to is not None
