"""Authoring actions on a draft's structure: modules, lessons and blocks.

One typed function per change. Each runs in one transaction, locks the draft version row
first (so a publish and an edit cannot interleave, and positions are renumbered by one
writer at a time), refuses anything but a draft, and writes its audit entry.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.courses.authoring.access import check_may_author
from jamlik.courses.blocks import MEDIA_RULES, BlockKind, validate_block_data
from jamlik.courses.models import Block, CourseVersion, Delivery, Lesson, Module, VersionStatus
from jamlik.people.models import User

Direction = Literal["up", "down"]
M = TypeVar("M", Module, Lesson, Block)


def lock_draft(actor: User | None, version: CourseVersion, *, content: bool = True) -> CourseVersion:
    """The version row, locked for this transaction, once ``actor`` may author its course
    (``PermissionDenied`` otherwise); ValidationError unless it is still a draft. With
    ``content`` (modules, lessons, blocks) also unless its lessons are Jämlik's own: a package's
    content comes from the package, while its settings (audience, time, diploma) are the course's."""
    locked = CourseVersion.objects.select_for_update(of=("self",)).select_related("course__owner").get(pk=version.pk)
    check_may_author(actor, locked.course.owner)
    if locked.status != VersionStatus.DRAFT:
        raise ValidationError(
            _("This version is published and can no longer change. Start a new draft from the course page.")
        )
    if content and locked.delivery != Delivery.NATIVE:
        raise ValidationError(_("This version plays a content package; its content comes from the package."))
    return locked


def _audit(action: str, actor: User, version: CourseVersion, target: models.Model, summary: str, **kw: Any) -> None:
    record(
        action,
        actor=actor,
        organisation=version.course.owner,
        target=target,
        summary=f"{version.course.slug} v{version.number}: {summary}",
        **kw,
    )


def _title(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValidationError({"title": _("Give it a title.")})
    if len(value) > 200:
        raise ValidationError({"title": _("A title may be at most 200 characters.")})
    return value


def _next_position(queryset: models.QuerySet[Any]) -> int:
    """Positions count from 1, so "block 3" in a message is the third block the author sees."""
    top = queryset.aggregate(top=models.Max("position"))["top"]
    return 1 if top is None else top + 1


def _reorder(siblings: list[M], item: M, direction: Direction) -> bool:
    """Swap ``item`` with its neighbour and renumber; False if it is already at that end."""
    index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    changed = []
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
            changed.append(sibling)
    type(item).objects.bulk_update(changed, ["position"])
    return True


# --- Modules ------------------------------------------------------------------------------


@transaction.atomic
def add_module(actor: User, version: CourseVersion, *, title: str) -> Module:
    version = lock_draft(actor, version)
    module = Module.objects.create(
        version=version, title=_title(title), position=_next_position(Module.objects.filter(version=version))
    )
    _audit("course.module_added", actor, version, module, module.title, after={"title": module.title})
    return module


@transaction.atomic
def rename_module(actor: User, module: Module, *, title: str) -> Module:
    version = lock_draft(actor, module.version)
    before = {"title": module.title}
    module.title = _title(title)
    module.save(update_fields=["title"])
    _audit("course.module_renamed", actor, version, module, module.title, before=before, after={"title": module.title})
    return module


@transaction.atomic
def move_module(actor: User, module: Module, direction: Direction) -> bool:
    version = lock_draft(actor, module.version)
    moved = _reorder(list(Module.objects.filter(version=version).order_by("position", "id")), module, direction)
    if moved:
        _audit("course.module_moved", actor, version, module, f"{module.title} {direction}")
    return moved


@transaction.atomic
def remove_module(actor: User, module: Module) -> None:
    version = lock_draft(actor, module.version)
    lessons = list(module.lessons.values_list("title", flat=True))
    _audit(
        "course.module_removed",
        actor,
        version,
        module,
        module.title,
        before={"title": module.title, "lessons": lessons},
    )
    module.delete()


# --- Lessons ------------------------------------------------------------------------------


@transaction.atomic
def add_lesson(actor: User, module: Module, *, title: str) -> Lesson:
    version = lock_draft(actor, module.version)
    lesson = Lesson.objects.create(
        module=module, title=_title(title), position=_next_position(Lesson.objects.filter(module=module))
    )
    _audit(
        "course.lesson_added",
        actor,
        version,
        lesson,
        lesson.title,
        after={"title": lesson.title, "module": module.title},
    )
    return lesson


@transaction.atomic
def update_lesson(actor: User, lesson: Lesson, *, title: str, module: Module) -> Lesson:
    version = lock_draft(actor, lesson.version)
    if module.version_id != version.pk:
        raise ValidationError({"module": _("Choose a module of this course.")})
    before = {"title": lesson.title, "module": lesson.module.title}
    lesson.title = _title(title)
    fields = ["title"]
    if module.pk != lesson.module_id:
        lesson.module = module
        lesson.position = _next_position(Lesson.objects.filter(module=module))
        fields += ["module", "position"]
    lesson.save(update_fields=fields)
    _audit(
        "course.lesson_changed",
        actor,
        version,
        lesson,
        lesson.title,
        before=before,
        after={"title": lesson.title, "module": module.title},
    )
    return lesson


@transaction.atomic
def move_lesson(actor: User, lesson: Lesson, direction: Direction) -> bool:
    version = lock_draft(actor, lesson.version)
    siblings = list(Lesson.objects.filter(module_id=lesson.module_id).order_by("position", "id"))
    moved = _reorder(siblings, lesson, direction)
    if moved:
        _audit("course.lesson_moved", actor, version, lesson, f"{lesson.title} {direction}")
    return moved


@transaction.atomic
def remove_lesson(actor: User, lesson: Lesson) -> None:
    version = lock_draft(actor, lesson.version)
    _audit("course.lesson_removed", actor, version, lesson, lesson.title, before={"title": lesson.title})
    lesson.delete()


# --- Blocks -------------------------------------------------------------------------------


def _block_snapshot(block: Block) -> dict[str, Any]:
    return {
        "kind": block.kind,
        "data": block.data,
        "file": block.file.name or None,
        "captions": block.captions.name or None,
    }


def _check_files(kind: str, file: File[Any] | None, captions: File[Any] | None) -> None:
    if file is not None and kind not in MEDIA_RULES:
        raise ValidationError({"file": _("This kind of block has no file.")})
    if captions is not None and kind != BlockKind.VIDEO:
        raise ValidationError({"captions": _("Only a video has captions.")})


@transaction.atomic
def add_block(
    actor: User,
    lesson: Lesson,
    *,
    kind: str,
    data: dict[str, Any],
    file: File[Any] | None = None,
    captions: File[Any] | None = None,
) -> Block:
    """Add a block at the end of the lesson. ``file``/``captions`` must already be checked by ``media``."""
    version = lock_draft(actor, lesson.version)
    if kind not in BlockKind.values:
        raise ValidationError({"kind": _("Unknown block kind.")})
    _check_files(kind, file, captions)
    block = Block(
        lesson=lesson,
        kind=kind,
        data=validate_block_data(kind, data),
        position=_next_position(Block.objects.filter(lesson=lesson)),
    )
    if file is not None:
        block.file.save(file.name or "upload", file, save=False)
    if captions is not None:
        block.captions.save("captions.vtt", captions, save=False)
    block.save()
    _audit("course.block_added", actor, version, block, f"{lesson.title}: {kind}", after=_block_snapshot(block))
    return block


@transaction.atomic
def update_block(
    actor: User,
    block: Block,
    *,
    data: dict[str, Any],
    file: File[Any] | None = None,
    captions: File[Any] | None = None,
) -> Block:
    """Change a block's content; a new file or captions file replaces the old one."""
    version = lock_draft(actor, block.lesson.version)
    _check_files(block.kind, file, captions)
    before = _block_snapshot(block)
    block.data = validate_block_data(block.kind, data)
    # Old files are left in storage: an earlier, published version may still show them.
    if file is not None:
        block.file.save(file.name or "upload", file, save=False)
    if captions is not None:
        block.captions.save("captions.vtt", captions, save=False)
    block.save()
    _audit(
        "course.block_changed",
        actor,
        version,
        block,
        f"{block.lesson.title}: {block.kind}",
        before=before,
        after=_block_snapshot(block),
    )
    return block


@transaction.atomic
def move_block(actor: User, block: Block, direction: Direction) -> bool:
    version = lock_draft(actor, block.lesson.version)
    siblings = list(Block.objects.filter(lesson_id=block.lesson_id).order_by("position", "id"))
    moved = _reorder(siblings, block, direction)
    if moved:
        _audit("course.block_moved", actor, version, block, f"{block.lesson.title}: {block.kind} {direction}")
    return moved


@transaction.atomic
def remove_block(actor: User, block: Block) -> None:
    version = lock_draft(actor, block.lesson.version)
    _audit(
        "course.block_removed",
        actor,
        version,
        block,
        f"{block.lesson.title}: {block.kind}",
        before=_block_snapshot(block),
    )
    block.delete()
