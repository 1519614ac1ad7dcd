"""python3-saml (onelogin) settings for one organisation's SAML identity provider, and a stricter response check.

Our side (the service provider) is described from ``SITE_URL``, never from the host a request
came through: the entity id is the metadata address, the assertion consumer service (ACS) is
``/konto/saml/<slug>/acs/``. The identity provider's side comes from the metadata we stored when
the provider was saved (jamlik/identity/saml/metadata.py), so signing in never waits for another
server.

onelogin already checks the signature, issuer, Destination, NotBefore/NotOnOrAfter (with at
most ``ALLOWED_CLOCK_DRIFT``, 300 seconds, of clock skew), InResponseTo when asked and the
audience when one is given. :class:`StrictResponse` adds what it lets pass: an assertion must
name an audience and it must be ours, and a bearer confirmation must name our ACS exactly as its
Recipient (onelogin accepts any Recipient that merely contains the address, or none).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.urls import reverse
from django.utils.translation import gettext as _
from onelogin.saml2.auth import OneLogin_Saml2_Auth
from onelogin.saml2.constants import OneLogin_Saml2_Constants
from onelogin.saml2.errors import OneLogin_Saml2_ValidationError
from onelogin.saml2.response import OneLogin_Saml2_Response

from jamlik.identity.models import IdentityProvider
from jamlik.identity.saml.metadata import MetadataRejected, read_idp_metadata
from jamlik.lib.site import absolute

CLOCK_SKEW_SECONDS = OneLogin_Saml2_Constants.ALLOWED_CLOCK_DRIFT
NAMEID_PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"


def sp_entity_id(idp: IdentityProvider) -> str:
    return absolute(reverse("saml_metadata", kwargs={"organization_slug": idp.slug}))


def sp_acs_url(idp: IdentityProvider) -> str:
    return absolute(reverse("saml_acs", kwargs={"organization_slug": idp.slug}))


def sp_settings(idp: IdentityProvider) -> dict[str, Any]:
    return {
        "entityId": sp_entity_id(idp),
        "assertionConsumerService": {"url": sp_acs_url(idp), "binding": OneLogin_Saml2_Constants.BINDING_HTTP_POST},
        "NameIDFormat": NAMEID_PERSISTENT,
    }


SECURITY = {
    "authnRequestsSigned": False,  # we hold no key of our own; the response is what must be signed
    "logoutRequestSigned": False,
    "logoutResponseSigned": False,
    "signMetadata": False,
    "wantAssertionsSigned": True,
    "wantMessagesSigned": False,  # ADFS and Shibboleth sign the assertion; some do not sign the envelope
    "wantAssertionsEncrypted": False,
    "wantNameId": False,  # a subject-id or eduPersonPrincipalName attribute may name the person instead
    "wantNameIdEncrypted": False,
    "wantAttributeStatement": False,  # missing attributes get our own message (no email address)
    "requestedAuthnContext": False,  # ADFS with Windows sign-in answers other contexts than a password
    "rejectDeprecatedAlgorithm": True,  # no SHA-1 signatures or digests
    "allowRepeatAttributeName": True,
    "allowSingleLabelDomains": True,  # an intranet SITE_URL (and the tests' http://testserver) has one label
    "signatureAlgorithm": OneLogin_Saml2_Constants.RSA_SHA256,
    "digestAlgorithm": OneLogin_Saml2_Constants.SHA256,
}


def saml_settings(idp: IdentityProvider) -> dict[str, Any]:
    """The whole onelogin settings for ``idp``; ``MetadataRejected`` when its stored metadata cannot be used."""
    meta = read_idp_metadata(idp.saml_idp_metadata_xml, idp.saml_idp_entity_id)
    idp_part: dict[str, Any] = {
        "entityId": meta.entity_id,
        "singleSignOnService": {"url": meta.sso_url, "binding": OneLogin_Saml2_Constants.BINDING_HTTP_REDIRECT},
        "x509certMulti": {"signing": meta.signing_certs},
    }
    return {"strict": True, "debug": False, "sp": sp_settings(idp), "idp": idp_part, "security": SECURITY}


def request_data(idp: IdentityProvider, *, get: Any = None, post: Any = None) -> dict[str, Any]:
    """What onelogin reads from "the request": the ACS address on ``SITE_URL`` and the posted form."""
    acs = urlsplit(sp_acs_url(idp))
    return {
        "https": "on" if acs.scheme == "https" else "off",
        "http_host": acs.netloc,
        "script_name": "",
        "path_info": acs.path,
        "get_data": get if get is not None else {},
        "post_data": post if post is not None else {},
    }


class StrictResponse(OneLogin_Saml2_Response):  # type: ignore[misc]
    """onelogin's checks, then: our entity id among the audiences, our ACS as the confirmation's Recipient."""

    def is_valid(
        self, request_data: dict[str, Any], request_id: str | None = None, raise_exceptions: bool = False
    ) -> bool:
        if not super().is_valid(request_data, request_id, raise_exceptions):
            return False
        try:
            self._check_audience_and_recipient(request_data)
        except OneLogin_Saml2_ValidationError as exc:
            self._error = str(exc)
            if raise_exceptions:
                raise
            return False
        return True

    def _check_audience_and_recipient(self, request_data: dict[str, Any]) -> None:
        entity_id = self._settings.get_sp_data()["entityId"]
        if entity_id not in self.get_audiences():
            raise OneLogin_Saml2_ValidationError(
                f"The assertion is not addressed to {entity_id} (no matching Audience)",
                OneLogin_Saml2_ValidationError.WRONG_AUDIENCE,
            )
        acs = self._settings.get_sp_data()["assertionConsumerService"]["url"]
        recipients = [
            node.get("Recipient")
            for node in self._query_assertion("/saml:Subject/saml:SubjectConfirmation/saml:SubjectConfirmationData")
        ]
        if acs not in recipients:
            raise OneLogin_Saml2_ValidationError(
                f"The assertion's Recipient is not {acs}", OneLogin_Saml2_ValidationError.WRONG_SUBJECTCONFIRMATION
            )


class StrictAuth(OneLogin_Saml2_Auth):  # type: ignore[misc]
    response_class = StrictResponse


def build_auth(idp: IdentityProvider, *, get: Any = None, post: Any = None) -> StrictAuth:
    return StrictAuth(request_data(idp, get=get, post=post), saml_settings(idp))


def sso_origin(idp: IdentityProvider) -> str:
    """The origin of the IdP's sign-in address: pages whose form leads there allow it in ``form-action``."""
    try:
        meta = read_idp_metadata(idp.saml_idp_metadata_xml, idp.saml_idp_entity_id)
    except MetadataRejected:
        return ""
    parts = urlsplit(meta.sso_url)
    return f"{parts.scheme}://{parts.netloc}"


def unusable_reason(idp: IdentityProvider) -> str:
    """Why signing in through ``idp`` cannot start now, or "" when it can."""
    if not idp.saml_idp_metadata_xml:
        return _("The identity provider's metadata has not been given yet.")
    try:
        read_idp_metadata(idp.saml_idp_metadata_xml, idp.saml_idp_entity_id)
    except MetadataRejected as exc:
        return str(exc)
    return ""
