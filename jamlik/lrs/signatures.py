"""Signed statements: a JWS (compact form) in an attachment whose payload is the statement.

The LRS refuses a signature it cannot read, one made with an algorithm xAPI does not allow
(only RS256, RS384 and RS512), one whose payload is not the statement it is attached to and,
when the header carries the signer's certificate (``x5c``), one that the certificate's key does
not verify.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from jamlik.lrs.shapes import comparable
from jamlik.lrs.validation import StatementError

if TYPE_CHECKING:
    from jamlik.lrs.store import AttachmentPart

ALGORITHMS: dict[str, type[hashes.SHA256 | hashes.SHA384 | hashes.SHA512]] = {
    "RS256": hashes.SHA256,
    "RS384": hashes.SHA384,
    "RS512": hashes.SHA512,
}
IGNORED = ("authority", "stored", "attachments", "version", "id")


def _b64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _without(statement: dict[str, Any]) -> dict[str, Any]:
    return comparable(statement, IGNORED)


def check_signature(statement: dict[str, Any], part: AttachmentPart) -> None:
    bad = StatementError("attachments: the statement's signature is not a valid JWS of this statement")
    if part.content_type.split(";")[0].strip().lower() != "application/octet-stream":
        raise StatementError("attachments: a signature must have the content type application/octet-stream")
    try:
        pieces = part.content.decode("ascii").strip().split(".")
        if len(pieces) != 3:
            raise bad
        header = json.loads(_b64(pieces[0]))
        payload = json.loads(_b64(pieces[1]))
        signature = _b64(pieces[2])
    except (UnicodeDecodeError, binascii.Error, ValueError):
        raise bad from None
    if not isinstance(header, dict) or header.get("alg") not in ALGORITHMS:
        raise StatementError("attachments: a signature must use RS256, RS384 or RS512")
    if not isinstance(payload, dict) or _without(payload) != _without(statement):
        raise bad
    if "id" in payload and "id" in statement and str(payload["id"]).lower() != str(statement["id"]).lower():
        raise bad
    chain = header.get("x5c")
    if chain:
        try:
            certificate = x509.load_der_x509_certificate(base64.b64decode(chain[0]))
            key = certificate.public_key()
        except (ValueError, TypeError, IndexError, binascii.Error):
            raise bad from None
        if not isinstance(key, rsa.RSAPublicKey):
            raise bad
        try:
            key.verify(
                signature,
                f"{pieces[0]}.{pieces[1]}".encode("ascii"),
                padding.PKCS1v15(),
                ALGORITHMS[header["alg"]](),
            )
        except InvalidSignature:
            raise bad from None
