"""Course authoring actions check their actor themselves (docs/architecture.md, "Who may make a
change"): a coordinator authors only the courses their organisation owns, programme managers
every course. Each case calls one action as someone who may not and expects ``PermissionDenied``
with nothing written; the pages' own tests are the allowed calls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied

from jamlik.courses import versions
from jamlik.courses.authoring import actions, content
from jamlik.courses.models import Block, Course, CourseVersion, Lesson, Module
from jamlik.people.models import Organisation, User
from tests.courses.factories import make_course
from tests.refusals import assert_refused


@dataclass
class Authored:
    """Organisation A's course: a draft with a module, a lesson and a block, and a published one."""

    org_a: Organisation
    draft: CourseVersion
    module: Module
    lesson: Lesson
    block: Block
    published: Course


@pytest.fixture
def authored(org_a: Organisation) -> Authored:
    course = versions.create_course(None, slug="bemotande", title="Bemötande", owner=org_a)
    draft = course.versions.get()
    module = content.add_module(None, draft, title="Grunderna")
    lesson = content.add_lesson(None, module, title="Vad är bemötande?")
    block = content.add_block(None, lesson, kind="text", data={"markdown": "Alla har rätt till respekt."})
    published = make_course(lessons=1)
    published.owner = org_a
    published.save(update_fields=["owner"])
    return Authored(org_a, draft, module, lesson, block, published)


def _settings(a: Authored, u: User) -> object:
    return actions.update_settings(
        u,
        a.draft,
        title="Ändrad",
        summary="",
        language="sv",
        estimated_minutes=30,
        topic=a.draft.course.topic,
        audience=a.draft.audience,
        organisations=[],
        order_mode=a.draft.order_mode,
        pass_mark=80,
        issues_diploma=False,
    )


CASES: dict[str, Callable[[Authored, User], object]] = {
    "create_course": lambda a, u: versions.create_course(u, slug="egen", title="Egen", owner=a.org_a),
    "update_settings": _settings,
    "start_new_draft": lambda a, u: actions.start_new_draft(u, a.published),
    "create_draft_from": lambda a, u: versions.create_draft_from(u, a.published.versions.get()),
    "publish_version": lambda a, u: versions.publish_version(u, a.draft),
    "unpublish_course": lambda a, u: versions.unpublish_course(u, a.published),
    "add_module": lambda a, u: content.add_module(u, a.draft, title="Ny"),
    "rename_module": lambda a, u: content.rename_module(u, a.module, title="Ny"),
    "move_module": lambda a, u: content.move_module(u, a.module, "down"),
    "remove_module": lambda a, u: content.remove_module(u, a.module),
    "add_lesson": lambda a, u: content.add_lesson(u, a.module, title="Ny"),
    "update_lesson": lambda a, u: content.update_lesson(u, a.lesson, title="Ny", module=a.module),
    "move_lesson": lambda a, u: content.move_lesson(u, a.lesson, "down"),
    "remove_lesson": lambda a, u: content.remove_lesson(u, a.lesson),
    "add_block": lambda a, u: content.add_block(u, a.lesson, kind="text", data={"markdown": "Mer."}),
    "update_block": lambda a, u: content.update_block(u, a.block, data={"markdown": "Ändrad."}),
    "move_block": lambda a, u: content.move_block(u, a.block, "down"),
    "remove_block": lambda a, u: content.remove_block(u, a.block),
}


@pytest.mark.parametrize("action", sorted(CASES))
def test_a_coordinator_of_another_organisation_is_refused(authored: Authored, coordinator_b: User, action: str) -> None:
    assert_refused(lambda: CASES[action](authored, coordinator_b), Course, CourseVersion, Module, Lesson, Block)


@pytest.mark.parametrize("action", ["create_course", "add_module", "publish_version"])
def test_a_learner_of_the_owning_organisation_is_refused(authored: Authored, learner_a: User, action: str) -> None:
    assert_refused(lambda: CASES[action](authored, learner_a), Course, CourseVersion, Module)


def test_a_coordinator_cannot_make_a_course_for_the_whole_platform(coordinator_a: User) -> None:
    with pytest.raises(PermissionDenied):
        versions.create_course(coordinator_a, slug="alla", title="För alla", owner=None)
    assert not Course.objects.exists()


def test_the_owners_coordinator_and_programme_managers_may(
    authored: Authored, coordinator_a: User, programme_manager: User
) -> None:
    """The same check lets through whom the authoring pages let through."""
    content.add_module(coordinator_a, authored.draft, title="Från samordnaren")
    content.add_module(programme_manager, authored.draft, title="Från programansvarig")
    assert {"Från samordnaren", "Från programansvarig"} <= set(Module.objects.values_list("title", flat=True))
