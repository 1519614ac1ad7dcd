"""Checks that a provider answers as it should before it is turned on.

For OpenID Connect: the discovery document at ``<issuer>/.well-known/openid-configuration`` is
fetched, must be JSON naming the same issuer (OIDC Discovery 1.0, 4.3) with authorization,
token and JWKS endpoints and the authorization code flow, and the JWKS must hold at least one
signing key. Each failure is a ValidationError that says what to fix; nothing is turned on, and
the emailed code keeps working meanwhile.

For SAML 2.0 the metadata was fetched and checked when the provider was saved
(``jamlik.identity.saml.metadata``); turning it on checks that the stored copy still reads.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jamlik.identity import crypto
from jamlik.identity.models import IdentityProvider, ProviderKind
from jamlik.identity.socialapps import oidc_client_secret

TIMEOUT_SECONDS = 5
WELL_KNOWN = "/.well-known/openid-configuration"


def refuse_unsafe_address(url: str) -> None:
    """Refuse an address the server should not be sent to by a coordinator: not https, or a host on
    this machine or the private network (``JAMLIK_IDENTITY_ALLOW_INSECURE_ISSUERS`` allows both,
    for tests and a provider run on the same machine in development)."""
    if settings.JAMLIK_IDENTITY_ALLOW_INSECURE_ISSUERS:
        return
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise ValidationError(_("%(url)s is not an https address.") % {"url": url})
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise ValidationError(_("The host of %(url)s is not known.") % {"url": url}) from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise ValidationError(_("%(url)s points into a private network, which is not allowed.") % {"url": url})


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + WELL_KNOWN


def _get_json(url: str, what: str) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=TIMEOUT_SECONDS, headers={"Accept": "application/json"})
    except requests.RequestException as exc:
        raise ValidationError(
            _(
                "The %(what)s at %(url)s could not be fetched (%(error)s). Check the address and that the server answers."
            )
            % {"what": what, "url": url, "error": type(exc).__name__}
        ) from exc
    if response.status_code != 200:
        raise ValidationError(
            _("The %(what)s at %(url)s answered with status %(status)s instead of the document.")
            % {"what": what, "url": url, "status": response.status_code}
        )
    try:
        data = response.json()
    except ValueError as exc:
        raise ValidationError(_("The %(what)s at %(url)s is not JSON.") % {"what": what, "url": url}) from exc
    if not isinstance(data, dict):
        raise ValidationError(_("The %(what)s at %(url)s is not a JSON object.") % {"what": what, "url": url})
    return data


def check_oidc(provider: IdentityProvider) -> dict[str, Any]:
    """The provider's discovery document, checked; ValidationError with the reason otherwise."""
    url = discovery_url(provider.oidc_issuer)
    refuse_unsafe_address(url)
    config = _get_json(url, _("discovery document"))
    if config.get("issuer") != provider.oidc_issuer:
        raise ValidationError(
            _(
                "The discovery document names the issuer %(found)s, but the issuer entered is %(entered)s. They must be identical (also the trailing slash)."
            )
            % {"found": config.get("issuer"), "entered": provider.oidc_issuer}
        )
    missing = [key for key in ("authorization_endpoint", "token_endpoint", "jwks_uri") if not config.get(key)]
    if missing:
        raise ValidationError(_("The discovery document lacks %(keys)s.") % {"keys": ", ".join(missing)})
    if "code" not in config.get("response_types_supported", ["code"]):
        raise ValidationError(_("The provider does not offer the authorization code flow."))
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint"):
        if config.get(key):
            refuse_unsafe_address(str(config[key]))
    keys = _get_json(str(config["jwks_uri"]), _("key set (JWKS)"))
    from jamlik.identity.signin import remember_authorization_endpoint

    remember_authorization_endpoint(provider.slug, str(config["authorization_endpoint"]))
    if not isinstance(keys.get("keys"), list) or not keys["keys"]:
        raise ValidationError(_("The provider's key set (JWKS) holds no keys."))
    try:
        oidc_client_secret(provider)
    except crypto.SecretUnavailable as exc:
        raise ValidationError(_("The client secret cannot be read: %(error)s") % {"error": exc}) from exc
    return config


def check_saml(provider: IdentityProvider) -> None:
    """The stored IdP metadata still reads (an IdP descriptor, a redirect address, a signing certificate)."""
    from jamlik.identity.saml.config import unusable_reason

    reason = unusable_reason(provider)
    if reason:
        raise ValidationError(reason)


CHECKS: dict[str, Callable[[IdentityProvider], Any]] = {ProviderKind.OIDC: check_oidc, ProviderKind.SAML: check_saml}


def check_provider(provider: IdentityProvider) -> None:
    if not provider.domains.exists():
        raise ValidationError(_("Choose at least one email domain the provider signs people in for."))
    check = CHECKS.get(provider.kind)
    if check is None:
        raise ValidationError(_("This kind of identity provider cannot be turned on yet."))
    check(provider)
