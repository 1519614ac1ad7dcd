"""allauth apps built from IdentityProvider rows, never stored in allauth's own table.

allauth keeps a provider's client secret in clear text in ``SocialApp``. Our apps are unsaved
``SocialApp`` instances made at each request from an enabled ``IdentityProvider`` (its secret
decrypted only then), so the secret exists in clear only in memory. ``provider_id`` is the
provider's slug, which is also what ``SocialAccount.provider`` records: an identity belongs to
one organisation's provider, and the same ``sub`` at two providers is two identities.

Each kind has a builder; a kind whose builder returns None offers no sign-in (yet).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from allauth.socialaccount.models import SocialApp

from jamlik.identity import crypto
from jamlik.identity.models import IdentityProvider, ProviderKind

logger = logging.getLogger(__name__)

# allauth's provider class id for each kind.
ALLAUTH_PROVIDER = {ProviderKind.OIDC: "openid_connect", ProviderKind.SAML: "saml"}


def oidc_client_secret(provider: IdentityProvider) -> str:
    """The client secret in clear: from the named file if one is given, else decrypted. Raises SecretUnavailable."""
    if provider.oidc_client_secret_file:
        return crypto.read_secret_file(provider.oidc_client_secret_file)
    if provider.oidc_client_secret_encrypted:
        return crypto.decrypt(provider.oidc_client_secret_encrypted)
    return ""  # a public client (PKCE only); the provider decides whether it accepts that


def oidc_app(provider: IdentityProvider) -> SocialApp:
    return SocialApp(
        provider=ALLAUTH_PROVIDER[ProviderKind.OIDC],
        provider_id=provider.slug,
        name=provider.name,
        client_id=provider.oidc_client_id,
        secret=oidc_client_secret(provider),
        settings={
            "server_url": provider.oidc_issuer,
            "oauth_pkce_enabled": True,
            "scope": provider.oidc_scopes.split(),
            "fetch_userinfo": True,
            "claim_mapping": provider.claim_mapping,
        },
    )


def saml_app(provider: IdentityProvider) -> SocialApp | None:
    """SAML 2.0 (allauth's ``saml`` provider, ``jamlik.identity.saml``): client id and provider id are the slug."""
    from jamlik.identity.saml.provider import social_app

    return social_app(provider)


BUILDERS: dict[str, Callable[[IdentityProvider], SocialApp | None]] = {
    ProviderKind.OIDC: oidc_app,
    ProviderKind.SAML: saml_app,
}


def app_for(provider: IdentityProvider) -> SocialApp | None:
    """The allauth app of one provider, or None when it cannot be built (logged: a secret that does not open)."""
    try:
        return BUILDERS[provider.kind](provider)
    except crypto.SecretUnavailable as exc:
        logger.error("Identity provider %s cannot be used: %s", provider.slug, exc)
        return None


def apps_for(providers: Any) -> list[SocialApp]:
    return [app for provider in providers if (app := app_for(provider)) is not None]


def claims_from(provider: IdentityProvider, extra_data: dict[str, Any]) -> dict[str, Any]:
    """The claims or attributes one sign-in brought, as a flat mapping for ``mapping.read_profile``."""
    if provider.kind == ProviderKind.OIDC:
        from jamlik.identity.oidc.provider import claims_of

        return claims_of(extra_data)
    return dict(extra_data)
