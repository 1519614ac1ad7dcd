"""Changes to funded projects: one transaction and one audit entry each."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.people.models import User
from jamlik.statistics.models import FundedProject

FIELDS = ("name", "funder", "project_number", "starts_on", "ends_on")


def _snapshot(project: FundedProject) -> dict[str, Any]:
    data: dict[str, Any] = {f: str(getattr(project, f)) for f in FIELDS}
    data["courses"] = sorted(project.courses.values_list("pk", flat=True))
    data["programmes"] = sorted(project.programmes.values_list("pk", flat=True))
    data["campaigns"] = sorted(project.campaigns.values_list("pk", flat=True))
    return data


def save_project(
    actor: User,
    project: FundedProject | None,
    *,
    courses: Iterable[Any],
    programmes: Iterable[Any],
    campaigns: Iterable[Any],
    **fields: Any,
) -> FundedProject:
    """Create (``project`` None) or change a funded project and what it tags."""
    if not actor.is_programme_manager:
        raise ValidationError(_("Only programme managers manage funded projects."))
    if fields["ends_on"] < fields["starts_on"]:
        raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})
    with transaction.atomic():
        before = _snapshot(FundedProject.objects.get(pk=project.pk)) if project is not None else None
        target = project or FundedProject()
        for name, value in fields.items():
            setattr(target, name, value)
        target.save()
        target.courses.set(list(courses))
        target.programmes.set(list(programmes))
        target.campaigns.set(list(campaigns))
        record(
            "statistics.project_saved" if before else "statistics.project_created",
            actor=actor,
            target=target,
            summary=target.name,
            before=before,
            after=_snapshot(target),
        )
    return target
