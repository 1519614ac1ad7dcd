"""The SAML endpoints of one identity provider: our metadata, starting a sign-in, and receiving the answer.

The identity provider posts its answer to the ACS cross-site, so the session cookie (SameSite=Lax)
does not come with it: allauth's ``ACSView`` keeps the posted form in a short-lived session of
its own and redirects to ``acs/finish/``, where the person's session is back and this module
checks the answer. Only an answer to a sign-in we started (its InResponseTo names a request
stashed in this session) is accepted; unsolicited ("IdP-initiated") answers are refused.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from allauth.core.internal import httpkit
from allauth.socialaccount.helpers import complete_social_login
from allauth.socialaccount.internal import statekit
from allauth.socialaccount.providers.base.views import BaseLoginView
from allauth.socialaccount.providers.saml.views import ACSView
from allauth.socialaccount.sessions import LoginSession
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from onelogin.saml2.errors import OneLogin_Saml2_Error, OneLogin_Saml2_ValidationError
from onelogin.saml2.settings import OneLogin_Saml2_Settings
from onelogin.saml2.utils import OneLogin_Saml2_Utils

from jamlik.identity.models import IdentityProvider, ProviderKind
from jamlik.identity.refusals import refused
from jamlik.identity.saml.actions import AssertionReplayed, use_assertion
from jamlik.identity.saml.config import SECURITY, StrictResponse, build_auth, request_data, sp_settings, sso_origin
from jamlik.identity.saml.metadata import MetadataRejected
from jamlik.identity.saml.provider import TRANSIENT_ONLY, SamlProvider, UnusableSubject, social_app

logger = logging.getLogger(__name__)

V = OneLogin_Saml2_ValidationError
NOT_FROM_PROVIDER = {
    V.INVALID_SIGNATURE, V.NO_SIGNATURE_FOUND, V.NO_SIGNED_ASSERTION, V.NO_SIGNED_MESSAGE, V.WRONG_SIGNED_ELEMENT,
    V.ID_NOT_FOUND_IN_SIGNED_ELEMENT, V.DUPLICATED_ID_IN_SIGNED_ELEMENTS, V.INVALID_SIGNED_ELEMENT,
    V.DUPLICATED_REFERENCE_IN_SIGNED_ELEMENTS, V.UNEXPECTED_SIGNED_ELEMENTS, V.WRONG_NUMBER_OF_SIGNATURES,
    V.WRONG_NUMBER_OF_SIGNATURES_IN_RESPONSE, V.WRONG_NUMBER_OF_SIGNATURES_IN_ASSERTION, V.WRONG_ISSUER,
    V.ISSUER_MULTIPLE_IN_RESPONSE, V.ISSUER_NOT_FOUND_IN_ASSERTION, V.DEPRECATED_SIGNATURE_METHOD,
    V.DEPRECATED_DIGEST_METHOD,
}  # fmt: skip
EXPIRED = {V.ASSERTION_EXPIRED, V.ASSERTION_TOO_EARLY, V.SESSION_EXPIRED, V.RESPONSE_EXPIRED}
ELSEWHERE = {V.WRONG_AUDIENCE, V.WRONG_DESTINATION, V.EMPTY_DESTINATION, V.WRONG_SUBJECTCONFIRMATION}
UNSOLICITED = {V.WRONG_INRESPONSETO}


# What the person is told, by kind of refusal (the kind itself goes to the log).
MESSAGES = {
    "signature": gettext_lazy(
        "The answer was not signed by your organisation's identity provider, or it was changed on the way."
    ),
    "expired": gettext_lazy("The answer from your organisation's identity provider has expired. Please sign in again."),
    "elsewhere": gettext_lazy("The answer from your organisation's identity provider was meant for another service."),
    "unsolicited": gettext_lazy("This answer does not belong to a sign-in started here. Please sign in again."),
    "replayed": gettext_lazy("This answer from the identity provider has already been used. Please sign in again."),
    "refused": gettext_lazy("Your organisation's identity provider did not sign you in."),
    "invalid": gettext_lazy("The answer from your organisation's identity provider could not be read."),
    "missing": gettext_lazy("No answer from the identity provider arrived. Please sign in again."),
    "subject": TRANSIENT_ONLY,
}


def _kind_of(code: int | None) -> str:
    """Our kind of refusal for one of onelogin's validation error codes."""
    if code in NOT_FROM_PROVIDER:
        return "signature"
    if code in EXPIRED:
        return "expired"
    if code in ELSEWHERE:
        return "elsewhere"
    if code in UNSOLICITED:
        return "unsolicited"
    if code == V.STATUS_CODE_IS_NOT_SUCCESS:
        return "refused"
    return "invalid"


def _refuse(
    request: HttpRequest, idp: IdentityProvider, kind: str, detail: str = "", message: str = ""
) -> HttpResponse:
    logger.warning("SAML sign-in through %s refused (%s): %s", idp.slug, kind, detail)
    return refused(request, str(message or MESSAGES[kind]), idp)


def _saml_provider(slug: str, *, enabled: bool = True) -> IdentityProvider:
    """The SAML identity provider with this slug (only one in use unless ``enabled`` is False), else 404."""
    found = IdentityProvider.objects.select_related("organisation").filter(slug=slug, kind=ProviderKind.SAML)
    if enabled:
        found = found.filter(is_enabled=True)
    return get_object_or_404(found)


def _provider(request: HttpRequest, idp: IdentityProvider) -> SamlProvider:
    provider: SamlProvider = social_app(idp).get_provider(request)
    return provider


@require_GET
def metadata(request: HttpRequest, organization_slug: str) -> HttpResponse:
    """Our service-provider metadata for this identity provider (given before it is in use, too)."""
    idp = _saml_provider(organization_slug, enabled=False)
    saml = OneLogin_Saml2_Settings(settings={"sp": sp_settings(idp), "security": SECURITY}, sp_validation_only=True)
    xml = saml.get_sp_metadata()
    response = HttpResponse(xml, content_type="application/samlmetadata+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="jamlik-{idp.slug}-metadata.xml"'
    return response


class LoginView(BaseLoginView):  # type: ignore[misc]
    """Starts a sign-in: a confirmation page on GET (as allauth does), the redirect to the provider on POST."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        idp = _saml_provider(kwargs["organization_slug"])
        try:
            response: HttpResponse = super().dispatch(request, *args, **kwargs)
        except MetadataRejected as exc:
            return _refuse(
                request,
                idp,
                "metadata",
                str(exc),
                _("Sign-in through this organisation is not working: %(reason)s") % {"reason": exc},
            )
        origin = sso_origin(idp)
        if response.status_code == 200 and origin:
            # The page's button posts here and is redirected to the IdP: browsers check that
            # redirect against the page's form-action, so the IdP's origin is allowed on it.
            response._csp_update = {"form-action": [origin]}  # type: ignore[attr-defined]
        return response

    def get_provider(self) -> SamlProvider:
        return _provider(self.request, _saml_provider(self.kwargs["organization_slug"]))


login = LoginView.as_view()
acs = ACSView.as_view()


def finish_acs(request: HttpRequest, organization_slug: str) -> HttpResponse:
    """Check the identity provider's answer and, if it holds, sign the person in through allauth."""
    idp = _saml_provider(organization_slug)
    provider = _provider(request, idp)
    acs_session = LoginSession(request, "saml_acs_session", "saml-acs-session")
    stored = acs_session.store.get("request")
    acs_session.delete()
    if not stored:
        return _refuse(request, idp, "missing")
    posted = httpkit.deserialize_request(stored, HttpRequest())
    saml_response = posted.POST.get("SAMLResponse", "")
    if not saml_response:
        return _refuse(request, idp, "missing")
    try:
        auth = build_auth(idp, post=posted.POST.copy())
        response = StrictResponse(auth.get_settings(), saml_response)
        response.is_valid(request_data(idp, post=posted.POST.copy()), raise_exceptions=True)
    except MetadataRejected as exc:
        return _refuse(
            request,
            idp,
            "metadata",
            str(exc),
            _("Sign-in through this organisation is not working: %(reason)s") % {"reason": exc},
        )
    except OneLogin_Saml2_ValidationError as exc:
        return _refuse(request, idp, _kind_of(exc.code), str(exc))
    except (OneLogin_Saml2_Error, ValueError, TypeError) as exc:  # unreadable base64 or XML
        return _refuse(request, idp, "invalid", str(exc))
    auth.store_valid_response(response)

    in_response_to = response.get_in_response_to()
    state = None
    if in_response_to:
        state = statekit.unstash_state(request, state_id=in_response_to, provider_id=provider.sub_id)
    if state is None:
        detail = f"InResponseTo {in_response_to!r} matches no request in this session"
        return _refuse(request, idp, "unsolicited", detail)

    try:
        login = provider.sociallogin_from_response(request, auth)
    except UnusableSubject as exc:
        return _refuse(request, idp, "subject", str(exc))
    try:
        use_assertion(idp, assertion_id=auth.get_last_assertion_id(), not_on_or_after=_assertion_expiry(response, auth))
    except AssertionReplayed:
        return _refuse(request, idp, "replayed", f"assertion {auth.get_last_assertion_id()} used before")
    login.state = state
    signed_in: HttpResponse = complete_social_login(request, login)
    return signed_in


def _assertion_expiry(response: StrictResponse, auth: Any) -> datetime.datetime | None:
    """The latest moment the assertion could still pass the time checks (Conditions or confirmation)."""
    moments = []
    scd = auth.get_last_assertion_not_on_or_after()
    if scd:
        moments.append(scd)
    conditions = response._query_assertion("/saml:Conditions")
    if conditions and conditions[0].get("NotOnOrAfter"):
        moments.append(OneLogin_Saml2_Utils.parse_SAML_to_time(conditions[0].get("NotOnOrAfter")))
    if not moments:
        return None
    return datetime.datetime.fromtimestamp(max(moments), tz=datetime.UTC)
