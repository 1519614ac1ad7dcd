"""A published version's lessons and blocks are read once per process; drafts always afresh."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jamlik.courses import actions, versions
from jamlik.courses.blocks import BlockKind
from jamlik.courses.models import Lesson
from jamlik.courses.published import find_lesson, version_lessons
from jamlik.people.models import User
from tests.courses.factories import lessons_of, make_course


def lesson_url(slug: str, lesson: Lesson) -> str:
    return f"/kurser/{slug}/lektion/{lesson.public_id}/"


def reads_structure(sql: str) -> bool:
    return sql.startswith(('SELECT "courses_lesson"."id"', 'SELECT "courses_block"."id"'))


@pytest.mark.django_db
def test_a_published_lesson_page_reads_the_lessons_and_blocks_only_on_the_first_visit(
    as_learner_a: Client, learner_a: User
) -> None:
    course = make_course(lessons=3, checks_per_lesson=1, reflection=True)
    actions.enrol(learner_a, course)
    first, second, _third = lessons_of(course)
    as_learner_a.get(lesson_url(course.slug, first))
    as_learner_a.get(lesson_url(course.slug, second))
    with CaptureQueriesContext(connection) as ctx:
        page = as_learner_a.get(lesson_url(course.slug, first))
    assert page.status_code == 200
    assert not [q["sql"] for q in ctx.captured_queries if reads_structure(q["sql"])]
    html = page.content.decode()
    assert f"/lektion/{second.public_id}/" in html  # the lesson list is still complete
    assert "Vad tar du med dig?" in html  # and the blocks are all there


@pytest.mark.django_db
def test_a_changed_block_shows_on_the_next_visit(as_learner_a: Client, learner_a: User) -> None:
    course = make_course(lessons=2)
    actions.enrol(learner_a, course)
    lesson = lessons_of(course)[0]
    url = lesson_url(course.slug, lesson)
    as_learner_a.get(url)
    block = lesson.blocks.get(kind=BlockKind.TEXT)
    block.data = {"markdown": "Ett **nytt** stycke om bemötande."}
    block.save()  # as the admin would: the process's cache is emptied
    assert "Ett <strong>nytt</strong> stycke om bemötande." in as_learner_a.get(url).content.decode()


@pytest.mark.django_db
def test_a_draft_is_always_read_afresh() -> None:
    course = make_course(lessons=2)
    assert course.published_version is not None
    draft = versions.create_draft_from(None, course.published_version)
    lesson = version_lessons(draft)[0]
    Lesson.objects.filter(pk=lesson.pk).update(title="Omdöpt")  # no signal: only a fresh read sees it
    assert version_lessons(draft)[0].title == "Omdöpt"


@pytest.mark.django_db
def test_a_published_version_is_read_once() -> None:
    course = make_course(lessons=2)
    assert course.published_version is not None
    version = course.published_version
    assert [item.pk for item in version_lessons(version)] == [item.pk for item in lessons_of(course)]
    Lesson.objects.filter(version=version).update(title="Inte läst")  # no signal, as no published content changes
    assert all(item.title != "Inte läst" for item in version_lessons(version))


@pytest.mark.django_db
def test_a_lesson_found_in_the_cache_is_a_copy_that_knows_its_version() -> None:
    course = make_course(lessons=2)
    version = course.published_version
    assert version is not None
    shared = version_lessons(version)[1]
    found = find_lesson(version, shared.public_id)
    assert found is not None and found is not shared
    assert found.pk == shared.pk and found.module == shared.module
    found.title = "Ändrad i en enda begäran"
    assert version_lessons(version)[1].title != found.title
    assert find_lesson(version, "00000000-0000-0000-0000-000000000000") is None
