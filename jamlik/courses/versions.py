"""Actions on a course and its versions: create, copy into a new draft, publish.

Published content is frozen. To change a published course, ``create_draft_from`` copies the
version (modules, lessons and blocks, keeping each lesson's and block's ``key`` and sharing
the uploaded files, which are never changed in place); publishing the draft retires the
previous version. Learners already enrolled keep the version they started.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.courses.authoring.access import check_may_author
from jamlik.courses.models import (
    Audience,
    Block,
    Course,
    CourseVersion,
    Delivery,
    Lesson,
    Module,
    Topic,
    VersionStatus,
)
from jamlik.people.models import Language, Organisation, User

_COPIED_FIELDS = (
    "title",
    "summary",
    "language",
    "estimated_minutes",
    "audience",
    "order_mode",
    "pass_mark",
    "issues_diploma",
)


@transaction.atomic
def create_course(
    actor: User | None,
    *,
    slug: str,
    title: str,
    owner: Organisation | None = None,
    topic: str = Topic.TREATMENT,
    language: str = Language.SV,
) -> Course:
    """A new course with an empty draft, version 1."""
    check_may_author(actor, owner)
    if Course.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Another course already uses this address.")})
    course = Course.objects.create(slug=slug, owner=owner, topic=topic, created_by=actor)
    CourseVersion.objects.create(course=course, number=1, title=title, language=language, created_by=actor)
    record("course.created", actor=actor, organisation=owner, target=course, summary=f"{slug}: {title}")
    return course


@transaction.atomic
def create_draft_from(actor: User | None, version: CourseVersion) -> CourseVersion:
    """A new draft that copies ``version``'s settings and content; the copy is the next number."""
    course = Course.objects.select_for_update(of=("self",)).select_related("owner").get(pk=version.course_id)
    check_may_author(actor, course.owner)
    if version.delivery != Delivery.NATIVE:
        raise ValidationError(_("A package course gets a new version when its package is uploaded again."))
    if CourseVersion.objects.filter(course=course, status=VersionStatus.DRAFT).exists():
        raise ValidationError(_("This course already has a draft. Edit that draft or publish it first."))
    number = (CourseVersion.objects.filter(course=course).aggregate(m=Max("number"))["m"] or 0) + 1
    draft = CourseVersion(course=course, number=number, status=VersionStatus.DRAFT, created_by=actor)
    for field in _COPIED_FIELDS:
        setattr(draft, field, getattr(version, field))
    try:
        with transaction.atomic():
            draft.save()
    except IntegrityError as exc:  # a concurrent copy won
        raise ValidationError(_("This course already has a draft. Edit that draft or publish it first.")) from exc
    draft.organisations.set(version.organisations.all())

    lessons_by_module: dict[int, list[Lesson]] = {}
    for lesson in Lesson.objects.filter(version=version).order_by("position", "id"):
        lessons_by_module.setdefault(lesson.module_id, []).append(lesson)
    blocks_by_lesson: dict[int, list[Block]] = {}
    for block in Block.objects.filter(lesson__version=version).order_by("position", "id"):
        blocks_by_lesson.setdefault(block.lesson_id, []).append(block)

    for module in Module.objects.filter(version=version).order_by("position", "id"):
        new_module = Module.objects.create(version=draft, position=module.position, title=module.title)
        for lesson in lessons_by_module.get(module.pk, []):
            new_lesson = Lesson.objects.create(
                module=new_module, version=draft, key=lesson.key, position=lesson.position, title=lesson.title
            )
            Block.objects.bulk_create(
                Block(
                    lesson=new_lesson,
                    key=block.key,
                    position=block.position,
                    kind=block.kind,
                    data=block.data,
                    file=block.file.name,
                    captions=block.captions.name,
                )
                for block in blocks_by_lesson.get(lesson.pk, [])
            )
    record(
        "course.draft_created",
        actor=actor,
        organisation=course.owner,
        target=draft,
        summary=f"{course.slug} v{number} (from v{version.number})",
        after={"number": number, "copied_from": version.number},
    )
    return draft


def publishing_problems(version: CourseVersion) -> list[str]:
    """Everything that stops ``version`` from being published, each naming where it is."""
    problems: list[str] = []
    if not version.title.strip():
        problems.append(_("The course has no title."))
    if version.pass_mark > 100:
        problems.append(_("The pass mark must be between 0 and 100 per cent."))
    if version.audience == Audience.CHOSEN_ORGANISATIONS and not version.organisations.exists():
        problems.append(_("Choose at least one organisation, or another audience."))
    if version.delivery != Delivery.NATIVE:
        return problems  # a package's content was checked when it was imported (jamlik.packages)
    lessons = list(version.ordered_lessons().select_related("module"))
    if not lessons:
        problems.append(_("The course has no lessons."))
    blocks = Block.objects.filter(lesson__version=version).select_related("lesson").order_by("lesson_id", "position")
    lessons_with_blocks = set()
    for block in blocks:
        lessons_with_blocks.add(block.lesson_id)
        for problem in block.publishing_problems():
            problems.append(
                _("Lesson “%(lesson)s”, block %(n)s (%(kind)s): %(problem)s")
                % {
                    "lesson": block.lesson.title,
                    "n": block.position,
                    "kind": block.get_kind_display(),
                    "problem": problem,
                }
            )
    for lesson in lessons:
        if lesson.pk not in lessons_with_blocks:
            problems.append(_("Lesson “%(lesson)s” has no content.") % {"lesson": lesson.title})
    return problems


@transaction.atomic
def publish_version(actor: User | None, version: CourseVersion) -> CourseVersion:
    """Publish a draft. The version published before it is retired; its learners keep it."""
    course = Course.objects.select_for_update(of=("self",)).select_related("owner").get(pk=version.course_id)
    check_may_author(actor, course.owner)
    version = CourseVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    problems = publishing_problems(version)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    previous = CourseVersion.objects.filter(course=course, status=VersionStatus.PUBLISHED).first()
    if previous is not None:
        previous.status = VersionStatus.RETIRED
        previous.retired_at = now
        previous.save(update_fields=["status", "retired_at"])
    version.status = VersionStatus.PUBLISHED
    version.published_at = now
    version.published_by = actor
    version.save(update_fields=["status", "published_at", "published_by"])
    course.published_version = version
    course.save(update_fields=["published_version"])
    record(
        "course.published",
        actor=actor,
        organisation=course.owner,
        target=version,
        summary=f"{course.slug} v{version.number}",
        before={"published": previous.number if previous else None},
        after={"published": version.number},
    )
    return version


@transaction.atomic
def unpublish_course(actor: User | None, course: Course) -> None:
    """Take a course out of the catalogue. Enrolled learners can still finish their version."""
    course = Course.objects.select_for_update(of=("self",)).select_related("owner").get(pk=course.pk)
    check_may_author(actor, course.owner)
    version = course.published_version
    if version is None:
        return
    CourseVersion.objects.filter(pk=version.pk).update(status=VersionStatus.RETIRED, retired_at=timezone.now())
    course.published_version = None
    course.save(update_fields=["published_version"])
    record("course.unpublished", actor=actor, organisation=course.owner, target=course, summary=course.slug)
