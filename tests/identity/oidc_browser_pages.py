"""Pages of sign-in through the organisation (OpenID Connect, SAML) that the browser tests check (see tests/browser/pages.py)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import Page

from jamlik.identity import actions
from jamlik.identity.models import IdentityProvider
from jamlik.identity.saml.actions import MetadataSource, save_saml_provider
from jamlik.people.models import EmailDomain
from tests.browser.check import Cast, Check
from tests.identity.saml_idp import TestIdP

UNREACHABLE = "https://127.0.0.1:8219/openid"  # never bound; the sign-in says the provider is away


def a_provider(cast: Cast, *, enabled: bool = False) -> None:
    domain, _ = EmailDomain.objects.get_or_create(organisation=cast.org_a, domain="sater.se")
    provider = actions.save_oidc_provider(
        None,
        cast.org_a,
        slug="sater-entra",
        name="Säters kommun Entra ID",
        issuer=UNREACHABLE,
        client_id="jamlik",
        client_secret="secret",
        domains=[domain],
        claim_mapping={"unit": "department", "role": "groups", "coordinator_values": ["hr"]},
    )
    if enabled:  # as if it had been checked while it answered
        IdentityProvider.objects.filter(pk=provider.pk).update(is_enabled=True)
    cast.extra["provider"] = str(provider.public_id)


def a_saml_provider(cast: Cast) -> None:
    domain, _ = EmailDomain.objects.get_or_create(organisation=cast.org_a, domain="sater.se")
    idp = TestIdP(Path(tempfile.mkdtemp(prefix="jamlik-saml-")), "https://adfs.sater.example/adfs/services/trust", [])
    provider = save_saml_provider(
        None,
        cast.org_a,
        slug="sater-adfs",
        name="Säters kommun ADFS",
        metadata=MetadataSource(xml=idp.metadata()),
        domains=[domain],
        claim_mapping={"trust_email": True, "unit": "urn:oid:2.5.4.11"},
    )
    cast.extra["saml_provider"] = str(provider.public_id)


def an_enabled_provider(cast: Cast) -> None:
    a_provider(cast, enabled=True)


def submit_the_form(page: Page) -> None:
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()


def type_an_address_at_the_domain(page: Page) -> None:
    page.locator("#id_code_email").fill("ada@sater.se")
    page.locator("#id_code_email").press("Enter")
    page.wait_for_load_state()


def start_while_the_provider_is_away(page: Page) -> None:
    type_an_address_at_the_domain(page)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


PAGES: list[Check] = [
    Check(
        "identity-providers",
        lambda cast: f"/organisationer/{cast.org_a.slug}/inloggning/",
        viewer="coordinator_a",
        setup=a_provider,
    ),
    Check(
        "identity-provider-new-errors",
        lambda cast: f"/organisationer/{cast.org_a.slug}/inloggning/oidc/ny/",
        viewer="coordinator_a",
        then=submit_the_form,
    ),
    Check(
        "identity-provider",
        lambda cast: f"/organisationer/{cast.org_a.slug}/inloggning/{cast.extra['provider']}/",
        viewer="coordinator_a",
        setup=a_provider,
    ),
    Check(
        "identity-saml-provider-new",
        lambda cast: f"/organisationer/{cast.org_a.slug}/inloggning/saml/ny/",
        viewer="coordinator_a",
    ),
    Check(
        "identity-saml-provider",
        lambda cast: f"/organisationer/{cast.org_a.slug}/inloggning/{cast.extra['saml_provider']}/",
        viewer="coordinator_a",
        setup=a_saml_provider,
    ),
    Check("sign-in-with-organisations", "/konto/login/", setup=an_enabled_provider),
    Check(
        "sign-in-through-organisation", "/konto/login/", setup=an_enabled_provider, then=type_an_address_at_the_domain
    ),
    Check("sign-in-provider-away", "/konto/login/", setup=an_enabled_provider, then=start_while_the_provider_is_away),
]
