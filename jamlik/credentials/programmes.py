"""Diplomas for completed programmes: the modules with the dates the person actually attended."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.courses.models import Completion
from jamlik.credentials.achievement import Achievement, AchievementKind, Part
from jamlik.credentials.actions import issue_diploma, require_manager
from jamlik.credentials.models import Diploma
from jamlik.people.models import User
from jamlik.programmes.models import (
    Attendance,
    BookingStatus,
    ModuleKind,
    Programme,
    ProgrammeCompletion,
)


def programme_key(programme_id: int) -> str:
    return f"programme:{programme_id}"


def programme_achievement(completion: ProgrammeCompletion) -> Achievement:
    programme = completion.programme
    attended: dict[int, datetime.date] = {}
    bookings = completion.registration.bookings.filter(
        status=BookingStatus.CONFIRMED, attendance=Attendance.ATTENDED
    ).select_related("session")
    for booking in bookings:
        attended[booking.session.module_id] = timezone.localdate(booking.session.starts_at)
    parts = []
    for module in programme.modules.order_by("position"):
        day = attended.get(module.pk)
        if module.kind == ModuleKind.SELF_PACED and module.course_id is not None:
            done = Completion.objects.filter(user_id=completion.user_id, course_id=module.course_id).first()
            day = timezone.localdate(done.completed_at) if done is not None else None
        if day is not None or module.required:
            parts.append(Part(title=module.title, date=day))
    days = [p.date for p in parts if p.date is not None]
    return Achievement(
        kind=AchievementKind.PROGRAMME,
        title=programme.title,
        summary=programme.summary,
        language=programme.language,
        parts=parts,
        started_on=min(days) if days else None,
        completed_on=timezone.localdate(completion.completed_at),
        reference=programme_key(programme.pk),
    )


def issue_for_programme_completion(actor: User | None, completion: ProgrammeCompletion) -> Diploma:
    return issue_diploma(
        actor,
        recipient=completion.user,
        achievement=programme_achievement(completion),
        issuers=list(completion.programme.organisers.order_by("name")),
    )


def issue_for_programme(actor: User, recipient: User, programme: Programme) -> Diploma:
    """A programme manager issues by hand; only for a programme the person has completed."""
    require_manager(actor)
    completion = _completions().filter(user=recipient, programme=programme).first()
    if completion is None:
        raise ValidationError(_("%(name)s has not completed this programme.") % {"name": recipient.display_name()})
    return issue_for_programme_completion(actor, completion)


def issue_for_programme_in_bulk(actor: User, programme: Programme) -> list[Diploma]:
    require_manager(actor)
    # People who have not given their name wait (credentials.waiting issues theirs when they do).
    return [
        issue_for_programme_completion(actor, c)
        for c in _completions().filter(programme=programme)
        if c.user.name.strip()
    ]


def _completions() -> QuerySet[ProgrammeCompletion]:
    return ProgrammeCompletion.objects.select_related("programme", "registration", "user")
