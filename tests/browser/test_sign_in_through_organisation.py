"""Signing in through the organisation's OpenID provider in a real browser: Jämlik's live server,
the test provider (django-oidc-provider in its own process) and Chromium between them."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import BrowserContext, Page, Route, expect

from jamlik.people.models import Membership, MembershipRole, MembershipSource, Organisation, Unit, User
from tests.identity.flows import connect
from tests.identity.oidc_op import OpenIDProvider

pytestmark = pytest.mark.browser


@pytest.fixture
def through_the_provider(
    context: BrowserContext, request: pytest.FixtureRequest, settings: object, server_url: str, tmp_path: Path
) -> OpenIDProvider:
    """Let the browser reach the provider too, and name the live server as the site (the redirect URI)."""
    settings.SITE_URL = server_url  # type: ignore[attr-defined]
    settings.JAMLIK_IDENTITY_ALLOW_INSECURE_ISSUERS = True  # type: ignore[attr-defined]
    settings.JAMLIK_IDENTITY_KEY_FILE = tmp_path / "identity.key"  # type: ignore[attr-defined]
    idp: OpenIDProvider = request.getfixturevalue("op")

    def to_the_provider(route: Route) -> None:
        route.continue_()

    context.route(f"{idp.base}/**", to_the_provider)  # routes added later are asked first
    return idp


def test_a_person_signs_in_through_their_organisation_and_becomes_a_member_of_their_unit(
    page: Page,
    server_url: str,
    org_a: Organisation,
    through_the_provider: OpenIDProvider,
    use_language: Callable[[str], None],
) -> None:
    idp = through_the_provider
    unit = Unit.objects.create(organisation=org_a, name="Kultur och fritid")
    provider = connect(
        idp, org_a, ["sater.se"], mapping={"unit": "department", "role": "groups", "coordinator_values": ["hr"]}
    )
    idp.add_user("ada", "ada@sater.se", name="Ada Lund", department="Kultur och fritid", groups=["staff"])
    use_language("en")

    page.goto(server_url + "/konto/login/")
    page.get_by_label("Email address", exact=True).fill("ada@sater.se")
    page.get_by_role("button", name="Email me a sign-in code").click()
    expect(page.get_by_role("heading", name="Sign in through your organisation")).to_be_visible()
    page.get_by_role("button", name=f"Sign in through {provider.name}").click()

    page.wait_for_url(re.compile(re.escape(idp.base) + r"/login/"))
    page.get_by_label("Username").fill("ada")
    page.get_by_role("button", name="Sign in at the provider").click()

    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert page.url.startswith(server_url)
    person = User.objects.get(email="ada@sater.se")
    membership = Membership.objects.get(user=person)
    assert (membership.organisation, membership.unit, membership.role, membership.source) == (
        org_a,
        unit,
        MembershipRole.LEARNER,
        MembershipSource.SSO,
    )
    assert SocialAccount.objects.get(user=person).provider == provider.slug


def test_a_person_chooses_their_organisation_and_a_refusal_says_why(
    page: Page,
    server_url: str,
    org_a: Organisation,
    org_b: Organisation,
    through_the_provider: OpenIDProvider,
    use_language: Callable[[str], None],
) -> None:
    from jamlik.people.models import EmailDomain

    idp = through_the_provider
    EmailDomain.objects.create(organisation=org_b, domain="gagnef.se")
    provider = connect(idp, org_a, ["sater.se"])
    idp.add_user("erik", "erik@gagnef.se")
    use_language("en")

    page.goto(server_url + "/konto/login/")
    page.get_by_label("Organisation").select_option(provider.slug)
    page.get_by_role("button", name="Continue to your organisation").click()
    page.get_by_role("button", name=f"Sign in through {provider.name}").click()
    page.get_by_label("Username").fill("erik")
    page.get_by_role("button", name="Sign in at the provider").click()

    expect(page.get_by_role("alert")).to_contain_text("belongs to Gagnefs kommun")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    assert not User.objects.filter(email="erik@gagnef.se").exists()
