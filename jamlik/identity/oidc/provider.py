from __future__ import annotations

import secrets
from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.http import HttpRequest, HttpResponse

from jamlik.identity.mapping import read_profile
from jamlik.identity.oidc.views import OrganisationOIDCAdapter


def claims_of(data: dict[str, Any]) -> dict[str, Any]:
    """One sign-in's claims: the ID token's, with userinfo's on top (groups often come only in the token)."""
    merged: dict[str, Any] = {}
    for part in ("id_token", "userinfo"):
        value = data.get(part)
        if isinstance(value, dict):
            merged.update(value)
    return merged


class OrganisationOIDCProvider(OpenIDConnectProvider):  # type: ignore[misc]
    """allauth's OpenID Connect provider, one instance per organisation (``provider_id`` is the slug)."""

    id = "openid_connect"
    name = "OpenID Connect"
    oauth2_adapter_class = OrganisationOIDCAdapter
    pkce_enabled_default = True

    def redirect(
        self, request: HttpRequest, process: Any, next_url: Any = None, data: Any = None, **kwargs: Any
    ) -> HttpResponse:
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None)
        auth_params = dict(self.get_auth_params() if auth_params is None else auth_params)
        auth_params["nonce"] = nonce
        response: HttpResponse = super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )
        return response

    def get_pkce_params(self) -> dict[str, Any]:
        params: dict[str, Any] = super().get_pkce_params()
        if not params:  # PKCE is not optional here, whatever an app's settings say
            from allauth.socialaccount.providers.oauth2.utils import generate_code_challenge

            params = generate_code_challenge()
        return params

    def _mapping(self) -> dict[str, Any]:
        mapping: dict[str, Any] = self.app.settings.get("claim_mapping", {})
        return mapping

    def extract_common_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        profile = read_profile(self._mapping(), claims_of(data))
        return {"email": profile.email, "name": profile.name}

    def extract_email_addresses(self, data: dict[str, Any]) -> list[EmailAddress]:
        profile = read_profile(self._mapping(), claims_of(data))
        if not profile.email:
            return []
        return [EmailAddress(email=profile.email, verified=profile.email_verified, primary=True)]


provider_classes = [OrganisationOIDCProvider]
