"""SAML sign-in end to end through the Django client against a real pysaml2 IdP (tests/identity/saml_idp.py).

Each refusal test checks the reason we give (``data-refusal``), so an answer refused for some
other reason than the one under test fails the test.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
import time_machine
from allauth.socialaccount.models import SocialAccount
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.utils import timezone
from saml2.saml import NAMEID_FORMAT_TRANSIENT

from jamlik.identity.models import IdentityProvider
from jamlik.identity.saml.models import SamlAssertionUse
from jamlik.identity.saml.views import MESSAGES
from jamlik.people.models import EmailDomain, Membership, MembershipRole, MembershipSource, Organisation, User
from tests.factories import UnitFactory
from tests.identity.saml_idp import AuthnRequest, TestIdP, form
from tests.identity.saml_kit import MakeSaml, saml_connector

ATTRS = {"mail": ["anna@sater.se"], "givenName": ["Anna"], "sn": ["Andersson"], "displayName": ["Anna Andersson"]}
SP = "http://testserver/konto/saml/sater/metadata/"
ACS = "http://testserver/konto/saml/sater/acs/"


def start(client: Client, idp: TestIdP, slug: str = "sater") -> AuthnRequest:
    response = client.post(f"/konto/saml/{slug}/login/")
    assert response.status_code == 302, response.content
    return idp.read_request(response["Location"])


def deliver(client: Client, xml: str, slug: str = "sater", relay_state: str = "") -> object:
    """Post the answer to the ACS as the browser does, and follow our one redirect to acs/finish/."""
    posted = client.post(f"/konto/saml/{slug}/acs/", form(xml, relay_state))
    assert posted.status_code == 302
    return client.get(posted["Location"])


def refusal(response: object) -> str:
    """Which of our refusals the page gives (the client asks for English, so the messages are msgids)."""
    assert response.status_code == 403, (response.status_code, response.get("Location"))  # type: ignore[attr-defined]
    page = html.unescape(response.content.decode())  # type: ignore[attr-defined]
    found = [kind for kind, message in MESSAGES.items() if str(message) in page]
    assert len(found) == 1, page
    return found[0]


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def answer(idp: TestIdP, request: AuthnRequest, **changes: object) -> str:
    values: dict[str, object] = {
        "in_response_to": request.id,
        "acs_url": request.acs_url,
        "audience": SP,
        "subject": "anna-123",
        "attributes": ATTRS,
    }
    values.update(changes)
    return idp.response(**values)  # type: ignore[arg-type]


@pytest.fixture
def make_saml(tmp_path: Path) -> MakeSaml:
    return saml_connector(tmp_path)


@pytest.fixture
def client() -> Client:
    """A visitor whose browser asks for English (the refusals are then their msgids)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def sater(org_a: Organisation, make_saml: MakeSaml) -> tuple[IdentityProvider, TestIdP]:
    return make_saml(org_a, "sater", ["sater.se"])


def test_the_redirect_carries_an_authn_request_for_our_acs_on_site_url(
    client: Client, sater: tuple[IdentityProvider, TestIdP], settings: object
) -> None:
    _row, idp = sater
    # The request came in through another allowed host; the ACS in the AuthnRequest is still SITE_URL's.
    response = Client(HTTP_HOST="127.0.0.1").post("/konto/saml/sater/login/")
    request = idp.read_request(response["Location"])
    assert request.acs_url == ACS
    assert request.id


def test_a_signed_answer_signs_the_person_in(client: Client, sater: tuple[IdentityProvider, TestIdP]) -> None:
    row, idp = sater
    request = start(client, idp)
    finished = deliver(client, answer(idp, request))
    assert finished.status_code == 302  # type: ignore[attr-defined]
    account = SocialAccount.objects.get(provider="sater", uid="anna-123")
    assert account.user.email == "anna@sater.se"
    assert account.extra_data["email"] == ["anna@sater.se"]  # the urn:oid mail attribute, read as "email"
    assert account.extra_data["urn:oid:2.5.4.42"] == ["Anna"]
    assert SamlAssertionUse.objects.filter(provider=row).count() == 1


def test_a_tampered_answer_is_refused(client: Client, sater: tuple[IdentityProvider, TestIdP]) -> None:
    _row, idp = sater
    request = start(client, idp)
    xml = answer(idp, request)
    assert "anna@sater.se" in xml
    tampered = xml.replace("anna@sater.se", "boss@sater.se")
    assert refusal(deliver(client, tampered)) == "signature"
    assert not signed_in(client)
    assert not User.objects.filter(email__in=["anna@sater.se", "boss@sater.se"]).exists()


def test_an_unsigned_answer_is_refused(client: Client, sater: tuple[IdentityProvider, TestIdP]) -> None:
    _row, idp = sater
    request = start(client, idp)
    assert refusal(deliver(client, answer(idp, request, sign_assertion=False))) == "signature"
    assert not signed_in(client)


def test_a_signed_envelope_around_an_unsigned_assertion_is_refused(
    client: Client, sater: tuple[IdentityProvider, TestIdP]
) -> None:
    _row, idp = sater
    request = start(client, idp)
    xml = answer(idp, request, sign_assertion=False, sign_response=True)
    assert refusal(deliver(client, xml)) == "signature"
    assert not signed_in(client)


def test_an_answer_signed_by_another_key_is_refused(
    client: Client, org_a: Organisation, org_b: Organisation, make_saml: MakeSaml
) -> None:
    _row, idp = make_saml(org_a, "sater", ["sater.se"])
    _other_row, impostor = make_saml(org_b, "gagnef", ["gagnef.se"])  # a real IdP, but not Säter's
    request = start(client, idp)
    xml = answer(impostor, request)
    assert refusal(deliver(client, xml)) == "signature"
    assert not signed_in(client)


def test_an_expired_answer_is_refused(client: Client, sater: tuple[IdentityProvider, TestIdP]) -> None:
    _row, idp = sater
    request = start(client, idp)
    xml = answer(idp, request)  # valid for 5 minutes, plus 300 seconds of allowed clock skew
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=11)):
        assert refusal(deliver(client, xml)) == "expired"
    assert not signed_in(client)


def test_an_answer_within_the_allowed_clock_skew_is_accepted(
    client: Client, sater: tuple[IdentityProvider, TestIdP]
) -> None:
    _row, idp = sater
    request = start(client, idp)
    xml = answer(idp, request)
    # Our clock runs 2 minutes behind the IdP's: NotBefore lies ahead of us, within the skew.
    with time_machine.travel(timezone.now() - timezone.timedelta(minutes=2)):
        finished = deliver(client, xml)
    assert finished.status_code == 302  # type: ignore[attr-defined]
    assert SocialAccount.objects.filter(provider="sater", uid="anna-123").exists()


def test_an_answer_for_another_service_is_refused(client: Client, sater: tuple[IdentityProvider, TestIdP]) -> None:
    _row, idp = sater
    request = start(client, idp)
    xml = answer(idp, request, audience="https://other.example/sp")
    assert "https://other.example/sp" in xml
    assert refusal(deliver(client, xml)) == "elsewhere"
    assert not signed_in(client)


def test_an_answer_sent_to_another_address_is_refused(client: Client, sater: tuple[IdentityProvider, TestIdP]) -> None:
    _row, idp = sater
    request = start(client, idp)
    xml = answer(idp, request, acs_url="https://other.example/acs")
    assert refusal(deliver(client, xml)) == "elsewhere"
    assert not signed_in(client)


def test_a_recipient_that_merely_contains_our_acs_is_refused(
    client: Client, sater: tuple[IdentityProvider, TestIdP]
) -> None:
    """The envelope's Destination is unsigned; the signed Recipient must be our ACS exactly, not contain it."""
    _row, idp = sater
    request = start(client, idp)
    lookalike = f"https://evil.example/?next={ACS}"
    xml = answer(idp, request, acs_url=lookalike)
    xml = xml.replace(f'Destination="{lookalike}"', f'Destination="{ACS}"', 1)
    assert f'Recipient="{lookalike}"' in xml
    assert refusal(deliver(client, xml)) == "elsewhere"
    assert not signed_in(client)


def test_an_answer_to_a_request_we_never_made_is_refused(
    client: Client, sater: tuple[IdentityProvider, TestIdP]
) -> None:
    _row, idp = sater
    request = start(client, idp)
    xml = answer(idp, request, in_response_to="_someone_elses_request")
    assert refusal(deliver(client, xml)) == "unsolicited"
    assert not signed_in(client)


def test_an_unsolicited_idp_initiated_answer_is_refused(
    client: Client, sater: tuple[IdentityProvider, TestIdP]
) -> None:
    _row, idp = sater
    xml = idp.response(in_response_to=None, acs_url=ACS, audience=SP, subject="anna-123", attributes=ATTRS)
    assert "InResponseTo" not in xml
    assert refusal(deliver(client, xml)) == "unsolicited"
    assert not signed_in(client)


def test_an_answer_used_twice_is_refused(client: Client, sater: tuple[IdentityProvider, TestIdP]) -> None:
    """A second request racing with the first one (same session state, same answer) finds it already used."""
    _row, idp = sater
    request = start(client, idp)
    state_before = dict(client.session.items())
    xml = answer(idp, request)
    assert deliver(client, xml).status_code == 302  # type: ignore[attr-defined]
    assert SamlAssertionUse.objects.count() == 1

    racer = Client(HTTP_ACCEPT_LANGUAGE="en")
    copy = SessionStore()
    copy.update(state_before)
    copy.save()
    racer.cookies["sessionid"] = copy.session_key
    assert refusal(deliver(racer, xml)) == "replayed"
    assert not signed_in(racer)
    assert SamlAssertionUse.objects.count() == 1


def test_the_same_answer_again_in_one_session_is_refused(
    client: Client, sater: tuple[IdentityProvider, TestIdP]
) -> None:
    _row, idp = sater
    request = start(client, idp)
    xml = answer(idp, request)
    deliver(client, xml)
    client.logout()
    assert refusal(deliver(client, xml)) in {"unsolicited", "replayed"}
    assert not signed_in(client)


def test_a_transient_name_alone_is_refused(client: Client, sater: tuple[IdentityProvider, TestIdP]) -> None:
    _row, idp = sater
    request = start(client, idp)
    xml = answer(idp, request, name_format=NAMEID_FORMAT_TRANSIENT)
    assert refusal(deliver(client, xml)) == "subject"
    assert not signed_in(client)
    assert not SocialAccount.objects.exists()


# --- What the sign-in does: just-in-time membership, through the shared mapping ---------------

OU = "urn:oid:2.5.4.11"
ENTITLEMENT = "urn:oid:1.3.6.1.4.1.5923.1.1.1.7"


def sign_in(client: Client, idp: TestIdP, attributes: dict[str, list[str]], subject: str = "anna-123") -> object:
    request = start(client, idp)
    return deliver(client, answer(idp, request, attributes=attributes, subject=subject))


def test_the_first_sign_in_makes_a_member_with_the_unit_and_name_from_the_attributes(
    client: Client, org_a: Organisation, make_saml: MakeSaml
) -> None:
    unit = UnitFactory(organisation=org_a, name="Socialtjänsten")
    _row, idp = make_saml(org_a, "sater", ["sater.se"], {"trust_email": True, "unit": OU})
    finished = sign_in(client, idp, {**ATTRS, "ou": ["Socialtjänsten"]})
    assert finished.status_code == 302  # type: ignore[attr-defined]
    assert signed_in(client)
    person = User.objects.get(email="anna@sater.se")
    assert person.name == "Anna Andersson"
    membership = Membership.objects.get(user=person)
    assert (membership.organisation, membership.unit, membership.source) == (org_a, unit, MembershipSource.SSO)
    assert membership.role == MembershipRole.LEARNER


def test_a_unit_of_another_organisation_is_ignored(
    client: Client, org_a: Organisation, org_b: Organisation, make_saml: MakeSaml
) -> None:
    UnitFactory(organisation=org_b, name="Omsorgen")
    _row, idp = make_saml(org_a, "sater", ["sater.se"], {"trust_email": True, "unit": OU})
    sign_in(client, idp, {**ATTRS, "ou": ["Omsorgen"]})
    membership = Membership.objects.get(user__email="anna@sater.se")
    assert membership.organisation == org_a
    assert membership.unit is None
    assert not Membership.objects.filter(organisation=org_b, user__email="anna@sater.se").exists()


def test_an_address_of_another_organisation_is_refused(
    client: Client, org_a: Organisation, org_b: Organisation, coordinator_b: User, make_saml: MakeSaml
) -> None:
    """Säter's IdP can never sign in, create or change a member of Gagnef."""
    EmailDomain.objects.create(organisation=org_b, domain="gagnef.se")
    _row, idp = make_saml(org_a, "sater", ["sater.se"])
    before = list(Membership.objects.filter(organisation=org_b).values_list("pk", "role", "valid_to"))
    response = sign_in(client, idp, {**ATTRS, "mail": [coordinator_b.email]})
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert not signed_in(client)
    assert list(Membership.objects.filter(organisation=org_b).values_list("pk", "role", "valid_to")) == before
    assert not SocialAccount.objects.exists()


def test_an_answer_from_one_organisations_idp_is_refused_at_anothers_address(
    client: Client, org_a: Organisation, org_b: Organisation, make_saml: MakeSaml
) -> None:
    _sater_row, sater_idp = make_saml(org_a, "sater", ["sater.se"])
    _gagnef_row, gagnef_idp = make_saml(org_b, "gagnef", ["gagnef.se"])
    request = start(client, gagnef_idp, "gagnef")
    xml = sater_idp.response(
        in_response_to=request.id,
        acs_url="http://testserver/konto/saml/gagnef/acs/",
        audience="http://testserver/konto/saml/gagnef/metadata/",
        subject="anna-123",
        attributes={**ATTRS, "mail": ["erik@gagnef.se"]},
    )
    assert refusal(deliver(client, xml, "gagnef")) == "signature"
    assert not signed_in(client)
    assert not User.objects.filter(email="erik@gagnef.se").exists()


def test_a_person_who_no_longer_qualifies_loses_the_membership_the_idp_gave(
    client: Client, org_a: Organisation, make_saml: MakeSaml
) -> None:
    mapping = {"trust_email": True, "required_claim": ENTITLEMENT, "required_values": ["urn:x-jamlik:staff"]}
    _row, idp = make_saml(org_a, "sater", ["sater.se"], mapping)
    sign_in(client, idp, {**ATTRS, "eduPersonEntitlement": ["urn:x-jamlik:staff"]})
    membership = Membership.objects.get(user__email="anna@sater.se")
    assert membership.valid_to is None
    client.logout()

    response = sign_in(client, idp, {**ATTRS, "eduPersonEntitlement": ["urn:x-jamlik:former"]})
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert not signed_in(client)
    membership.refresh_from_db()
    assert membership.valid_to is not None  # ended, never deleted
