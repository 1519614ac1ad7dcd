"""A real SAML 2.0 identity provider for the tests: pysaml2's ``Server``, signing with the xmlsec1 program.

It reads our service provider's metadata as any IdP would (from ``/konto/saml/<slug>/metadata/``),
publishes its own metadata for us to store, reads the AuthnRequest our login redirect carries,
and answers with a signed Response, which the test posts to our ACS as the person's browser
would. Keys and certificates are made fresh for each IdP.
"""

from __future__ import annotations

import base64
import datetime
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_REDIRECT, xmldsig
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server

XMLSEC1 = shutil.which("xmlsec1") or "/usr/bin/xmlsec1"
PASSWORD_CONTEXT = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"


def make_key_pair(folder: Path, common_name: str) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    key_path, cert_path = folder / "idp.key", folder / "idp.crt"
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


@dataclass
class AuthnRequest:
    id: str
    acs_url: str
    relay_state: str


class TestIdP:
    """One identity provider. ``sp_metadata`` lists the service providers it will answer (XML strings)."""

    __test__ = False  # not a test class

    def __init__(self, folder: Path, entity_id: str, sp_metadata: list[str], *, lifetime_minutes: int = 5) -> None:
        self.entity_id = entity_id
        self.sso_url = entity_id.rstrip("/") + "/sso/redirect"
        key_path, cert_path = make_key_pair(folder, urlsplit(entity_id).hostname or "idp")
        config = IdPConfig().load(
            {
                "entityid": entity_id,
                "xmlsec_binary": XMLSEC1,
                "key_file": str(key_path),
                "cert_file": str(cert_path),
                "metadata": {"inline": sp_metadata},
                "service": {
                    "idp": {
                        "name": "Test IdP",
                        "endpoints": {"single_sign_on_service": [(self.sso_url, BINDING_HTTP_REDIRECT)]},
                        "policy": {
                            "default": {
                                "lifetime": {"minutes": lifetime_minutes},
                                "attribute_restrictions": None,
                                "name_form": NAME_FORMAT_URI,
                            }
                        },
                        "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                        "want_authn_requests_signed": False,
                    }
                },
            }
        )
        self.server = Server(config=config)

    def trust(self, sp_metadata: str) -> None:
        """Learn one more service provider from its metadata (as an IdP's administrators import it)."""
        self.server.metadata.load("inline", sp_metadata)

    def metadata(self) -> str:
        return create_metadata_string(None, config=self.server.config, valid=24).decode()

    def read_request(self, location: str) -> AuthnRequest:
        """The AuthnRequest in our login redirect (``Location`` header), as the IdP reads it."""
        assert location.startswith(self.sso_url), location
        query = parse_qs(urlsplit(location).query)
        parsed = self.server.parse_authn_request(query["SAMLRequest"][0], BINDING_HTTP_REDIRECT)
        message = parsed.message
        return AuthnRequest(
            id=message.id,
            acs_url=message.assertion_consumer_service_url,
            relay_state=query.get("RelayState", [""])[0],
        )

    def response(
        self,
        *,
        in_response_to: str | None,
        acs_url: str,
        audience: str,
        subject: str,
        attributes: dict[str, list[str]],
        sign_assertion: bool = True,
        sign_response: bool = False,
        name_format: str = NAMEID_FORMAT_PERSISTENT,
    ) -> str:
        """A Response as XML, signed as asked (SHA-256)."""
        response = self.server.create_authn_response(
            identity=attributes,
            in_response_to=in_response_to,
            destination=acs_url,
            sp_entity_id=audience,
            name_id=NameID(format=name_format, text=subject),
            authn={"class_ref": PASSWORD_CONTEXT},
            sign_assertion=sign_assertion,
            sign_response=sign_response,
            sign_alg=xmldsig.SIG_RSA_SHA256,
            digest_alg=xmldsig.DIGEST_SHA256,
        )
        return str(response)


def encode(xml: str) -> str:
    return base64.b64encode(xml.encode()).decode()


def form(xml: str, relay_state: str = "") -> dict[str, Any]:
    return {"SAMLResponse": encode(xml), "RelayState": relay_state}
