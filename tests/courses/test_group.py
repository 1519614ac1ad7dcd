"""Group mode: a facilitator records who took a lesson together in a workplace meeting."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from jamlik.audit.models import AuditEntry
from jamlik.courses.actions import enrol
from jamlik.courses.events import CourseCompleted, course_completed
from jamlik.courses.group import record_group_session
from jamlik.courses.models import Audience, Completion, Course, Enrolment, Lesson, LessonProgress, OrderMode
from jamlik.courses.versions import create_draft_from, publish_version
from jamlik.people.models import Organisation, User
from tests.courses.authoring_kit import in_english
from tests.courses.factories import lessons_of, make_course


def page(organisation: Organisation, course: Course | None = None) -> str:
    url = reverse("courses:authoring:group_session", args=[organisation.slug])
    return f"{url}?kurs={course.slug}" if course else url


def session(lesson: Lesson, *people: User, **extra: Any) -> dict[str, Any]:
    return {
        "kurs": lesson.version.course.slug,
        "lesson": str(lesson.public_id),
        "held_on": timezone.localdate().isoformat(),
        "participants": [str(p.public_id) for p in people],
        **extra,
    }


@pytest.fixture
def course() -> Course:
    return make_course(lessons=2, checks_per_lesson=1)


@pytest.fixture
def received() -> Iterator[list[CourseCompleted]]:
    calls: list[CourseCompleted] = []
    course_completed.subscribe(calls.append)
    yield calls
    course_completed.unsubscribe(calls.append)


@pytest.mark.django_db
def test_a_coordinator_records_a_session_and_each_participant_gets_group_progress(
    as_coordinator_a: Client, coordinator_a: User, learner_a: User, org_a: Organisation, course: Course
) -> None:
    lesson = lessons_of(course)[0]
    form = as_coordinator_a.get(page(org_a, course)).text
    assert learner_a.email in form and coordinator_a.email in form

    response = as_coordinator_a.post(page(org_a), session(lesson, learner_a, coordinator_a))
    assert response.status_code == 302
    for person in (learner_a, coordinator_a):
        enrolment = Enrolment.objects.get(user=person, course=course)
        progress = LessonProgress.objects.get(enrolment=enrolment)
        assert (progress.lesson, progress.source, progress.recorded_by) == (lesson, "group", coordinator_a)
        assert enrolment.source == "group"
    entry = AuditEntry.objects.get(action="course.group_session_recorded")
    assert entry.organisation == org_a and entry.actor == coordinator_a
    assert entry.after is not None and entry.after["participants"] == [learner_a.email, coordinator_a.email]


@pytest.mark.django_db
def test_recording_the_same_session_again_changes_nothing(
    as_coordinator_a: Client, learner_a: User, org_a: Organisation, course: Course
) -> None:
    client = in_english(as_coordinator_a)
    lesson = lessons_of(course)[0]
    client.post(page(org_a), session(lesson, learner_a))
    response = client.post(page(org_a), session(lesson, learner_a), follow=True)
    assert "Already done before, unchanged: lina@sater.se" in response.text
    assert LessonProgress.objects.count() == 1
    assert Enrolment.objects.count() == 1


@pytest.mark.django_db
def test_an_enrolled_learners_own_progress_is_kept_and_counted_once(
    coordinator_a: User, learner_a: User, org_a: Organisation, course: Course
) -> None:
    from jamlik.courses.actions import record_progress

    enrol(learner_a, course)
    lesson = lessons_of(course)[0]
    record_progress(learner_a, lesson)
    result = record_group_session(coordinator_a, org_a, lesson, [learner_a])
    assert (result.recorded, result.already_done) == ([], [learner_a])
    assert LessonProgress.objects.get().source == "self"


@pytest.mark.django_db
def test_the_completion_rule_applies_as_for_individual_progress(
    django_capture_on_commit_callbacks: Any,
    coordinator_a: User,
    learner_a: User,
    org_a: Organisation,
    received: list[CourseCompleted],
) -> None:
    course = make_course(lessons=2, checks_per_lesson=1)
    first, second = lessons_of(course)
    with django_capture_on_commit_callbacks(execute=True):
        assert record_group_session(coordinator_a, org_a, first, [learner_a]).completions == []
    assert not Completion.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        result = record_group_session(coordinator_a, org_a, second, [learner_a])
    completion = Completion.objects.get()
    assert result.completions == [completion]
    assert (completion.user, completion.organisation, completion.source) == (learner_a, org_a, "group")
    assert received == [CourseCompleted(completion_id=completion.pk)]


@pytest.mark.django_db
def test_a_sequential_course_does_not_stop_a_group_from_taking_a_later_lesson(
    coordinator_a: User, learner_a: User, org_a: Organisation
) -> None:
    course = make_course(lessons=3, order_mode=OrderMode.SEQUENTIAL)
    record_group_session(coordinator_a, org_a, lessons_of(course)[2], [learner_a])
    assert LessonProgress.objects.get().lesson == lessons_of(course)[2]


@pytest.mark.django_db
def test_a_coordinator_cannot_record_people_outside_their_organisation(
    as_coordinator_b: Client, learner_a: User, org_a: Organisation, org_b: Organisation, course: Course
) -> None:
    client = in_english(as_coordinator_b)
    assert learner_a.email not in client.get(page(org_b, course)).text
    response = client.post(page(org_b), session(lessons_of(course)[0], learner_a))
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert client.get(page(org_a, course)).status_code == 404
    assert client.post(page(org_a), session(lessons_of(course)[0], learner_a)).status_code == 404
    assert not LessonProgress.objects.exists()
    assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_the_action_itself_refuses_outsiders_and_other_organisations(
    coordinator_b: User, coordinator_a: User, learner_a: User, org_a: Organisation, org_b: Organisation, course: Course
) -> None:
    lesson = lessons_of(course)[0]
    with translation.override("en"):
        with pytest.raises(ValidationError, match=re.escape("Not members of Gagnefs kommun: lina@sater.se")):
            record_group_session(coordinator_b, org_b, lesson, [learner_a, coordinator_b])
        with pytest.raises(ValidationError, match="only for organisations you coordinate"):
            record_group_session(coordinator_b, org_a, lesson, [learner_a])
    assert not LessonProgress.objects.exists()
    assert not AuditEntry.objects.filter(action__in=["course.enrolled", "course.group_session_recorded"]).exists()


@pytest.mark.django_db
def test_a_learner_cannot_record_sessions(as_learner_a: Client, org_a: Organisation, course: Course) -> None:
    assert as_learner_a.get(page(org_a, course)).status_code == 404


@pytest.mark.django_db
def test_a_programme_manager_may_facilitate_for_any_organisation(
    as_programme_manager: Client, programme_manager: User, learner_a: User, org_a: Organisation, course: Course
) -> None:
    as_programme_manager.post(page(org_a), session(lessons_of(course)[0], learner_a))
    assert LessonProgress.objects.get().recorded_by == programme_manager


@pytest.mark.django_db
def test_a_course_not_open_to_the_organisation_cannot_be_chosen(
    as_coordinator_a: Client, coordinator_a: User, learner_a: User, org_a: Organisation, org_b: Organisation
) -> None:
    closed = make_course(lessons=1, audience=Audience.CHOSEN_ORGANISATIONS, organisations=[org_b])
    assert as_coordinator_a.get(page(org_a, closed)).status_code == 404
    with pytest.raises(ValidationError):
        record_group_session(coordinator_a, org_a, lessons_of(closed)[0], [learner_a])
    assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_a_meeting_in_the_future_is_refused(
    as_coordinator_a: Client, learner_a: User, org_a: Organisation, course: Course
) -> None:
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = in_english(as_coordinator_a).post(
        page(org_a), session(lessons_of(course)[0], learner_a, held_on=tomorrow)
    )
    assert 'id="id_held_on_error"' in response.text
    assert "cannot be in the future" in response.text
    assert not LessonProgress.objects.exists()


@pytest.mark.django_db
def test_a_participant_on_an_older_version_gets_the_same_lesson_of_their_version(
    coordinator_a: User, learner_a: User, org_a: Organisation, course: Course
) -> None:
    enrolment = enrol(learner_a, course)
    old_lesson = lessons_of(course)[0]
    assert course.published_version is not None
    publish_version(None, create_draft_from(None, course.published_version))
    course.refresh_from_db()
    new_lesson = lessons_of(course)[0]
    assert new_lesson.pk != old_lesson.pk and new_lesson.key == old_lesson.key

    record_group_session(coordinator_a, org_a, new_lesson, [learner_a])
    progress = LessonProgress.objects.get()
    assert (progress.enrolment, progress.lesson) == (enrolment, old_lesson)
