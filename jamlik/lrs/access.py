"""Who may manage which xAPI clients: an organisation's coordinators theirs, administrators every
client and the platform's own (which read every organisation's statements)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from jamlik.lrs.models import ClientKind, LrsClient
from jamlik.people.access import check_may_coordinate
from jamlik.people.models import Organisation, User


def is_administrator(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_administrator)


def check_may_manage(actor: User | None, organisation: Organisation | None) -> None:
    """``PermissionDenied`` unless ``actor`` may manage the clients of ``organisation`` (None: the platform's)."""
    if actor is None:
        return
    if organisation is None:
        if not is_administrator(actor):
            raise PermissionDenied
        return
    check_may_coordinate(actor, organisation)


def clients_of(organisation: Organisation | None) -> QuerySet[LrsClient]:
    if organisation is None:
        return LrsClient.objects.filter(organisation__isnull=True, kind=ClientKind.CLIENT)
    return LrsClient.objects.filter(organisation=organisation, kind=ClientKind.CLIENT)


def get_client_in(organisation: Organisation | None, public_id: Any) -> LrsClient:
    """A client of ``organisation`` (Http404 for another's)."""
    return get_object_or_404(clients_of(organisation), public_id=public_id)
