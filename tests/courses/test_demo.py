"""The demo course loads once, in Swedish and English, with learners at several stages."""

from __future__ import annotations

import pytest

from jamlik.courses import demo as courses_demo
from jamlik.courses.models import Completion, Course, Enrolment, LessonProgress, VersionStatus
from jamlik.people import demo as people_demo


@pytest.mark.django_db
def test_the_demo_course_is_published_with_learners_at_several_stages() -> None:
    people_demo.load()
    courses_demo.load()
    courses_demo.load()  # idempotent
    assert Course.objects.count() == 2
    for course in Course.objects.select_related("published_version"):
        assert course.published_version is not None
        assert course.published_version.status == VersionStatus.PUBLISHED
        assert course.published_version.lessons.count() == 5
        kinds = set(course.published_version.lessons.values_list("blocks__kind", flat=True))
        assert {"text", "knowledge_check", "scenario", "reflection"} <= kinds
    assert {c.user.email for c in Completion.objects.select_related("user")} == {"kim@sater.se", "anna@gagnef.se"}
    assert LessonProgress.objects.filter(enrolment__user__email="larande@sater.se").count() == 2
    assert Enrolment.objects.get(user__email="omar@sater.se").completed_at is None
    assert Completion.objects.get(user__email="kim@sater.se").organisation.slug == "sater"  # type: ignore[union-attr]
