"""Authoring actions on a course and its draft's settings.

Creating a course, copying a published version into a new draft and publishing are
``jamlik.courses.versions`` (shared with the demo data and bundle imports); this module adds
what only authors do. Structure changes (modules, lessons, blocks) are in ``content``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.courses.authoring.content import lock_draft
from jamlik.courses.models import Audience, Course, CourseVersion, OrderMode, Topic, VersionStatus
from jamlik.courses.versions import create_draft_from
from jamlik.people.models import Language, Organisation, User


def _settings_snapshot(course: Course, version: CourseVersion) -> dict[str, object]:
    return {
        "title": version.title,
        "summary": version.summary,
        "language": version.language,
        "estimated_minutes": version.estimated_minutes,
        "topic": course.topic,
        "audience": version.audience,
        "organisations": sorted(version.organisations.values_list("slug", flat=True)),
        "order_mode": version.order_mode,
        "pass_mark": version.pass_mark,
        "issues_diploma": version.issues_diploma,
    }


@transaction.atomic
def update_settings(
    actor: User,
    version: CourseVersion,
    *,
    title: str,
    summary: str,
    language: str,
    estimated_minutes: int,
    topic: str,
    audience: str,
    organisations: Iterable[Organisation],
    order_mode: str,
    pass_mark: int,
    issues_diploma: bool,
) -> CourseVersion:
    """Change a draft's settings (and the course's topic, which all versions share)."""
    version = lock_draft(actor, version, content=False)
    course = version.course
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Give the course a title.")
    if language not in Language.values:
        errors["language"] = _("Choose a language.")
    if topic not in Topic.values:
        errors["topic"] = _("Choose a topic.")
    if audience not in Audience.values:
        errors["audience"] = _("Choose who the course is for.")
    if order_mode not in OrderMode.values:
        errors["order_mode"] = _("Choose an order.")
    if not 0 <= pass_mark <= 100:
        errors["pass_mark"] = _("The pass mark is a percentage from 0 to 100.")
    if not 1 <= estimated_minutes <= 6000:
        errors["estimated_minutes"] = _("Give the estimated time in minutes, from 1 to 6000.")
    chosen = list(organisations)
    if audience == Audience.CHOSEN_ORGANISATIONS and not chosen:
        errors["organisations"] = _("Choose at least one organisation, or another audience.")
    if errors:
        raise ValidationError(errors)
    before = _settings_snapshot(course, version)
    version.title = title.strip()
    version.summary = summary.strip()
    version.language = language
    version.estimated_minutes = estimated_minutes
    version.audience = audience
    version.order_mode = order_mode
    version.pass_mark = pass_mark
    version.issues_diploma = issues_diploma
    version.save(
        update_fields=[
            "title",
            "summary",
            "language",
            "estimated_minutes",
            "audience",
            "order_mode",
            "pass_mark",
            "issues_diploma",
        ]
    )
    version.organisations.set(chosen if audience == Audience.CHOSEN_ORGANISATIONS else [])
    if course.topic != topic:
        course.topic = topic
        course.save(update_fields=["topic"])
    record(
        "course.settings_changed",
        actor=actor,
        organisation=course.owner,
        target=version,
        summary=f"{course.slug} v{version.number}",
        before=before,
        after=_settings_snapshot(course, version),
    )
    return version


def start_new_draft(actor: User, course: Course) -> CourseVersion:
    """A draft to edit: a copy of the published version (or, if none, of the newest version)."""
    source = (
        CourseVersion.objects.filter(course=course, status=VersionStatus.PUBLISHED).first()
        or CourseVersion.objects.filter(course=course).order_by("-number").first()
    )
    if source is None:
        raise ValidationError(_("This course has no version to copy."))
    return create_draft_from(actor, source)
