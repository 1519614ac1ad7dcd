"""Strict JSON-LD: find the terms a document uses that none of its contexts define.

JSON-LD expansion silently drops a property whose name no context defines (and leaves an
undefined type as a bare relative IRI). A signature over the canonical form cannot see such a
property, because the canonical form never contained it: anyone could add ``"grade": "A"`` to
a signed credential and the proof would still verify. So before signing, and before accepting a
credential, we ask which terms did not resolve.

How: expand a copy of the document with one more context at the end, ``{"@vocab": SENTINEL}``.
``@vocab`` is not a term definition, so protected contexts allow it, and every name that no
context defines now expands to ``SENTINEL + name`` instead of vanishing. Any IRI in the
sentinel's namespace, as a property or as a type, is an undefined term. (A nested
``"@context": null`` would clear the sentinel too; none of the contexts we bundle does that for
the properties a credential, profile or status list uses, and a document that brings such a
context of its own is refused by the offline loader anyway, unless it is inline: inline
contexts are refused below.)
"""

from __future__ import annotations

import copy
from typing import Any

from pyld import jsonld  # type: ignore[import-untyped]

from jamlik.credentials.jsonld import document_loader

SENTINEL = "urn:jamlik:undefined-term:"


class UndefinedTerms(ValueError):
    """The document uses terms its contexts do not define."""

    def __init__(self, terms: list[str]) -> None:
        self.terms = terms
        super().__init__("Terms not defined by the document's contexts: " + ", ".join(terms))


def _walk(node: Any, found: set[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _walk(item, found)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key.startswith(SENTINEL):
            found.add(key.removeprefix(SENTINEL))
        if key == "@type":
            for kind in value if isinstance(value, list) else [value]:
                if isinstance(kind, str) and (kind.startswith(SENTINEL) or ":" not in kind):
                    found.add(kind.removeprefix(SENTINEL))
        _walk(value, found)


def _inline_contexts(node: Any) -> bool:
    """True if any ``@context``, at the top or nested, is given inline (an object) rather than by URL."""
    if isinstance(node, list):
        return any(_inline_contexts(item) for item in node)
    if not isinstance(node, dict):
        return False
    for key, value in node.items():
        if key == "@context":
            entries = value if isinstance(value, list) else [value]
            if any(not isinstance(entry, str) for entry in entries):
                return True
        elif _inline_contexts(value):
            return True
    return False


def undefined_terms(document: dict[str, Any]) -> list[str]:
    """The names in ``document`` (properties and types) that its contexts leave undefined, sorted.

    An inline context (an object instead of a URL) is reported as the term ``@context``: it could
    define anything, so a verifier that trusts only bundled contexts must not accept it.
    """
    if _inline_contexts(document):
        return ["@context"]
    probe = copy.deepcopy(document)
    contexts = probe.get("@context", [])
    probe["@context"] = [*(contexts if isinstance(contexts, list) else [contexts]), {"@vocab": SENTINEL}]
    expanded = jsonld.expand(probe, {"documentLoader": document_loader})
    found: set[str] = set()
    _walk(expanded, found)
    return sorted(found)


def require_defined(document: dict[str, Any]) -> None:
    """Raise ``UndefinedTerms`` if ``document`` uses a term none of its contexts define."""
    terms = undefined_terms(document)
    if terms:
        raise UndefinedTerms(terms)
