"""Which account a sign-in through an organisation's provider reaches, and which it never may:
existing accounts, unverified addresses, other organisations' people. A real OpenID provider."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.test import Client

from jamlik.identity import actions
from jamlik.people.actions import provision_person
from jamlik.people.models import EmailDomain, Membership, MembershipSource, Organisation, Unit, User
from tests.identity.flows import connect, sign_in
from tests.identity.oidc_op import OpenIDProvider

pytestmark = pytest.mark.django_db


def signed_in_as(client: Client) -> str | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id).email if user_id else None


def test_an_account_with_a_verified_address_is_joined_to_the_identity(
    op: OpenIDProvider, org_a: Organisation, learner_a: User
) -> None:
    provider = connect(op, org_a, ["sater.se"])
    op.add_user("lina", "lina@sater.se")
    client = Client()
    sign_in(client, op, provider, "lina")
    assert signed_in_as(client) == "lina@sater.se"
    assert SocialAccount.objects.get(provider=provider.slug).user == learner_a
    # The membership a coordinator made keeps its source: sign-ins manage only their own.
    assert Membership.objects.get(user=learner_a).source == MembershipSource.MANUAL


def test_an_unverified_address_at_the_provider_never_takes_over_an_account(
    op: OpenIDProvider, org_a: Organisation, learner_a: User
) -> None:
    learner_a.set_password("a long and private password")
    learner_a.save()
    provider = connect(op, org_a, ["sater.se"])
    op.add_user("mallory", "lina@sater.se", verified=False)
    client = Client()
    response = sign_in(client, op, provider, "mallory")
    assert response.status_code == 403
    assert "bekräftade inte att lina@sater.se är din adress" in response.content.decode()
    assert signed_in_as(client) is None
    assert not SocialAccount.objects.exists()
    learner_a.refresh_from_db()
    assert learner_a.check_password("a long and private password")


def test_an_account_whose_own_address_was_never_proven_is_not_joined(op: OpenIDProvider, org_a: Organisation) -> None:
    """Someone typed this address and set a password: the provider's word alone does not hand them the account."""
    squatter = User.objects.create_user("ada@sater.se", password="squatters password 123")
    EmailAddress.objects.create(user=squatter, email="ada@sater.se", verified=False, primary=True)
    provider = connect(op, org_a, ["sater.se"])
    op.add_user("ada", "ada@sater.se")
    client = Client()
    response = sign_in(client, op, provider, "ada")
    assert response.status_code == 403
    assert signed_in_as(client) is None and not SocialAccount.objects.exists()
    assert User.objects.filter(email="ada@sater.se").count() == 1


def test_a_person_on_the_staff_list_who_never_signed_in_finds_their_account(
    op: OpenIDProvider, org_a: Organisation
) -> None:
    person, _created = provision_person(None, org_a, email="ada@sater.se", name="Ada Lund")
    provider = connect(op, org_a, ["sater.se"])
    op.add_user("ada", "ada@sater.se")
    client = Client()
    sign_in(client, op, provider, "ada")
    assert signed_in_as(client) == "ada@sater.se"
    assert SocialAccount.objects.get().user == person
    assert EmailAddress.objects.get(user=person).verified


def test_one_account_holds_the_identities_of_two_providers(op: OpenIDProvider, org_a: Organisation) -> None:
    old = connect(op, org_a, ["sater.se"], slug="sater-old")
    op.add_user("ada", "ada@sater.se")
    sign_in(Client(), op, old, "ada")
    # The organisation moves to a new provider for the same domain.
    actions.set_provider_enabled(None, old, enabled=False)
    actions.save_oidc_provider(
        None,
        org_a,
        provider=old,
        slug=old.slug,
        name=old.name,
        issuer=old.oidc_issuer,
        client_id=old.oidc_client_id,
        domains=[],
        claim_mapping={},
    )
    new = connect(op, org_a, ["sater.se"], slug="sater-new")
    client = Client()
    sign_in(client, op, new, "ada")
    assert signed_in_as(client) == "ada@sater.se"
    person = User.objects.get(email="ada@sater.se")
    assert sorted(SocialAccount.objects.filter(user=person).values_list("provider", flat=True)) == [
        "sater-new",
        "sater-old",
    ]


def test_a_provider_cannot_sign_in_or_change_a_person_of_another_organisation(
    op: OpenIDProvider, org_a: Organisation, org_b: Organisation, coordinator_b: User
) -> None:
    EmailDomain.objects.create(organisation=org_b, domain="gagnef.se")
    provider = connect(op, org_a, ["sater.se"])
    op.add_user("erik", "erik@gagnef.se", groups=["jamlik-coordinators"])
    client = Client()
    response = sign_in(client, op, provider, "erik")
    assert response.status_code == 403
    assert "hör till Gagnefs kommun" in response.content.decode()
    assert signed_in_as(client) is None and not SocialAccount.objects.exists()
    assert list(Membership.objects.filter(user=coordinator_b).values_list("organisation", flat=True)) == [org_b.pk]
    assert not Membership.objects.filter(organisation=org_a).exists()


def test_an_address_at_no_domain_of_the_provider_is_refused(op: OpenIDProvider, org_a: Organisation) -> None:
    provider = connect(op, org_a, ["sater.se"])
    op.add_user("ada", "ada@gmail.com")
    client = Client()
    response = sign_in(client, op, provider, "ada")
    assert response.status_code == 403 and "sater.se" in response.content.decode()
    assert not User.objects.filter(email="ada@gmail.com").exists()


def test_a_unit_claim_naming_another_organisations_unit_is_ignored(
    op: OpenIDProvider, org_a: Organisation, org_b: Organisation
) -> None:
    Unit.objects.create(organisation=org_b, name="Gagnefs skola")
    provider = connect(op, org_a, ["sater.se"], mapping={"unit": "department"})
    op.add_user("ada", "ada@sater.se", department="Gagnefs skola")
    sign_in(Client(), op, provider, "ada")
    membership = Membership.objects.get(user__email="ada@sater.se")
    assert membership.organisation == org_a and membership.unit is None
    assert not Unit.objects.filter(organisation=org_a).exists()
