"""The lesson pages find an enrolled learner's course through the enrolment, and nobody else's."""

from __future__ import annotations

import pytest
from django.test import Client

from jamlik.courses import actions, versions
from jamlik.courses.models import Audience, LessonProgress
from jamlik.people.models import Organisation, User
from tests.courses.factories import lessons_of, make_course


@pytest.mark.django_db
def test_a_learner_enrolled_in_a_course_taken_out_of_the_catalogue_can_still_read_and_mark_its_lessons(
    as_learner_a: Client, learner_a: User
) -> None:
    course = make_course(lessons=2)
    actions.enrol(learner_a, course)
    first = lessons_of(course)[0]
    versions.unpublish_course(None, course)
    assert as_learner_a.get(f"/kurser/{course.slug}/").status_code == 200
    page = as_learner_a.get(f"/kurser/{course.slug}/lektion/{first.public_id}/")
    assert page.status_code == 200
    assert as_learner_a.post(f"/kurser/{course.slug}/lektion/{first.public_id}/klar/").status_code == 302
    assert LessonProgress.objects.filter(lesson=first, enrolment__user=learner_a).count() == 1


@pytest.mark.django_db
def test_another_organisations_coordinator_cannot_open_or_mark_a_lesson_of_a_course_for_org_a_only(
    as_coordinator_b: Client, learner_a: User, org_a: Organisation
) -> None:
    course = make_course(lessons=2, audience=Audience.CHOSEN_ORGANISATIONS, organisations=[org_a])
    actions.enrol(learner_a, course)
    lesson = lessons_of(course)[0]
    assert as_coordinator_b.get(f"/kurser/{course.slug}/lektion/{lesson.public_id}/").status_code == 404
    assert as_coordinator_b.post(f"/kurser/{course.slug}/lektion/{lesson.public_id}/klar/").status_code == 404
    assert not LessonProgress.objects.exists()
