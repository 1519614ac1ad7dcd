"""The name on a diploma is the person's own: asked for when missing, corrected by a re-issue.

A diploma is never issued with part of an email address for a name. When someone completes a
course or programme that ends with a diploma before giving their name, nothing is stored: the
diploma "waits", which is derived from what they completed and the diplomas they hold. Giving
the name (``people.actions.set_name`` or the profile form) publishes ``name_given``, and
``issue_waiting`` issues every waiting diploma. Correcting the name later leaves issued diplomas
alone until the person asks: ``reissue_with_current_name`` re-issues each diploma whose name
differs (a new code; the old one says it was replaced), through ``actions.reissue_diploma``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jamlik.courses.models import Completion
from jamlik.credentials import actions
from jamlik.credentials.models import Diploma
from jamlik.credentials.programmes import issue_for_programme_completion, programme_key
from jamlik.people.models import User
from jamlik.programmes.models import ProgrammeCompletion


def _held_keys(user: User) -> set[str]:
    return set(
        Diploma.objects.filter(recipient=user, superseded_at__isnull=True).values_list("achievement_key", flat=True)
    )


def _waiting(user: User) -> tuple[list[Completion], list[ProgrammeCompletion]]:
    held = _held_keys(user)
    courses = [
        completion
        for completion in Completion.objects.filter(user=user, version__issues_diploma=True).select_related(
            "course__owner", "version", "enrolment", "user"
        )
        if actions.course_key(completion.course_id) not in held
    ]
    programmes = [
        completion
        for completion in ProgrammeCompletion.objects.filter(user=user, programme__issues_diploma=True).select_related(
            "programme", "registration", "user"
        )
        if programme_key(completion.programme_id) not in held
    ]
    return courses, programmes


def waiting_titles(user: User) -> list[str]:
    """What the person completed whose diploma waits for their name."""
    courses, programmes = _waiting(user)
    return [c.version.title for c in courses] + [p.programme.title for p in programmes]


def issue_waiting(user: User) -> list[Diploma]:
    """Issue every diploma that waited for the person's name (each its own audited issue)."""
    if not user.name.strip():
        return []
    courses, programmes = _waiting(user)
    issued = [actions.issue_for_completion(None, completion) for completion in courses]
    issued += [issue_for_programme_completion(None, completion) for completion in programmes]
    return issued


def diplomas_with_another_name(user: User) -> list[Diploma]:
    """The person's current, unrevoked diplomas that carry another name than theirs now."""
    if not user.name.strip():
        return []
    return list(
        Diploma.objects.filter(recipient=user, superseded_at__isnull=True, revoked_at__isnull=True)
        .exclude(recipient_name=user.name.strip())
        .order_by("-issued_at")
    )


@transaction.atomic
def reissue_with_current_name(user: User) -> list[Diploma]:
    """The person asks for their diplomas again with the name they have now (one audit entry per diploma)."""
    name = user.name.strip()
    if not name:
        raise ValidationError(_("Give your name first; the diplomas are re-issued with it."))
    return [
        actions.reissue_diploma(user, diploma, recipient_name=name)
        for diploma in Diploma.objects.select_for_update()
        .filter(recipient=user, superseded_at__isnull=True, revoked_at__isnull=True)
        .exclude(recipient_name=name)
        .order_by("issued_at", "pk")
    ]
