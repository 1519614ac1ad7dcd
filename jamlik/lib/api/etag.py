"""Optimistic concurrency for updates: ``ETag`` on a resource, ``If-Match`` on a change to it.

Two coordinators editing the same organisation (or a programme manager and a script) must not
overwrite each other silently. A representation that can be updated carries an ``ETag`` made
from the row's version (its ``updated_at``, or whatever the caller passes that changes on every
write). A ``PATCH``/``PUT``/``DELETE`` that sends ``If-Match`` with an older tag is refused with
412 and changes nothing; one without ``If-Match`` is accepted (a caller that does not care about
collisions need not read first). ``If-Match: *`` matches any existing resource.

In a view::

    check_if_match(request, etag_for(organisation.pk, organisation.updated_at))  # before the action
    ...
    response = ...; response["ETag"] = etag_for(organisation.pk, organisation.updated_at)

Read and compare inside the same transaction as the write (``select_for_update()`` on the row)
when a race between two writers matters.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError


class PreconditionFailed(HttpError):
    def __init__(self) -> None:
        super().__init__(412, _("The resource has changed since you read it. Read it again and retry."))


def etag_for(*parts: Any) -> str:
    """A strong entity tag (quoted) for the given version parts."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f'"{digest}"'


def _tags(header: str) -> list[str]:
    return [t.strip().removeprefix("W/") for t in header.split(",") if t.strip()]


def check_if_match(request: HttpRequest, current: str) -> None:
    """Raise PreconditionFailed (412) when the request's ``If-Match`` names another version."""
    header = request.headers.get("If-Match")
    if header is None:
        return
    tags = _tags(header)
    if "*" in tags or current in tags:
        return
    raise PreconditionFailed
