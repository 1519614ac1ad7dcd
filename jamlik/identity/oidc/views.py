from __future__ import annotations

import hmac
import logging
from typing import Any

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp, SocialToken
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from requests import RequestException

from jamlik.identity.discovery import refuse_unsafe_address
from jamlik.identity.refusals import provider_unavailable
from jamlik.identity.signin import remember_authorization_endpoint
from jamlik.lib.site import absolute

logger = logging.getLogger(__name__)


class OrganisationOIDCAdapter(OpenIDConnectOAuth2Adapter):  # type: ignore[misc]
    expected_nonce: str | None = None

    @property
    def openid_config(self) -> dict[str, Any]:
        if not hasattr(self, "_openid_config"):
            config: dict[str, Any] = super().openid_config
            configured = self.get_provider().app.settings["server_url"]
            try:
                if config.get("issuer") != configured:
                    raise OAuth2Error(
                        f"The discovery document names issuer {config.get('issuer')!r}, not {configured!r}"
                    )
                for key in ("token_endpoint", "jwks_uri", "userinfo_endpoint"):
                    refuse_unsafe_address(str(config.get(key, "")))
            except (OAuth2Error, ValidationError) as exc:
                del self._openid_config
                raise OAuth2Error(str(exc)) from exc
            remember_authorization_endpoint(self.provider_id, str(config.get("authorization_endpoint", "")))
        return self._openid_config  # type: ignore[no-any-return]

    def get_callback_url(self, request: HttpRequest, app: SocialApp) -> str:
        # The address registered at the provider: always SITE_URL, whatever host the request used.
        return absolute(reverse("openid_connect_callback", kwargs={"provider_id": self.provider_id}))

    def complete_login(self, request: HttpRequest, app: SocialApp, token: SocialToken, **kwargs: Any) -> Any:
        id_token = kwargs["response"].get("id_token")
        if not id_token:
            raise OAuth2Error("The provider sent no ID token")
        claims = self._decode_id_token(app, id_token)
        nonce = claims.get("nonce")
        if not self.expected_nonce or not isinstance(nonce, str) or not hmac.compare_digest(nonce, self.expected_nonce):
            raise OAuth2Error("The ID token's nonce is not the one this sign-in sent")
        data: dict[str, Any] = {"id_token": claims}
        if app.settings.get("fetch_userinfo", True):
            userinfo = self._fetch_user_info(token.token)
            if userinfo.get("sub") != claims.get("sub"):
                raise OAuth2Error("The userinfo answer is about another subject than the ID token")
            data["userinfo"] = userinfo
        return self.get_provider().sociallogin_from_response(request, data)

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict[str, Any]:
        # Always check the signature against the provider's current JWKS (fetched each time), even
        # for a token that came straight from the token endpoint.
        decoded: dict[str, Any] = jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )
        return decoded


class CallbackView(OAuth2CallbackView):  # type: ignore[misc]
    """allauth's callback, which hands the nonce stashed with the state to the adapter."""

    def _get_state(self, request: HttpRequest, provider: Any) -> tuple[Any, Any]:
        state, response = super()._get_state(request, provider)
        if state is not None:
            self.adapter.expected_nonce = state.get("nonce")
        return state, response


@login_not_required  # type: ignore[untyped-decorator]
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        view = OAuth2LoginView.adapter_view(OrganisationOIDCAdapter(request, provider_id))
        response: HttpResponse = view(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc
    except (OAuth2Error, RequestException, ValueError, KeyError) as exc:
        # Discovery failed (unreachable, not JSON, another issuer): say so, and offer the email code.
        logger.warning("Sign-in through %s could not start: %s", provider_id, exc)
        return provider_unavailable(request, provider_id)
    return response


@login_not_required  # type: ignore[untyped-decorator]
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        view = CallbackView.adapter_view(OrganisationOIDCAdapter(request, provider_id))
        response: HttpResponse = view(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc
    return response
