"""Course test data: factories for content rows and ``make_course`` for a whole published course."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import factory

from jamlik.courses import versions
from jamlik.courses.blocks import BlockKind
from jamlik.courses.models import Audience, Block, Course, CourseVersion, Lesson, Module, OrderMode
from jamlik.people.models import Organisation


def check_data(question: str = "Which one is right?", multiple: bool = False) -> dict[str, Any]:
    options = [
        {"id": "a", "text": "The right one", "correct": True, "feedback": "Yes, that is it."},
        {"id": "b", "text": "A wrong one", "correct": False, "feedback": "No, think again."},
    ]
    if multiple:
        options.append({"id": "c", "text": "Also right", "correct": True, "feedback": "Right as well."})
    return {"question": question, "multiple": multiple, "options": options}


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    title = factory.Sequence(lambda n: f"Modul {n}")
    position = factory.Sequence(lambda n: n)


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    title = factory.Sequence(lambda n: f"Lektion {n}")
    position = factory.Sequence(lambda n: n)


class BlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Block

    kind = BlockKind.TEXT
    data = factory.LazyAttribute(lambda o: {"markdown": "Lite text om **bemötande**."})
    position = factory.Sequence(lambda n: n)


def add_lessons(
    version: CourseVersion, count: int, *, checks_per_lesson: int = 0, reflection: bool = False
) -> list[Lesson]:
    module = ModuleFactory(version=version)
    lessons = []
    for i in range(count):
        lesson = LessonFactory(module=module, title=f"Lektion {i + 1}", position=i + 1)
        BlockFactory(lesson=lesson, position=0)
        for j in range(checks_per_lesson):
            BlockFactory(lesson=lesson, position=j + 1, kind=BlockKind.KNOWLEDGE_CHECK, data=check_data())
        if reflection:
            BlockFactory(lesson=lesson, position=99, kind=BlockKind.REFLECTION, data={"prompt": "Vad tar du med dig?"})
        lessons.append(lesson)
    return lessons


_counter = iter(range(1, 1_000_000))


def make_course(
    *,
    lessons: int = 3,
    checks_per_lesson: int = 0,
    reflection: bool = False,
    audience: str = Audience.ALL_ORGANISATIONS,
    organisations: Iterable[Organisation] = (),
    order_mode: str = OrderMode.FREE,
    pass_mark: int = 80,
    slug: str | None = None,
    title: str = "Bemötande i offentlig verksamhet",
    language: str = "sv",
    publish: bool = True,
) -> Course:
    course = versions.create_course(None, slug=slug or f"kurs-{next(_counter)}", title=title, language=language)
    version = course.versions.get()
    version.audience, version.order_mode, version.pass_mark = audience, order_mode, pass_mark
    version.save()
    version.organisations.set(list(organisations))
    add_lessons(version, lessons, checks_per_lesson=checks_per_lesson, reflection=reflection)
    if publish:
        versions.publish_version(None, version)
        course.refresh_from_db()
    return course


def lessons_of(course: Course) -> list[Lesson]:
    assert course.published_version is not None
    return list(course.published_version.ordered_lessons())
