"""A version's lessons in order, and each lesson's blocks with their Markdown rendered, kept in the process.

Published and retired versions never change: authoring edits drafts only, and publishing turns
a draft into a new published version. So the lesson page reads a published version's structure
once per process instead of on every request. Drafts are always read afresh.

Every save or delete of a version, module, lesson or block empties this process's cache (the
admin, imports and tests write such rows); other processes are not told, which is fine only
because published content is not edited.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.utils.safestring import SafeString

from jamlik.courses.blocks import ScenarioData, TextData
from jamlik.courses.models import Block, CourseVersion, Lesson, Module, VersionStatus
from jamlik.lib.markdown import render_markdown

MAX_ENTRIES = 2_000  # lessons and versions together; emptied when full (a few KB each)


@dataclass(frozen=True)
class LessonContent:
    blocks: tuple[Block, ...]
    html: dict[int, SafeString]  # block id -> its Markdown rendered (text, scenario situation)


_lessons: dict[int, tuple[Lesson, ...]] = {}
_contents: dict[int, LessonContent] = {}


def _remember(store: dict[int, Any], key: int, value: Any) -> None:
    if len(_lessons) + len(_contents) >= MAX_ENTRIES:
        clear()
    store[key] = value


def clear(**_kwargs: Any) -> None:
    _lessons.clear()
    _contents.clear()


def version_lessons(version: CourseVersion) -> list[Lesson]:
    """The version's lessons (with their modules) in order. Treat the lessons as read-only."""
    if version.status == VersionStatus.DRAFT:
        return list(version.ordered_lessons().select_related("module"))
    cached = _lessons.get(version.pk)
    if cached is None:
        cached = tuple(version.ordered_lessons().select_related("module"))
        _remember(_lessons, version.pk, cached)
    return list(cached)


def find_lesson(version: CourseVersion, public_id: object) -> Lesson | None:
    """One of the version's lessons by its public id: a copy of its own, which knows its version."""
    found = next((item for item in version_lessons(version) if str(item.public_id) == str(public_id)), None)
    if found is None:
        return None
    lesson = copy.copy(found)  # Django copies the related-object cache too, so the shared lesson stays as it is
    lesson.version = version
    return lesson


def _read_content(lesson: Lesson) -> LessonContent:
    blocks = tuple(lesson.blocks.all())
    html: dict[int, SafeString] = {}
    for block in blocks:
        content = block.content
        if isinstance(content, TextData):
            html[block.pk] = render_markdown(content.markdown)
        elif isinstance(content, ScenarioData):
            html[block.pk] = render_markdown(content.situation)
    return LessonContent(blocks, html)


def lesson_content(version: CourseVersion, lesson: Lesson) -> LessonContent:
    """``lesson``'s blocks in order and their rendered Markdown; ``lesson`` belongs to ``version``."""
    if version.status == VersionStatus.DRAFT:
        return _read_content(lesson)
    cached = _contents.get(lesson.pk)
    if cached is None:
        cached = _read_content(lesson)
        _remember(_contents, lesson.pk, cached)
    return cached


def connect() -> None:
    for model in (CourseVersion, Module, Lesson, Block):
        post_save.connect(clear, sender=model, dispatch_uid=f"courses.published.save.{model.__name__}")
        post_delete.connect(clear, sender=model, dispatch_uid=f"courses.published.delete.{model.__name__}")
