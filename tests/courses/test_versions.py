"""Versions: published content is frozen, edits go to a copied draft, and learners in the
middle of a course keep the version they started."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from jamlik.courses import actions, versions
from jamlik.courses.blocks import BlockKind
from jamlik.courses.models import Block, Completion, CourseVersion, Lesson, VersionStatus
from jamlik.people.models import User
from tests.courses.factories import BlockFactory, lessons_of, make_course
from tests.factories import MembershipFactory, UserFactory


@pytest.mark.django_db
def test_a_draft_copied_from_a_published_version_has_the_same_content_and_keys() -> None:
    course = make_course(lessons=2, checks_per_lesson=1, pass_mark=60)
    published = course.published_version
    assert published is not None
    draft = versions.create_draft_from(None, published)
    assert (draft.number, draft.status, draft.pass_mark) == (2, VersionStatus.DRAFT, 60)
    old, new = list(published.ordered_lessons()), list(draft.ordered_lessons())
    assert [lesson.key for lesson in old] == [lesson.key for lesson in new]
    assert {lesson.public_id for lesson in old}.isdisjoint({lesson.public_id for lesson in new})
    old_blocks = Block.objects.filter(lesson__version=published).order_by("lesson__position", "position")
    new_blocks = Block.objects.filter(lesson__version=draft).order_by("lesson__position", "position")
    assert [(b.key, b.kind, b.data) for b in old_blocks] == [(b.key, b.kind, b.data) for b in new_blocks]
    assert published.is_editable is False and draft.is_editable is True


@pytest.mark.django_db
def test_a_course_has_at_most_one_draft() -> None:
    course = make_course()
    assert course.published_version is not None
    versions.create_draft_from(None, course.published_version)
    with pytest.raises(ValidationError):
        versions.create_draft_from(None, course.published_version)


@pytest.mark.django_db
def test_a_new_version_does_not_break_a_learner_in_the_middle_of_the_course(
    as_learner_a: Client, learner_a: User
) -> None:
    course = make_course(lessons=2)
    v1 = course.published_version
    assert v1 is not None
    first, second = lessons_of(course)
    actions.enrol(learner_a, course)
    actions.record_progress(learner_a, first)

    draft = versions.create_draft_from(None, v1)
    Lesson.objects.filter(version=draft).update(title="Ny titel")
    versions.publish_version(None, draft)
    v1.refresh_from_db()
    assert v1.status == VersionStatus.RETIRED

    page = as_learner_a.get(f"/kurser/{course.slug}/lektion/{second.public_id}/")
    assert page.status_code == 200
    assert second.title in page.content.decode()
    assert "Ny titel" not in page.content.decode()
    assert "version 1" in as_learner_a.get(f"/kurser/{course.slug}/").content.decode().lower()
    assert actions.record_progress(learner_a, second).completion is not None
    assert Completion.objects.get().version == v1

    newcomer = UserFactory()
    MembershipFactory(user=newcomer, organisation=learner_a.memberships.get().organisation)
    assert actions.enrol(newcomer, course).version == draft


@pytest.mark.django_db
def test_a_video_without_captions_cannot_be_published_and_the_message_says_what_is_missing() -> None:
    course = make_course(publish=False)
    draft = course.versions.get()
    lesson = draft.ordered_lessons().first()
    BlockFactory(
        lesson=lesson, kind=BlockKind.VIDEO, data={"transcript": "Allt som sägs."}, file="courses/media/x/file.mp4"
    )
    with pytest.raises(ValidationError) as exc, translation.override("en"):
        versions.publish_version(None, draft)
    assert any("captions" in message for message in exc.value.messages)
    assert CourseVersion.objects.get(pk=draft.pk).status == VersionStatus.DRAFT


@pytest.mark.django_db
def test_a_course_without_lessons_cannot_be_published() -> None:
    course = versions.create_course(None, slug="tom", title="Tom kurs")
    with pytest.raises(ValidationError, match="no lessons"), translation.override("en"):
        versions.publish_version(None, course.versions.get())
