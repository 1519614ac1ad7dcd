"""Finding a resource by the identifier a caller sent: its ``id`` (a UUID), or a slug where documented.

Every resource in the API has one ``id``, its ``public_id``, used in its own path and in every
reference to it. Some resources also have a human-readable slug; routes that document it accept
the slug as a lookup too, so ``/organisations/sater`` and ``/organisations/<uuid>`` name the same
organisation. Anything else answers 404, the same as a resource the caller may not see.
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)


def as_uuid(value: str) -> uuid.UUID | None:
    """``value`` as a UUID, or None when it is not one (a slug, or nonsense)."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def lookup_filter(ident: str, *, slug_field: str | None = "slug", id_field: str = "public_id") -> dict[str, Any]:
    """The ``filter()`` keywords that find ``ident``; raises Http404 when it can name nothing."""
    found = as_uuid(ident)
    if found is not None:
        return {id_field: found}
    if slug_field is None or not ident or len(ident) > 200:
        raise Http404
    return {slug_field: ident}


def get_by_id_or_slug(queryset: QuerySet[M], ident: str, *, slug_field: str | None = "slug") -> M:
    """The one row of ``queryset`` that ``ident`` names, or Http404 (a problem response under /api/)."""
    try:
        return queryset.get(**lookup_filter(ident, slug_field=slug_field))
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
