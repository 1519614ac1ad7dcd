"""The person's own exports: 404 for anyone else's, as for one that does not exist."""

from __future__ import annotations

from uuid import UUID

from django.shortcuts import get_object_or_404

from jamlik.people.models import User
from jamlik.privacy.models import DataExport


def get_own_export(person: User, public_id: UUID) -> DataExport:
    return get_object_or_404(DataExport.objects.filter(person=person), public_id=public_id)
