"""Finding diplomas: by code for anyone, by id only for their recipient."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404

from jamlik.credentials import codes
from jamlik.credentials.models import Diploma
from jamlik.people.models import User


class MalformedCode(ValueError):
    """What was typed cannot be a verification code."""


def get_diploma_by_code(typed: str) -> Diploma:
    code = codes.normalise(typed)
    if code is None:
        raise MalformedCode(typed)
    diploma = (
        Diploma.objects.select_related("recipient", "superseded_by")
        .prefetch_related("issuers")
        .filter(code=code)
        .first()
    )
    if diploma is None:
        raise Http404
    return diploma


def get_diploma_for_user(user: User, public_id: UUID) -> Diploma:
    """The person's own diploma; 404 alike for missing and for someone else's."""
    diploma = (
        Diploma.objects.select_related("recipient", "superseded_by")
        .prefetch_related("issuers")
        .filter(public_id=public_id, recipient=user)
        .first()
    )
    if diploma is None:
        raise Http404
    return diploma
