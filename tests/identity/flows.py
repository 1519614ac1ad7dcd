"""Helpers for driving a sign-in through the test OpenID provider with Django's test client."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.test import Client
from django.urls import reverse

from jamlik.identity import actions
from jamlik.identity.models import IdentityProvider
from jamlik.lib.site import absolute
from jamlik.people.models import EmailDomain, Organisation
from tests.identity.oidc_op import OpenIDProvider


def connect(
    op: OpenIDProvider,
    organisation: Organisation,
    domains: list[str],
    *,
    slug: str = "sater-op",
    mapping: dict[str, Any] | None = None,
    allow_email_code: bool = True,
    enable: bool = True,
) -> IdentityProvider:
    """Register the test provider for ``organisation`` as a coordinator would, and turn it on."""
    rows = [EmailDomain.objects.get_or_create(organisation=organisation, domain=domain)[0] for domain in domains]
    provider = actions.save_oidc_provider(
        None,
        organisation,
        slug=slug,
        name=f"{organisation.name} (test provider)",
        issuer=op.issuer,
        client_id=op.client_id,
        client_secret=op.client_secret,
        domains=rows,
        claim_mapping=mapping or {},
        allow_email_code=allow_email_code,
    )
    op.allow_redirects_to(callback_url(provider))
    if enable:
        provider = actions.set_provider_enabled(None, provider, enabled=True)
    return provider


def callback_url(provider: IdentityProvider) -> str:
    return absolute(reverse("openid_connect_callback", kwargs={"provider_id": provider.slug}))


def start(client: Client, provider: IdentityProvider, next_url: str = "") -> str:
    """Press 'Sign in through your organisation': the provider's authorization URL."""
    data = {"process": "login"}
    if next_url:
        data["next"] = next_url
    response = client.post(reverse("openid_connect_login", kwargs={"provider_id": provider.slug}), data)
    assert response.status_code == 302, response.content[:500]
    return str(response["Location"])


def finish(client: Client, callback: str) -> Any:
    """Jämlik's callback, reached from the provider."""
    parts = urlsplit(callback)
    return client.get(f"{parts.path}?{parts.query}")


def sign_in(client: Client, op: OpenIDProvider, provider: IdentityProvider, username: str) -> Any:
    return finish(client, op.sign_in(start(client, provider), username))
