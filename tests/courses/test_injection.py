"""Script and style injection in course content is neutralised wherever it is shown."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from jamlik.courses import actions
from jamlik.courses.blocks import BlockKind
from jamlik.courses.models import Block, CourseVersion, Lesson
from jamlik.lib.markdown import render_markdown
from jamlik.people.models import User
from tests.courses.factories import check_data, lessons_of, make_course

ATTACKS = [
    "<script>alert('x')</script>",
    "<style>body{display:none}</style>",
    '<img src="x" onerror="alert(1)">',
    "[klicka](javascript:alert(1))",
    '<a href="https://example.org" onclick="alert(1)">länk</a>',
    "<iframe src='https://example.org'></iframe>",
    "![spårning](https://tracker.example/pixel.png)",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_markdown_never_lets_markup_or_scripts_through(attack: str) -> None:
    html = str(render_markdown(f"Text före\n\n{attack}\n\n**fet**")).lower()
    for forbidden in ("<script", "<style", "<img", "<iframe", 'href="javascript'):
        assert forbidden not in html
    assert not re.search(r"<[a-z][^>]*\son\w+=", html)  # no event handler on any element
    assert "<strong>fet</strong>" in html


def test_markdown_keeps_safe_links_and_starts_headings_below_the_page_title() -> None:
    html = str(render_markdown("# Rubrik\n\n## Del\n\n### Underdel\n\n[DO](https://www.do.se)"))
    assert "<h2>Rubrik</h2>" in html and "<h2>Del</h2>" in html and "<h3>Underdel</h3>" in html
    assert '<a href="https://www.do.se" rel="noopener noreferrer">DO</a>' in html


@pytest.mark.django_db
def test_injection_in_every_field_of_a_lesson_is_escaped_on_the_page(as_learner_a: Client, learner_a: User) -> None:
    evil = "<script>alert(1)</script><style>*{}</style>"
    course = make_course(lessons=1, publish=False)
    version = CourseVersion.objects.get(course=course)
    version.title = evil
    version.summary = evil
    version.save()
    lesson = Lesson.objects.get(version=version)
    lesson.title = evil
    lesson.save()
    Block.objects.create(lesson=lesson, position=5, kind=BlockKind.TEXT, data={"markdown": evil})
    check = check_data(question=evil)
    check["options"][0]["text"] = evil
    check["options"][0]["feedback"] = evil
    Block.objects.create(lesson=lesson, position=6, kind=BlockKind.KNOWLEDGE_CHECK, data=check)
    Block.objects.create(
        lesson=lesson,
        position=7,
        kind=BlockKind.SCENARIO,
        data={
            "situation": evil,
            "question": evil,
            "choices": [{"id": "a", "text": evil, "feedback": evil}, {"id": "b", "text": "B", "feedback": "B"}],
        },
    )
    Block.objects.create(lesson=lesson, position=8, kind=BlockKind.REFLECTION, data={"prompt": evil})
    from jamlik.courses import versions

    versions.publish_version(None, version)
    course.refresh_from_db()
    actions.enrol(learner_a, course)
    actions.answer_check(learner_a, Block.objects.get(kind=BlockKind.KNOWLEDGE_CHECK), ["a"])
    lesson_id = lessons_of(course)[0].public_id
    for url in (
        "/kurser/",
        f"/kurser/{course.slug}/",
        f"/kurser/{course.slug}/lektion/{lesson_id}/",
        f"/kurser/{course.slug}/lektion/{lesson_id}/?s-{Block.objects.get(kind='scenario').public_id}=a",
    ):
        body = as_learner_a.get(url).content.decode()
        assert "<script>alert" not in body, url
        assert "<style>*" not in body, url
