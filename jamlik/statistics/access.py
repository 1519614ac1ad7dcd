"""Who sees which statistics: programme managers everything, coordinators their own organisations."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404

from jamlik.people.access import coordinated_organisations, get_organisation_for_coordinator
from jamlik.people.models import Organisation
from jamlik.statistics.models import FundedProject


def is_manager(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_programme_manager)


def require_manager(user: Any) -> None:
    if not is_manager(user):
        raise Http404


def get_organisation_for_statistics(user: Any, slug: str) -> Organisation:
    """An organisation the person coordinates; programme managers may open any. 404 otherwise."""
    if is_manager(user):
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise Http404
        return organisation
    return get_organisation_for_coordinator(user, slug)


def own_organisations(user: Any) -> list[Organisation]:
    return list(coordinated_organisations(user).order_by("name"))


def get_project_for_manager(user: Any, public_id: UUID) -> FundedProject:
    require_manager(user)
    project = FundedProject.objects.filter(public_id=public_id).first()
    if project is None:
        raise Http404
    return project
