"""The demo course, in Swedish and in English, and demo learners at several stages. Idempotent.

The content is built as a draft (plain rows, as an import would) and published through
``versions.publish_version``; the learners' steps go through the same actions as the pages.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from jamlik.courses import actions, versions
from jamlik.courses.demo_content_en import COURSE as COURSE_EN
from jamlik.courses.demo_content_sv import COURSE as COURSE_SV
from jamlik.courses.models import Audience, Block, Course, Lesson, Module, Topic
from jamlik.people.models import Organisation, User

OWNER = "lansstyrelsen-dalarna"
AUTHOR = "programansvarig@lansstyrelsen.se"

# email, course, lessons done (in order), knowledge checks answered correctly
LEARNERS: list[tuple[str, dict[str, Any], int]] = [
    ("kim@sater.se", COURSE_SV, 5),  # completed
    ("larande@sater.se", COURSE_SV, 2),  # half-way
    ("omar@sater.se", COURSE_SV, 0),  # enrolled, not started
    ("anna@gagnef.se", COURSE_EN, 5),  # completed, in English
]


def _build(spec: dict[str, Any], owner: Organisation | None, author: User | None) -> Course:
    course = versions.create_course(
        author, slug=spec["slug"], title=spec["title"], owner=owner, topic=Topic.TREATMENT, language=spec["language"]
    )
    draft = course.versions.get()
    draft.summary = spec["summary"]
    draft.estimated_minutes = spec["estimated_minutes"]
    draft.audience = Audience.ALL_ORGANISATIONS
    draft.pass_mark = 75
    draft.issues_diploma = True
    draft.save()
    for m, module_spec in enumerate(spec["modules"], start=1):
        module = Module.objects.create(version=draft, position=m, title=module_spec["title"])
        for n, lesson_spec in enumerate(module_spec["lessons"], start=1):
            lesson = Lesson.objects.create(module=module, version=draft, position=n, title=lesson_spec["title"])
            for p, (kind, data) in enumerate(lesson_spec["blocks"], start=1):
                Block.objects.create(lesson=lesson, position=p, kind=kind, data=data)
    versions.publish_version(author, draft)
    course.refresh_from_db()
    return course


def _take(user: User, course: Course, lessons_done: int) -> None:
    enrolment = actions.enrol(user, course)
    for lesson in list(enrolment.version.ordered_lessons())[:lessons_done]:
        for block in lesson.blocks.filter(kind="knowledge_check"):
            correct = [o["id"] for o in block.data["options"] if o["correct"]]
            actions.answer_check(user, block, correct)
        actions.record_progress(user, lesson)


@transaction.atomic
def load() -> list[str]:
    owner = Organisation.objects.filter(slug=OWNER).first()
    author = User.objects.filter(email=AUTHOR).first()
    courses: dict[str, Course] = {}
    for spec in (COURSE_SV, COURSE_EN):
        existing = Course.objects.filter(slug=spec["slug"]).first()
        courses[spec["slug"]] = existing or _build(spec, owner, author)
    for email, spec, lessons_done in LEARNERS:
        user = User.objects.filter(email=email).first()
        if user is not None:
            _take(user, courses[spec["slug"]], lessons_done)
    return [
        "Demo courses: /kurser/ (kim@sater.se and anna@gagnef.se have completed, larande@sater.se is half-way, "
        "omar@sater.se has not started)",
    ]
