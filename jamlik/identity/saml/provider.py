"""allauth's SAML provider, configured from our ``IdentityProvider`` rows instead of settings.

This package is an installed app, so allauth's registry finds :class:`SamlProvider` here (as
``saml``) and mounts this package's ``urls.py`` (allauth builds a provider's URLs from the
package its class lives in). One SocialApp per identity
provider: ``client_id`` and ``provider_id`` are the provider's slug, so each organisation's
identities are kept apart (a SocialAccount is unique per ``provider_id`` and uid).
"""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.saml.provider import SAMLProvider
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.translation import gettext_lazy

from jamlik.identity.models import IdentityProvider, ProviderKind
from jamlik.identity.saml.config import build_auth

# Attributes that name a person for good, best first. A transient NameID changes at every sign-in.
UID_ATTRIBUTES = (
    "urn:oasis:names:tc:SAML:attribute:subject-id",
    "urn:oasis:names:tc:SAML:attribute:pairwise-id",
    "urn:oid:1.3.6.1.4.1.5923.1.1.1.6",  # eduPersonPrincipalName
)
NAMEID_TRANSIENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"

# The claim names jamlik.identity.mapping reads by default, from the attributes that carry them in
# federations (urn:oid names, as Sambi and SWAMID release them), ADFS (claim type URIs) and by
# their LDAP names. A mapping may still name any attribute as it comes.
ALIASES: dict[str, tuple[str, ...]] = {
    "email": (
        "urn:oid:0.9.2342.19200300.100.1.3",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "mail",
        "email",
    ),
    "given_name": (
        "urn:oid:2.5.4.42",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
        "givenName",
    ),
    "family_name": (
        "urn:oid:2.5.4.4",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
        "sn",
    ),
    "name": (
        "urn:oid:2.16.840.1.113730.3.1.241",  # displayName
        "displayName",
    ),
}


TRANSIENT_ONLY = gettext_lazy(
    "The identity provider sent only a temporary name for you. Ask its administrators to release a persistent "
    "NameID or the subject-id attribute."
)


class UnusableSubject(ValueError):
    """The assertion names nobody we can recognise next time (only a transient NameID)."""


def saml_claims(attributes: dict[str, list[str]]) -> dict[str, Any]:
    """The assertion's attributes as claims: every attribute by its own name, and the standard ones by OIDC's."""
    claims: dict[str, Any] = {name: list(values) for name, values in attributes.items()}
    for claim, names in ALIASES.items():
        if claim in attributes:
            continue
        for name in names:
            values = [v for v in attributes.get(name, []) if isinstance(v, str) and v.strip()]
            if values:
                claims[claim] = values
                break
    return claims


def identity_provider_for(app: SocialApp) -> IdentityProvider:
    return IdentityProvider.objects.get(slug=app.client_id, kind=ProviderKind.SAML)


def social_app(idp: IdentityProvider) -> SocialApp:
    """The (unsaved) allauth app for one SAML identity provider."""
    return SocialApp(
        provider=SamlProvider.id,
        provider_id=idp.slug,
        client_id=idp.slug,
        name=idp.name,
    )


class SamlProvider(SAMLProvider):  # type: ignore[misc]
    def redirect(
        self, request: HttpRequest, process: str, next_url: str | None = None, data: Any = None, **kwargs: Any
    ) -> HttpResponseRedirect:
        auth = build_auth(identity_provider_for(self.app))
        location = auth.login(return_to="")
        self.stash_redirect_state(request, process, next_url, data, state_id=auth.get_last_request_id(), **kwargs)
        return HttpResponseRedirect(location)

    def extract_uid(self, data: Any) -> str:
        attributes = data.get_attributes()
        for name in UID_ATTRIBUTES:
            values = attributes.get(name) or []
            if values and values[0].strip():
                return str(values[0].strip())
        nameid = data.get_nameid()
        if not nameid or data.get_nameid_format() == NAMEID_TRANSIENT:
            raise UnusableSubject(str(TRANSIENT_ONLY))
        return str(nameid)

    def extract_extra_data(self, data: Any) -> dict[str, Any]:
        return saml_claims(data.get_attributes())

    def extract_common_fields(self, data: Any) -> dict[str, Any]:
        claims = saml_claims(data.get_attributes())
        fields: dict[str, Any] = {}
        for key, claim in (("email", "email"), ("first_name", "given_name"), ("last_name", "family_name")):
            values = claims.get(claim) or []
            if values:
                fields[key] = values[0]
        return fields


provider_classes = [SamlProvider]
