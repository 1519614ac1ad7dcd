"""Every path from an invitation ends signed in and a member, whatever account the person has.

Each test follows the emails through the HTTP client: the invitation's link, the sign-in page,
the code from the mailbox, and where the person lands.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from jamlik.people import actions
from jamlik.people.models import (
    EmailDomain,
    Invitation,
    Membership,
    MembershipRole,
    MembershipStatus,
    Organisation,
    User,
)
from tests.conftest import client_for

CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.MULTILINE)


def invite(coordinator: User, organisation: Organisation, email: str, hooks: Any) -> str:
    """The path of the personal invitation, read from the email the coordinator's action sent."""
    with hooks(execute=True):
        actions.invite_by_email(coordinator, organisation, emails=[email], role=MembershipRole.LEARNER)
    body = str(mail.outbox[-1].body)
    link = next(line for line in body.splitlines() if "/inbjudan/" in line).strip()
    return link[link.index("/inbjudan/") :]


def invite_link(coordinator: User, organisation: Organisation) -> str:
    _link, token = actions.create_invite_link(coordinator, organisation)
    return f"/ga-med/{token}/"


def sign_in_with_code(client: Client, email: str, hooks: Any) -> Any:
    """The sign-in page's one step: the address, then the code from the mailbox. Returns the final response."""
    page = client.get("/konto/login/")
    assert page.status_code == 200
    with hooks(execute=True):
        response = client.post("/konto/login/code/", {"email": email})
    assert response.status_code == 302, response.content.decode()[:500]
    assert mail.outbox[-1].to == [email]
    match = CODE.search(str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    return client.post("/konto/login/code/confirm/", {"code": match.group(1)}, follow=True)


def assert_signed_in_member(client: Client, response: Any, email: str, organisation: Organisation) -> None:
    assert response.redirect_chain[-1][0] == "/min-sida/organisationer/"
    assert f"Välkommen till {organisation.name}" in response.content.decode()
    assert client.get("/min-sida/").status_code == 200
    membership = Membership.objects.open().get(user__email=email, organisation=organisation)
    assert membership.status == MembershipStatus.ACTIVE


@pytest.mark.django_db
def test_a_new_address_follows_the_invitation_and_the_code_creates_the_account_and_the_membership(
    client: Client, coordinator_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    path = invite(coordinator_a, org_a, "ny@sater.se", django_capture_on_commit_callbacks)
    page = client.get(path).content.decode()
    assert "Logga in och gå med" in page
    assert client.post(path)["Location"] == "/konto/login/"
    # The sign-in page already holds the invited address.
    assert 'value="ny@sater.se"' in client.get("/konto/login/").content.decode()
    response = sign_in_with_code(client, "ny@sater.se", django_capture_on_commit_callbacks)
    assert_signed_in_member(client, response, "ny@sater.se", org_a)
    assert not User.objects.get(email="ny@sater.se").has_usable_password()
    assert Invitation.objects.get().accepted_at is not None


@pytest.mark.django_db
def test_an_existing_account_signed_out_follows_the_invitation_and_signs_in_with_a_code(
    client: Client,
    coordinator_a: User,
    coordinator_b: User,
    org_a: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    path = invite(coordinator_a, org_a, coordinator_b.email, django_capture_on_commit_callbacks)
    client.post(path)
    response = sign_in_with_code(client, coordinator_b.email, django_capture_on_commit_callbacks)
    assert_signed_in_member(client, response, coordinator_b.email, org_a)


@pytest.mark.django_db
def test_an_existing_account_signed_out_follows_the_invitation_and_signs_in_with_a_password(
    client: Client,
    coordinator_a: User,
    coordinator_b: User,
    org_a: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    coordinator_b.set_password("en lång och bra lösenfras")
    coordinator_b.save()
    path = invite(coordinator_a, org_a, coordinator_b.email, django_capture_on_commit_callbacks)
    client.post(path)
    response = client.post(
        "/konto/login/", {"login": coordinator_b.email, "password": "en lång och bra lösenfras"}, follow=True
    )
    assert_signed_in_member(client, response, coordinator_b.email, org_a)


@pytest.mark.django_db
def test_signed_in_as_someone_else_the_page_offers_to_switch_and_the_switch_ends_in_the_membership(
    coordinator_a: User,
    coordinator_b: User,
    learner_a: User,
    org_a: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    path = invite(coordinator_a, org_a, coordinator_b.email, django_capture_on_commit_callbacks)
    client = client_for(learner_a)
    page = client.get(path).content.decode()
    assert f"inloggad som {learner_a.email}" in page
    assert not Membership.objects.filter(user=coordinator_b, organisation=org_a).exists()
    response = client.post(path + "byt-konto/")
    assert response["Location"] == "/konto/login/"
    assert client.get("/min-sida/").status_code == 302  # signed out
    response = sign_in_with_code(client, coordinator_b.email, django_capture_on_commit_callbacks)
    assert_signed_in_member(client, response, coordinator_b.email, org_a)


@pytest.mark.django_db
def test_signing_in_with_another_address_than_the_invitations_keeps_the_invitation_and_explains(
    client: Client, coordinator_a: User, learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    OrganisationB = Organisation.objects.create(name="Borlänge kommun", slug="borlange")
    actions.add_member(None, OrganisationB, coordinator_a, role=MembershipRole.COORDINATOR)
    path = invite(coordinator_a, OrganisationB, "annan@sater.se", django_capture_on_commit_callbacks)
    client.post(path)
    response = sign_in_with_code(client, learner_a.email, django_capture_on_commit_callbacks)
    assert response.redirect_chain[-1][0] == path
    assert "annan@sater.se" in response.content.decode()
    assert not Membership.objects.filter(user=learner_a, organisation=OrganisationB).exists()
    assert Invitation.objects.get().accepted_at is None


@pytest.mark.django_db
def test_the_invited_person_already_signed_in_joins_with_one_click(
    coordinator_a: User, coordinator_b: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    path = invite(coordinator_a, org_a, coordinator_b.email, django_capture_on_commit_callbacks)
    client = client_for(coordinator_b)
    assert client.get(path).status_code == 200
    response = client.post(path, follow=True)
    assert_signed_in_member(client, response, coordinator_b.email, org_a)


@pytest.mark.django_db
def test_an_invite_link_with_a_new_address_ends_in_the_membership(
    client: Client, coordinator_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    path = invite_link(coordinator_a, org_a)
    assert "Logga in och gå med" in client.get(path).content.decode()
    client.post(path)
    response = sign_in_with_code(client, "helt.ny@example.org", django_capture_on_commit_callbacks)
    assert_signed_in_member(client, response, "helt.ny@example.org", org_a)


@pytest.mark.django_db
def test_an_invite_link_with_an_existing_account_signed_out_ends_in_the_membership(
    client: Client,
    coordinator_a: User,
    coordinator_b: User,
    org_a: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.post(invite_link(coordinator_a, org_a))
    response = sign_in_with_code(client, coordinator_b.email, django_capture_on_commit_callbacks)
    assert_signed_in_member(client, response, coordinator_b.email, org_a)


@pytest.mark.django_db
def test_an_invite_link_signed_in_as_anyone_joins_with_one_click(
    coordinator_a: User, coordinator_b: User, org_a: Organisation
) -> None:
    path = invite_link(coordinator_a, org_a)
    client = client_for(coordinator_b)
    response = client.post(path, follow=True)
    assert_signed_in_member(client, response, coordinator_b.email, org_a)


@pytest.mark.django_db
def test_an_invitation_approves_a_membership_waiting_since_joining_by_domain(
    client: Client, coordinator_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    EmailDomain.objects.create(organisation=org_a, domain="sater.se", requires_approval=True)
    path = invite(coordinator_a, org_a, "ny@sater.se", django_capture_on_commit_callbacks)
    client.post(path)
    response = sign_in_with_code(client, "ny@sater.se", django_capture_on_commit_callbacks)
    assert_signed_in_member(client, response, "ny@sater.se", org_a)
    assert Membership.objects.filter(user__email="ny@sater.se").count() == 1


@pytest.mark.django_db
def test_a_member_following_an_old_link_is_told_they_are_already_a_member(
    coordinator_a: User, learner_a: User, org_a: Organisation
) -> None:
    client = client_for(learner_a)
    response = client.get(invite_link(coordinator_a, org_a), follow=True)
    assert response.redirect_chain[-1][0] == "/min-sida/organisationer/"
    assert "redan medlem" in response.content.decode()


@pytest.mark.django_db
def test_merely_opening_an_invite_link_makes_nobody_join_at_a_later_sign_in(
    client: Client,
    coordinator_a: User,
    coordinator_b: User,
    org_a: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # Opened, or loaded by another site's page: without the person's click nothing is kept.
    client.get(invite_link(coordinator_a, org_a))
    sign_in_with_code(client, coordinator_b.email, django_capture_on_commit_callbacks)
    assert client.get("/min-sida/").status_code == 200
    assert not Membership.objects.filter(user=coordinator_b, organisation=org_a).exists()
