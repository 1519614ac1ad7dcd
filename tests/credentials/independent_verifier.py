"""A verifier for eddsa-rdfc-2022 proofs written apart from ``jamlik.credentials``.

It shares nothing with the issuing code but the context files on disk: its own offline
loader, its own base58 decoding, pyld for RDF canonicalisation and ``cryptography`` for
Ed25519, following the W3C "Data Integrity EdDSA Cryptosuites" steps.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pyld import jsonld  # type: ignore[import-untyped]

CONTEXTS = Path(__file__).resolve().parents[2] / "jamlik" / "credentials" / "contexts"
KNOWN = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-context-3.0.3.json",
}
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def offline_loader(url: str, options: Any = None) -> dict[str, Any]:
    if url not in KNOWN:
        raise RuntimeError(f"the test verifier does not fetch {url}")
    document = json.loads((CONTEXTS / KNOWN[url]).read_text(encoding="utf-8"))
    return {"contextUrl": None, "documentUrl": url, "document": document}


def b58decode(text: str) -> bytes:
    value = 0
    for char in text:
        value = value * 58 + B58.index(char)
    leading = len(text) - len(text.lstrip("1"))
    return b"\x00" * leading + value.to_bytes((value.bit_length() + 7) // 8, "big")


def key_from_multikey(multibase: str) -> Ed25519PublicKey:
    assert multibase.startswith("z6Mk")
    raw = b58decode(multibase[1:])
    assert raw[:2] == b"\xed\x01" and len(raw) == 34
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def _rdfc_sha256(document: dict[str, Any]) -> bytes:
    nquads = jsonld.normalize(
        document, {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": offline_loader}
    )
    return hashlib.sha256(nquads.encode("utf-8")).digest()


def verify_credential(credential: dict[str, Any], public_key: Ed25519PublicKey) -> bool:
    proof = dict(credential["proof"])
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != "eddsa-rdfc-2022":
        return False
    proof_value = proof.pop("proofValue")
    assert proof_value.startswith("z")
    unsecured = {k: v for k, v in credential.items() if k != "proof"}
    proof["@context"] = credential["@context"]
    try:
        public_key.verify(b58decode(proof_value[1:]), _rdfc_sha256(proof) + _rdfc_sha256(unsecured))
    except InvalidSignature:
        return False
    return True
