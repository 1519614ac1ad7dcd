"""The demo course, in Swedish and in English, and demo learners at several stages. Idempotent.

The programme manager builds the content as a draft through the authoring actions (settings,
modules, lessons, blocks) and publishes it through ``versions.publish_version``; the learners'
steps go through the same actions as the pages.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from jamlik.courses import actions, versions
from jamlik.courses.authoring import actions as authoring
from jamlik.courses.authoring import content
from jamlik.courses.demo_content_en import COURSE as COURSE_EN
from jamlik.courses.demo_content_sv import COURSE as COURSE_SV
from jamlik.courses.models import Audience, Course, Topic
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


def _build(spec: dict[str, Any], owner: Organisation | None, author: User) -> Course:
    course = versions.create_course(
        author, slug=spec["slug"], title=spec["title"], owner=owner, topic=Topic.TREATMENT, language=spec["language"]
    )
    draft = course.versions.get()
    draft = authoring.update_settings(
        author,
        draft,
        title=spec["title"],
        summary=spec["summary"],
        language=spec["language"],
        estimated_minutes=spec["estimated_minutes"],
        topic=Topic.TREATMENT,
        audience=Audience.ALL_ORGANISATIONS,
        organisations=[],
        order_mode=draft.order_mode,
        pass_mark=75,
        issues_diploma=True,
    )
    for module_spec in spec["modules"]:
        module = content.add_module(author, draft, title=module_spec["title"])
        for lesson_spec in module_spec["lessons"]:
            lesson = content.add_lesson(author, module, title=lesson_spec["title"])
            for kind, data in lesson_spec["blocks"]:
                content.add_block(author, lesson, kind=kind, data=data)
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
    author = User.objects.get(email=AUTHOR)  # made by the people demo, which loads first
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
