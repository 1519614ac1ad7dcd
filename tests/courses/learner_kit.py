"""Setups for the browser accessibility checks of the learner and coordinator course pages.

Each takes the browser tests' ``Cast`` and stores what the page paths need in ``cast.extra``.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

from jamlik.courses import actions
from jamlik.courses.demo import _build
from jamlik.courses.demo_content_sv import COURSE as COURSE_SV


def learner_half_way(cast: Any) -> None:
    """The Swedish demo course, with learner_a enrolled and the first lesson done."""
    course = _build(COURSE_SV, None, None)
    lessons = list(actions.enrol(cast.learner_a, course).version.ordered_lessons())
    actions.record_progress(cast.learner_a, lessons[0])
    cast.extra["course"] = course.slug
    cast.extra["reflection_lesson"] = str(lessons[0].public_id)
    cast.extra["check_lesson"] = str(lessons[1].public_id)
    cast.extra["scenario_lesson"] = str(lessons[3].public_id)


def learner_completed(cast: Any) -> None:
    learner_half_way(cast)
    enrolment = cast.learner_a.enrolments.get()
    for lesson in enrolment.version.ordered_lessons():
        for block in lesson.blocks.filter(kind="knowledge_check"):
            actions.answer_check(cast.learner_a, block, [o["id"] for o in block.data["options"] if o["correct"]])
        actions.record_progress(cast.learner_a, lesson)


def answer_wrongly(page: Page) -> None:
    """Answer the knowledge check with one wrong option, so its feedback is shown."""
    page.locator(".block-check input[value=b]").first.check()
    page.locator(".block-check button[type=submit]").first.click()
    page.locator(".check-feedback .feedback").first.wait_for()
    page.reload()  # check the page as it is shown again, with the stored answer's feedback


def choose_in_the_scenario(page: Page) -> None:
    page.locator(".block-scenario input[type=radio]").nth(1).check()
    page.locator(".block-scenario button[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto(page.url.split("#")[0])  # the same page from its top (the form returns to the case's anchor)
