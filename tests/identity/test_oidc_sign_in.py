"""Signing in through an organisation's OpenID provider: a real provider (django-oidc-provider) on
a port of its own, Jämlik driven through the Django test client."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import Client

from jamlik.people.models import Membership, MembershipRole, MembershipSource, Organisation, Unit, User
from tests.identity.flows import connect, finish, sign_in, start
from tests.identity.oidc_op import OpenIDProvider

pytestmark = pytest.mark.django_db

MAPPING = {"unit": "department", "role": "groups", "coordinator_values": ["jamlik-coordinators"]}


def signed_in_as(client: Client) -> str | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id).email if user_id else None


def test_the_first_sign_in_creates_the_person_and_their_membership_with_unit_and_role(
    client: Client, op: OpenIDProvider, org_a: Organisation
) -> None:
    unit = Unit.objects.create(organisation=org_a, name="Socialförvaltningen")
    provider = connect(op, org_a, ["sater.se"], mapping=MAPPING)
    op.add_user(
        "ada", "Ada@sater.se", name="Ada Lund", department="Socialförvaltningen", groups=["jamlik-coordinators"]
    )

    authorize = start(client, provider)
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["nonce"][0] and query["state"][0]
    response = finish(client, op.sign_in(authorize, "ada"))

    assert response.status_code == 302
    assert signed_in_as(client) == "ada@sater.se"
    person = User.objects.get(email="ada@sater.se")
    assert person.name == "Ada Lund" and not person.has_usable_password()
    membership = Membership.objects.get(user=person)
    assert (membership.organisation, membership.unit, membership.role, membership.source) == (
        org_a,
        unit,
        MembershipRole.COORDINATOR,
        MembershipSource.SSO,
    )
    assert SocialAccount.objects.get(user=person).provider == provider.slug


def test_a_person_whose_claims_no_longer_qualify_loses_the_membership_at_the_next_sign_in(
    op: OpenIDProvider, org_a: Organisation
) -> None:
    provider = connect(
        op, org_a, ["sater.se"], mapping={**MAPPING, "required_claim": "groups", "required_values": ["staff"]}
    )
    op.add_user("ada", "ada@sater.se", groups=["staff"])
    sign_in(Client(), op, provider, "ada")
    membership = Membership.objects.get(user__email="ada@sater.se")
    assert membership.valid_to is None

    op.add_user("ada", "ada@sater.se", groups=["former-staff"])
    client = Client()
    response = sign_in(client, op, provider, "ada")
    assert response.status_code == 403
    assert "har inte gett dig tillgång till Jämlik" in response.content.decode()
    assert signed_in_as(client) is None
    membership.refresh_from_db()
    assert membership.valid_to is not None  # ended, never deleted


def test_a_changed_nonce_in_the_id_token_is_refused(client: Client, op: OpenIDProvider, org_a: Organisation) -> None:
    provider = connect(op, org_a, ["sater.se"])
    op.add_user("ada", "ada@sater.se")
    op.tamper(nonce="not-the-nonce-we-sent")
    response = sign_in(client, op, provider, "ada")
    assert response.status_code == 400
    assert signed_in_as(client) is None and not User.objects.filter(email="ada@sater.se").exists()


def test_a_callback_with_another_state_is_refused(client: Client, op: OpenIDProvider, org_a: Organisation) -> None:
    provider = connect(op, org_a, ["sater.se"])
    op.add_user("ada", "ada@sater.se")
    callback = op.sign_in(start(client, provider), "ada")
    forged = callback.replace("state=", "state=x")
    response = finish(client, forged)
    assert response.status_code == 400
    assert signed_in_as(client) is None and not User.objects.filter(email="ada@sater.se").exists()


def test_a_callback_in_another_browser_session_is_refused(op: OpenIDProvider, org_a: Organisation) -> None:
    """Login CSRF: a code obtained for one session cannot be planted in another's browser."""
    provider = connect(op, org_a, ["sater.se"])
    op.add_user("ada", "ada@sater.se")
    callback = op.sign_in(start(Client(), provider), "ada")
    victim = Client()
    response = finish(victim, callback)
    assert response.status_code == 400 and signed_in_as(victim) is None


@pytest.mark.parametrize("claims", [{"aud": "another-client"}, {"iss": "http://127.0.0.1:1/openid"}])
def test_an_id_token_for_another_audience_or_from_another_issuer_is_refused(
    client: Client, op: OpenIDProvider, org_a: Organisation, claims: dict[str, str]
) -> None:
    provider = connect(op, org_a, ["sater.se"])
    op.add_user("ada", "ada@sater.se")
    op.tamper(**claims)
    response = sign_in(client, op, provider, "ada")
    assert response.status_code == 400
    assert signed_in_as(client) is None and not User.objects.filter(email="ada@sater.se").exists()


def test_the_provider_rotates_its_signing_key_and_sign_in_goes_on(op: OpenIDProvider, org_a: Organisation) -> None:
    provider = connect(op, org_a, ["sater.se"])
    op.add_user("ada", "ada@sater.se")
    first = Client()
    sign_in(first, op, provider, "ada")
    assert signed_in_as(first) == "ada@sater.se"

    before = op.control()["kids"]
    after = op.rotate_key()
    assert set(before).isdisjoint(after)
    second = Client()
    sign_in(second, op, provider, "ada")
    assert signed_in_as(second) == "ada@sater.se"
    assert SocialAccount.objects.filter(provider=provider.slug).count() == 1


def test_an_id_token_signed_with_another_key_is_refused_even_from_the_token_endpoint(
    client: Client, op: OpenIDProvider, org_a: Organisation
) -> None:
    """allauth alone skips the signature of a token fetched from the token endpoint; we check it."""
    provider = connect(op, org_a, ["sater.se"])
    op.add_user("ada", "ada@sater.se")
    op.forge()
    response = sign_in(client, op, provider, "ada")
    assert response.status_code == 400
    assert signed_in_as(client) is None and not User.objects.filter(email="ada@sater.se").exists()
