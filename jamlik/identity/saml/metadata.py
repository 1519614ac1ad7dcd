"""An identity provider's SAML metadata: read, checked, and cut down to the one entity we trust.

Metadata comes from a coordinator (an uploaded file) or from an address we fetch, so it is
untrusted XML: it is parsed with defusedxml (no DTDs, no entity expansion) and refused with a
message a person can act on unless it holds an identity provider (``IDPSSODescriptor``) with a
single sign-on address for the HTTP-Redirect binding and at least one signing certificate that
really is an X.509 certificate. A federation's aggregate (Sambi, SWAMID: thousands of entities)
is accepted when the entity id names one of them; only that entity's descriptor is kept.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, tostring

from cryptography import x509
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.utils import timezone
from django.utils.translation import gettext as _

MD = "urn:oasis:names:tc:SAML:2.0:metadata"
DS = "http://www.w3.org/2000/09/xmldsig#"
SAML2_PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol"
REDIRECT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
# Federation aggregates are large (SWAMID's is about 30 MB); one entity's metadata is a few kB.
MAX_METADATA_BYTES = 64 * 1024 * 1024
FETCH_TIMEOUT_SECONDS = 10


class MetadataRejected(ValueError):
    """The metadata cannot be used; the message says why, for the person who gave it."""


@dataclass(frozen=True)
class IdpMetadata:
    entity_id: str
    sso_url: str
    signing_certs: list[str] = field(default_factory=list)  # base64 DER, as onelogin wants them
    slo_url: str = ""
    xml: str = ""  # this entity's descriptor alone, as we store it


def _tag(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def _parse(data: bytes | str) -> Element:
    raw = data.encode() if isinstance(data, str) else data
    if len(raw) > MAX_METADATA_BYTES:
        raise MetadataRejected(_("The metadata is larger than 64 MB. Name the identity provider's own metadata."))
    if not raw.strip():
        raise MetadataRejected(_("The metadata is empty."))
    try:
        return fromstring(raw, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise MetadataRejected(_("The metadata uses XML features we refuse (DTD or entities).")) from exc
    except ParseError as exc:
        raise MetadataRejected(_("The metadata is not well-formed XML: %(error)s") % {"error": exc}) from exc


def _idp_entities(root: Element) -> list[Element]:
    if root.tag == _tag(MD, "EntityDescriptor"):
        entities = [root]
    elif root.tag == _tag(MD, "EntitiesDescriptor"):
        entities = list(root.iter(_tag(MD, "EntityDescriptor")))
    else:
        raise MetadataRejected(_("This is not SAML 2.0 metadata (no EntityDescriptor)."))
    return [e for e in entities if e.find(_tag(MD, "IDPSSODescriptor")) is not None]


def _signing_certs(descriptor: Element) -> list[str]:
    certs = []
    for key in descriptor.findall(_tag(MD, "KeyDescriptor")):
        if key.get("use", "signing") != "signing":
            continue
        for cert in key.iter(_tag(DS, "X509Certificate")):
            text = "".join((cert.text or "").split())
            try:
                x509.load_der_x509_certificate(base64.b64decode(text, validate=True))
            except (binascii.Error, ValueError) as exc:
                raise MetadataRejected(_("A signing certificate in the metadata cannot be read.")) from exc
            certs.append(text)
    return certs


def _check_valid_until(element: Element) -> None:
    valid_until = element.get("validUntil")
    if not valid_until:
        return
    try:
        moment = datetime.datetime.fromisoformat(valid_until.replace("Z", "+00:00"))
    except ValueError as exc:
        raise MetadataRejected(_("The metadata's validUntil is not a date and time.")) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    if moment <= timezone.now():
        raise MetadataRejected(_("The metadata expired on %(moment)s. Fetch a current copy.") % {"moment": valid_until})


def read_idp_metadata(data: bytes | str, entity_id: str = "") -> IdpMetadata:
    """The one identity provider in ``data`` (or the one named ``entity_id``), or ``MetadataRejected``."""
    root = _parse(data)
    _check_valid_until(root)
    entities = _idp_entities(root)
    entity_id = entity_id.strip()
    if entity_id:
        entities = [e for e in entities if e.get("entityID") == entity_id]
        if not entities:
            raise MetadataRejected(
                _("The metadata has no identity provider with the entity id %(entity_id)s.") % {"entity_id": entity_id}
            )
    if not entities:
        raise MetadataRejected(_("The metadata describes no identity provider (no IDPSSODescriptor)."))
    if len(entities) > 1:
        raise MetadataRejected(
            _("The metadata describes %(count)d identity providers. Give the entity id of yours.")
            % {"count": len(entities)}
        )
    entity = entities[0]
    _check_valid_until(entity)
    descriptor = entity.find(_tag(MD, "IDPSSODescriptor"))
    assert descriptor is not None  # noqa: S101 (_idp_entities kept only entities with one)
    if SAML2_PROTOCOL not in descriptor.get("protocolSupportEnumeration", "").split():
        raise MetadataRejected(_("The identity provider does not support the SAML 2.0 protocol."))
    sso_url = _service_url(descriptor, "SingleSignOnService")
    if not sso_url:
        raise MetadataRejected(_("The identity provider has no single sign-on address for the HTTP-Redirect binding."))
    certs = _signing_certs(descriptor)
    if not certs:
        raise MetadataRejected(_("The identity provider's metadata has no signing certificate."))
    return IdpMetadata(
        entity_id=entity.get("entityID", ""),
        sso_url=sso_url,
        signing_certs=certs,
        slo_url=_service_url(descriptor, "SingleLogoutService"),
        xml=tostring(entity, encoding="unicode"),
    )


def _service_url(descriptor: Element, name: str) -> str:
    for service in descriptor.findall(_tag(MD, name)):
        location = service.get("Location", "")
        if service.get("Binding") == REDIRECT_BINDING and urlsplit(location).scheme in ("http", "https"):
            return location
    return ""


def fetch_idp_metadata(url: str, entity_id: str = "", *, timeout: float = FETCH_TIMEOUT_SECONDS) -> IdpMetadata:
    """Fetch metadata from ``url`` (http or https, bounded in time and size) and read it."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise MetadataRejected(_("The metadata address must start with https:// (or http://)."))
    request = urllib.request.Request(url, headers={"Accept": "application/samlmetadata+xml, application/xml"})  # noqa: S310 (scheme checked above)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked above)
            data = response.read(MAX_METADATA_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise MetadataRejected(
            _("The metadata address answered %(status)d. Check the address.") % {"status": exc.code}
        ) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise MetadataRejected(
            _("The metadata could not be fetched from %(url)s (%(reason)s).")
            % {"url": url, "reason": getattr(exc, "reason", exc)}
        ) from exc
    return read_idp_metadata(data, entity_id)
