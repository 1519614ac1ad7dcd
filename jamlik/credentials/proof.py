"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite (W3C VC Data Integrity EdDSA).

Signing: canonicalise the proof options (with the document's ``@context``) and the document
without its proof, hash each with SHA-256, sign ``hash(options) ‖ hash(document)`` with Ed25519,
and write the signature as base58btc multibase. ``verify`` is the same in reverse; the tests
check proofs with their own, separate implementation.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pyld import jsonld  # type: ignore[import-untyped]

from jamlik.credentials.jsonld import canonicalise
from jamlik.credentials.keys import SigningKey
from jamlik.credentials.multibase import ED25519_PUB_PREFIX, base58btc_decode, base58btc_encode
from jamlik.credentials.terms import require_defined, undefined_terms

CRYPTOSUITE = "eddsa-rdfc-2022"


def _hash_data(document: dict[str, Any], options: dict[str, Any]) -> bytes:
    options = {**options, "@context": document["@context"]}
    options.pop("proofValue", None)
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    return (
        hashlib.sha256(canonicalise(options).encode("utf-8")).digest()
        + hashlib.sha256(canonicalise(unsigned).encode("utf-8")).digest()
    )


def sign(
    document: dict[str, Any], key: SigningKey, verification_method: str, created: datetime.datetime
) -> dict[str, Any]:
    """Return a copy of ``document`` with a DataIntegrityProof by ``key``.

    Refuses (``terms.UndefinedTerms``) a document with a term its contexts do not define: the
    signature would not cover it.
    """
    require_defined(document)
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    signature = key.private.sign(_hash_data(document, options))
    signed = copy.deepcopy(document)
    signed["proof"] = {**options, "proofValue": "z" + base58btc_encode(signature)}
    return signed


def public_key_from_multibase(multibase: str) -> Ed25519PublicKey:
    raw = base58btc_decode(multibase.removeprefix("z"))
    if not multibase.startswith("z") or not raw.startswith(ED25519_PUB_PREFIX) or len(raw) != 34:
        raise ValueError("Not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def verify(document: dict[str, Any], public_key: Ed25519PublicKey) -> bool:
    """True if the proof is good and every term of the document is defined by its contexts."""
    proof = document.get("proof")
    if not isinstance(proof, dict) or proof.get("cryptosuite") != CRYPTOSUITE:
        return False
    value = str(proof.get("proofValue", ""))
    if not value.startswith("z"):
        return False
    try:
        if undefined_terms(document):
            return False
        public_key.verify(base58btc_decode(value[1:]), _hash_data(document, proof))
    except (InvalidSignature, ValueError, jsonld.JsonLdError):
        return False
    return True
