"""JSON-LD without the network: contexts come from files in ``contexts/``, nothing else loads.

Where each file comes from (npm package, version, licence) is in ``contexts/README.md``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from pyld import jsonld  # type: ignore[import-untyped]

CONTEXT_DIR = Path(__file__).parent / "contexts"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DID_V1 = "https://www.w3.org/ns/did/v1"

FILES = {
    VC_V2: "credentials-v2.jsonld",
    OB_V3: "ob-v3p0-context-3.0.3.json",
    MULTIKEY_V1: "multikey-v1.jsonld",
    DID_V1: "did-v1.jsonld",
}


@cache
def _context(url: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((CONTEXT_DIR / FILES[url]).read_text(encoding="utf-8"))
    return document


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld's loader interface; refuses every URL it has no local file for."""
    if url not in FILES:
        raise jsonld.JsonLdError(
            f"Refusing to load {url!r}: only bundled contexts are allowed.",
            "jsonld.LoadDocumentError",
            code="loading document failed",
        )
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": _context(url)}


def canonicalise(document: dict[str, Any]) -> str:
    """RDF Dataset Canonicalization (URDNA2015, the algorithm RDFC-1.0 standardised) as N-Quads."""
    result: str = jsonld.normalize(
        document,
        {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": document_loader},
    )
    return result
