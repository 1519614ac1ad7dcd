"""Coordinator pages: who may see what, and that every change goes through an action."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from jamlik.audit.models import AuditEntry
from jamlik.people.models import (
    EmailDomain,
    HeadcountDeclaration,
    Invitation,
    Membership,
    MembershipStatus,
    Organisation,
    Unit,
    User,
)
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory

PAGES = ["medlemmar", "enheter", "antal-anstallda", "logotyp", "inbjudningar", "domaner"]


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_a_coordinator_sees_their_own_organisation(as_coordinator_a: Client, org_a: Organisation, page: str) -> None:
    response = as_coordinator_a.get(f"/organisationer/{org_a.slug}/{page}/")
    assert response.status_code == 200
    assert "Säters kommun" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_another_organisations_coordinator_gets_404_as_if_it_did_not_exist(
    as_coordinator_b: Client, org_a: Organisation, page: str
) -> None:
    assert as_coordinator_b.get(f"/organisationer/{org_a.slug}/{page}/").status_code == 404
    assert as_coordinator_b.get(f"/organisationer/does-not-exist/{page}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_a_learner_cannot_manage_their_organisation(as_learner_a: Client, org_a: Organisation, page: str) -> None:
    assert as_learner_a.get(f"/organisationer/{org_a.slug}/{page}/").status_code == 404


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client, org_a: Organisation) -> None:
    response = client.get(f"/organisationer/{org_a.slug}/medlemmar/")
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


@pytest.mark.django_db
def test_an_administrator_may_manage_any_organisation(as_administrator: Client, org_a: Organisation) -> None:
    assert as_administrator.get(f"/organisationer/{org_a.slug}/medlemmar/").status_code == 200


@pytest.mark.django_db
def test_the_member_list_never_shows_another_organisations_people(
    as_coordinator_a: Client, org_a: Organisation, coordinator_b: User, learner_a: User
) -> None:
    body = as_coordinator_a.get(f"/organisationer/{org_a.slug}/medlemmar/").content.decode()
    assert learner_a.email in body
    assert coordinator_b.email not in body


@pytest.mark.django_db
def test_the_member_list_takes_a_constant_number_of_queries(as_coordinator_a: Client, org_a: Organisation) -> None:
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert as_coordinator_a.get(f"/organisationer/{org_a.slug}/medlemmar/").status_code == 200
        return len(ctx.captured_queries)

    MembershipFactory.create_batch(3, organisation=org_a)
    count()  # warm up per-process caches (content types, sessions)
    few = count()
    MembershipFactory.create_batch(30, organisation=org_a)
    assert count() == few


@pytest.mark.django_db
def test_a_coordinator_can_remove_a_member_and_the_history_is_kept(
    as_coordinator_a: Client, org_a: Organisation, learner_a: User
) -> None:
    membership = Membership.objects.get(user=learner_a)
    response = as_coordinator_a.post(f"/organisationer/{org_a.slug}/medlemmar/{membership.public_id}/ta-bort/")
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.valid_to is not None
    assert AuditEntry.objects.filter(action="membership.ended", target_id=str(membership.pk)).exists()


@pytest.mark.django_db
def test_a_coordinator_cannot_remove_a_member_of_another_organisation(
    as_coordinator_b: Client, org_a: Organisation, org_b: Organisation, learner_a: User
) -> None:
    membership = Membership.objects.get(user=learner_a)
    for slug in (org_a.slug, org_b.slug):
        response = as_coordinator_b.post(f"/organisationer/{slug}/medlemmar/{membership.public_id}/ta-bort/")
        assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.valid_to is None


@pytest.mark.django_db
def test_declaring_a_headcount_through_the_page(as_coordinator_a: Client, org_a: Organisation) -> None:
    url = f"/organisationer/{org_a.slug}/antal-anstallda/"
    bad = as_coordinator_a.post(url, {"headcount": "0", "as_of": "2026-11-01"})
    assert bad.status_code == 200
    assert "greater than or equal to 1" in bad.content.decode() or "större än eller lika med 1" in bad.content.decode()
    assert not HeadcountDeclaration.objects.exists()
    good = as_coordinator_a.post(url, {"headcount": "1100", "as_of": "2026-11-01", "source_note": "Lönesystemet"})
    assert good.status_code == 302
    assert org_a.current_headcount().headcount == 1100  # type: ignore[union-attr]


@pytest.mark.django_db
def test_a_domain_claimed_by_another_organisation_gets_a_clear_message(
    as_coordinator_a: Client, as_coordinator_b: Client, org_a: Organisation, org_b: Organisation
) -> None:
    assert as_coordinator_a.post(f"/organisationer/{org_a.slug}/domaner/", {"domain": "sater.se"}).status_code == 302
    response = as_coordinator_b.post(f"/organisationer/{org_b.slug}/domaner/", {"domain": "sater.se"})
    assert response.status_code == 200
    assert "sater.se" in response.content.decode()
    assert EmailDomain.objects.filter(organisation=org_b).count() == 0


@pytest.mark.django_db
def test_units_form_a_tree(as_coordinator_a: Client, org_a: Organisation) -> None:
    url = f"/organisationer/{org_a.slug}/enheter/"
    as_coordinator_a.post(url, {"name": "Socialförvaltningen"})
    parent = Unit.objects.get(name="Socialförvaltningen")
    as_coordinator_a.post(url, {"name": "Äldreomsorg", "parent": str(parent.public_id)})
    assert Unit.objects.get(name="Äldreomsorg").parent == parent
    duplicate = as_coordinator_a.post(url, {"name": "socialförvaltningen"})
    assert duplicate.status_code == 200
    assert Unit.objects.filter(organisation=org_a).count() == 2


@pytest.mark.django_db
def test_invitations_are_emailed_and_accepted_by_the_invited_person(
    as_coordinator_a: Client, org_a: Organisation, learner_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    url = f"/organisationer/{org_a.slug}/inbjudningar/"
    with django_capture_on_commit_callbacks(execute=True):
        response = as_coordinator_a.post(
            url, {"invite-emails": "ny@sater.se, lina@sater.se", "invite-role": "learner", "invite-unit": ""}
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["ny@sater.se"]]  # lina is already a member
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/inbjudan/" in line).strip()
    path = link[link.index("/inbjudan/") :]

    stranger = client_for(UserFactory(email="someone@else.se"))
    stranger.post(path)
    assert not Membership.objects.filter(user__email="someone@else.se").exists()

    invited = client_for(UserFactory(email="ny@sater.se"))
    assert invited.post(path).status_code == 302
    assert Membership.objects.get(user__email="ny@sater.se").organisation == org_a
    # A used invitation cannot be used again.
    assert invited.get(path).status_code == 404
    assert Invitation.objects.get().accepted_at is not None


@pytest.mark.django_db
def test_one_invalid_address_sends_no_invitations(as_coordinator_a: Client, org_a: Organisation) -> None:
    url = f"/organisationer/{org_a.slug}/inbjudningar/"
    response = as_coordinator_a.post(url, {"invite-emails": "ok@sater.se not-an-address", "invite-role": "learner"})
    assert response.status_code == 200
    assert "not-an-address" in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_forged_invite_link_is_refused(client: Client, learner_a: User) -> None:
    assert client.get("/ga-med/forged-token/").status_code == 404
    assert client_for(learner_a).post("/ga-med/forged-token/").status_code == 404


@pytest.mark.django_db
def test_a_shareable_link_lets_people_join_until_it_is_turned_off(
    as_coordinator_a: Client, org_a: Organisation
) -> None:
    base = f"/organisationer/{org_a.slug}/inbjudningar/"
    as_coordinator_a.post(base + "lank/", {"link-days": "30", "link-unit": ""})
    page = as_coordinator_a.get(base).content.decode()
    start = page.index("/ga-med/")
    path = page[start : page.index("<", start)]
    newcomer = client_for(UserFactory(email="new@sater.se"))
    assert newcomer.post(path).status_code == 302
    assert Membership.objects.get(user__email="new@sater.se").status == MembershipStatus.ACTIVE
    link = org_a.invite_links.get()
    assert as_coordinator_a.post(base + f"lank/{link.public_id}/stang/").status_code == 302
    late = client_for(UserFactory(email="late@sater.se"))
    assert late.post(path).status_code == 404


@pytest.mark.django_db
def test_an_existing_person_joins_by_email_domain_and_waits_for_approval(
    as_coordinator_a: Client, org_a: Organisation
) -> None:
    person = UserFactory(email="later@sater.se")
    EmailDomain.objects.create(organisation=org_a, domain="sater.se", requires_approval=True)
    own = client_for(person)
    assert "Säters kommun" in own.get("/min-sida/organisationer/").content.decode()
    own.post("/min-sida/organisationer/")
    membership = Membership.objects.get(user=person)
    assert membership.status == MembershipStatus.PENDING
    as_coordinator_a.post(f"/organisationer/{org_a.slug}/medlemmar/{membership.public_id}/godkann/")
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
