"""The rules every document resource shares, free of HTTP and the database.

- **ETag**: the SHA-1 of the stored bytes in hexadecimal, sent quoted (1.0.3 asks for SHA-1;
  2.0 names no algorithm, so one rule serves both).
- **Preconditions** (RFC 9110 section 13): ``If-Match`` holds when the document exists and its
  ETag is one of those listed (or the list is ``*``); ``If-None-Match`` holds when the document
  does not exist (``*``) or its ETag is none of those listed. A failed precondition is 412 and
  changes nothing. A PUT without either header over an existing document is 409 (the writer
  cannot have known what it overwrites): for the profiles always, for State under 2.0 (the
  2.0 suite asks it of all three; 1.0.3 leaves State free of concurrency control). Under 1.0.x
  a profile PUT needs one of the headers even for a new document (400 without), as the 1.0.3
  suite requires; 2.0 asks it only over an existing one.
- **Merge** on POST: both the stored document and the posted one must be JSON objects with the
  type ``application/json``, else 400; the merge is one level deep (each top-level property of
  the posted object replaces the stored one of that name, the others stay).
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime
from typing import Any

from django.utils.dateparse import parse_datetime

from jamlik.lib.safejson import TooDeep, loads

MAX_DEPTH = 64


class DocumentError(ValueError):
    """A request the resource refuses; ``status`` is the HTTP status the specification demands."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def etag_of(content: bytes) -> str:
    return hashlib.sha1(content, usedforsecurity=False).hexdigest()


def quoted(etag: str) -> str:
    return f'"{etag}"'


def _tags(header: str) -> list[str]:
    """The entity tags of a header, unquoted; ``["*"]`` for the wildcard. Weak tags compare as strong."""
    tags = []
    for part in header.split(","):
        tag = part.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
        if len(tag) >= 2 and tag[0] == tag[-1] == '"':
            tag = tag[1:-1]
        if tag:
            tags.append(tag)
    return tags


def check_preconditions(
    current: str | None,
    *,
    if_match: str | None,
    if_none_match: str | None,
    put_needs_header: bool,
    is_put: bool,
    new_put_needs_header: bool = False,
) -> None:
    """Raise 412 when a precondition fails, 409 for a blind PUT over a document (see the module);
    with ``new_put_needs_header`` (a profile under 1.0.x), 400 for a PUT of a new one without either."""
    if if_match is not None:
        tags = _tags(if_match)
        if current is None or not ("*" in tags or current in tags):
            raise DocumentError("If-Match does not match the document's current ETag.", 412)
    if if_none_match is not None:
        tags = _tags(if_none_match)
        if current is not None and ("*" in tags or current in tags):
            raise DocumentError("If-None-Match: the document exists (or has that ETag).", 412)
    if is_put and put_needs_header and current is not None and if_match is None and if_none_match is None:
        raise DocumentError(
            "The document exists: send If-Match with its ETag to replace it, "
            "or If-None-Match: * to create it only if it does not exist.",
            409,
        )
    if is_put and new_put_needs_header and current is None and if_match is None and if_none_match is None:
        raise DocumentError("Send If-None-Match: * to create a profile document (or If-Match to replace one).")


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def is_json(content_type: str | None) -> bool:
    return media_type(content_type) == "application/json"


def json_object(content: bytes) -> dict[str, Any] | None:
    """The document as a JSON object, or None when it is not one (not JSON, or not an object)."""
    try:
        data = loads(content, max_depth=MAX_DEPTH)
    except (ValueError, TooDeep, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def merge(stored: dict[str, Any], posted: dict[str, Any]) -> dict[str, Any]:
    """One level deep: the posted top-level properties replace the stored ones of the same name."""
    return {**stored, **posted}


def parse_since(text: str | None) -> datetime | None:
    """``since``: an ISO 8601 timestamp (a missing offset is read as UTC); 400 otherwise."""
    if text is None:
        return None
    try:
        moment = parse_datetime(text.strip())
    except ValueError:
        moment = None
    if moment is None:
        raise DocumentError("since must be an ISO 8601 timestamp.")
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def parse_registration(text: str | None) -> uuid.UUID | None:
    if text is None:
        return None
    try:
        return uuid.UUID(text)
    except ValueError:
        raise DocumentError("registration must be a UUID.") from None


def require(value: str | None, name: str, *, max_length: int = 2_000) -> str:
    """A required string parameter (activityId, stateId, profileId)."""
    if value is None or value == "":
        raise DocumentError(f"The {name} parameter is required.")
    if len(value) > max_length:
        raise DocumentError(f"The {name} parameter is too long.")
    return value


def require_iri(value: str | None, name: str) -> str:
    """An IRI parameter: absolute (a scheme), no spaces."""
    text = require(value, name)
    scheme, colon, _rest = text.partition(":")
    if not colon or not scheme or not scheme[0].isalpha() or any(c.isspace() for c in text):
        raise DocumentError(f"The {name} parameter must be an IRI.")
    return text
