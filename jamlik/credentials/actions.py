"""Every state change of a diploma: issue (automatically, by hand, in bulk), re-issue, revoke.

Each action runs in one transaction and writes one audit entry per diploma it touches.
"Once per achievement" is kept by the partial unique constraint on (recipient,
achievement_key) for current diplomas: a concurrent second issue fails inside a savepoint and
the action returns the diploma that won.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.credentials.achievement import Achievement, AchievementKind, Part
from jamlik.credentials.events import DiplomaRevoked, DiplomasIssued, diploma_revoked, diplomas_issued
from jamlik.credentials.models import Diploma
from jamlik.people.models import Organisation, User


def course_key(course_id: int) -> str:
    return f"course:{course_id}"


def course_achievement(completion: Any, module_titles: list[str] | None = None) -> Achievement:
    """The snapshot of a completed course: its version's title, modules and dates.

    ``module_titles`` (the version's modules in order) saves the query when the caller read them
    for many completions at once (``credentials.bulk``)."""
    version = completion.version
    if module_titles is None:
        module_titles = [m.title for m in version.modules.order_by("position", "id")]
    return Achievement(
        kind=AchievementKind.COURSE,
        title=version.title,
        summary=version.summary,
        language=version.language,
        parts=[Part(title=title) for title in module_titles],
        started_on=timezone.localdate(completion.enrolment.created_at),
        completed_on=timezone.localdate(completion.completed_at),
        estimated_minutes=version.estimated_minutes,
        reference=course_key(completion.course_id),
    )


def snapshot(diploma: Diploma) -> dict[str, Any]:
    return {
        "code": diploma.code,
        "recipient_name": diploma.recipient_name,
        "achievement_key": diploma.achievement_key,
        "expires_at": diploma.expires_at.isoformat() if diploma.expires_at else None,
        "revoked_at": diploma.revoked_at.isoformat() if diploma.revoked_at else None,
        "superseded_by": diploma.superseded_by_id,
    }


class NameNeeded(ValidationError):
    """The person has not given their name: a diploma never falls back to part of an email address.

    Diplomas on completion wait instead (``credentials.waiting``) and are issued when the name is given.
    """

    def __init__(self, recipient: User) -> None:
        super().__init__(
            _(
                "%(email)s has not given their name yet, so no diploma can be issued. They are asked for it on "
                "their pages, and diplomas for what they completed are issued as soon as they give it."
            )
            % {"email": recipient.email},
            code="name_needed",
        )


def issue_diploma(
    actor: User | None,
    *,
    recipient: User,
    achievement: Achievement,
    issuers: Iterable[Organisation] = (),
    recipient_name: str = "",
    expires_at: datetime.datetime | None = None,
    course_version: Any = None,
    completion: Any = None,
) -> Diploma:
    """Issue a diploma for ``achievement``, or return the current one if it was issued already."""
    key = achievement.reference
    if not key:
        raise ValueError("An achievement needs a reference to be issued once")
    with transaction.atomic():
        existing = Diploma.objects.filter(recipient=recipient, achievement_key=key, superseded_at__isnull=True).first()
        if existing is not None:
            return existing
        name = (recipient_name or recipient.name).strip()
        if not name:
            raise NameNeeded(recipient)
        issuer_list = list(issuers)
        diploma = Diploma(
            recipient=recipient,
            recipient_name=name,
            language=recipient.preferred_language,
            kind=achievement.kind,
            achievement_key=key,
            achievement=achievement.model_dump(mode="json"),
            course_version=course_version,
            completion=completion,
            issued_by=actor,
            expires_at=expires_at,
        )
        try:
            with transaction.atomic():
                diploma.save()
        except IntegrityError:
            # Someone issued it a moment ago (or, once in 2^80, the code was taken): use theirs.
            existing = Diploma.objects.filter(
                recipient=recipient, achievement_key=key, superseded_at__isnull=True
            ).first()
            if existing is None:
                raise
            return existing
        diploma.issuers.set(issuer_list)
        record(
            "credentials.diploma_issued",
            actor=actor,
            organisation=issuer_list[0] if issuer_list else None,
            target=diploma,
            summary=f"{diploma.recipient_name}: {achievement.title}",
            after=snapshot(diploma),
        )
        diplomas_issued.publish(DiplomasIssued((diploma.pk,)))
    return diploma


def issue_for_completion(actor: User | None, completion: Any) -> Diploma:
    """The diploma for a course completion (the course_completed listener calls this; ``credentials.bulk``
    writes the same rows for many at once)."""
    owner = completion.course.owner
    return issue_diploma(
        actor,
        recipient=completion.user,
        achievement=course_achievement(completion),
        issuers=[owner] if owner is not None else [],
        course_version=completion.version,
        completion=completion,
    )


def require_manager(actor: User) -> None:
    if not actor.is_programme_manager:
        raise PermissionDenied


def issue_for_course(actor: User, recipient: User, course: Any) -> Diploma:
    """A programme manager issues by hand; only for a course the person has completed."""
    from jamlik.courses.models import Completion

    require_manager(actor)
    completion = (
        Completion.objects.select_related("course__owner", "version", "enrolment", "user")
        .filter(user=recipient, course=course)
        .first()
    )
    if completion is None:
        raise ValidationError(_("%(name)s has not completed this course.") % {"name": recipient.display_name()})
    return issue_for_completion(actor, completion)


def _locked(diploma: Diploma) -> Diploma:
    return Diploma.objects.select_for_update().get(pk=diploma.pk)


@transaction.atomic
def revoke_diploma(actor: User, diploma: Diploma, reason: str) -> Diploma:
    require_manager(actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the diploma is revoked; the reason is shown to anyone who checks it.")}
        )
    current = _locked(diploma)
    if current.revoked_at is not None:
        raise ValidationError(_("This diploma is already revoked."))
    before = snapshot(current)
    current.revoked_at = timezone.now()
    current.revocation_reason = reason[:300]
    current.save(update_fields=["revoked_at", "revocation_reason"])
    record(
        "credentials.diploma_revoked",
        actor=actor,
        organisation=current.issuers.first(),
        target=current,
        summary=reason,
        before=before,
        after=snapshot(current),
    )
    diploma_revoked.publish(DiplomaRevoked(current.pk))
    return current


@transaction.atomic
def reissue_diploma(
    actor: User,
    diploma: Diploma,
    *,
    recipient_name: str | None = None,
    expires_at: datetime.datetime | None = None,
) -> Diploma:
    """A new diploma with a new code replaces ``diploma`` (a corrected name, a new expiry date)."""
    if actor.pk != diploma.recipient_id:
        require_manager(actor)
    old = _locked(diploma)
    if old.revoked_at is not None or old.superseded_at is not None:
        raise ValidationError(_("Only a diploma that is neither revoked nor replaced can be re-issued."))
    before = snapshot(old)
    old.superseded_at = timezone.now()
    old.save(update_fields=["superseded_at"])
    new = Diploma.objects.create(
        recipient_id=old.recipient_id,
        recipient_name=(recipient_name or old.recipient_name).strip(),
        language=old.language,
        kind=old.kind,
        achievement_key=old.achievement_key,
        achievement=old.achievement,
        course_version_id=old.course_version_id,
        completion_id=old.completion_id,
        issued_by=actor,
        expires_at=expires_at if expires_at is not None else old.expires_at,
    )
    new.issuers.set(old.issuers.all())
    old.superseded_by = new
    old.save(update_fields=["superseded_by"])
    record(
        "credentials.diploma_reissued",
        actor=actor,
        organisation=old.issuers.first(),
        target=old,
        summary=f"{old.display_code} → {new.display_code}",
        before=before,
        after=snapshot(new),
    )
    diplomas_issued.publish(DiplomasIssued((new.pk,)))
    return new


@transaction.atomic
def set_expiry(actor: User, diploma: Diploma, expires_at: datetime.datetime | None) -> Diploma:
    require_manager(actor)
    current = _locked(diploma)
    before = snapshot(current)
    current.expires_at = expires_at
    current.save(update_fields=["expires_at"])
    record(
        "credentials.diploma_expiry_set",
        actor=actor,
        organisation=current.issuers.first(),
        target=current,
        before=before,
        after=snapshot(current),
    )
    return current
