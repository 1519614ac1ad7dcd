"""A reflection answer is private to the learner: never in a report, export, API or admin list."""

from __future__ import annotations

import pytest
from django.test import Client

from jamlik.audit.models import AuditEntry
from jamlik.courses import actions
from jamlik.courses.models import ReflectionAnswer
from jamlik.people.models import Organisation, User
from tests.conftest import client_for
from tests.courses.factories import lessons_of, make_course

SECRET = "Jag har själv blivit illa bemött på grund av min bakgrund"


@pytest.fixture
def reflected(learner_a: User) -> tuple[object, object]:
    course = make_course(lessons=1, reflection=True)
    lesson = lessons_of(course)[0]
    actions.enrol(learner_a, course)
    client = client_for(learner_a)
    block = lesson.blocks.get(kind="reflection")
    response = client.post(
        f"/kurser/{course.slug}/lektion/{lesson.public_id}/reflektion/{block.public_id}/", {"text": SECRET}
    )
    assert response.status_code == 302
    actions.record_progress(learner_a, lesson)
    return course, lesson


@pytest.mark.django_db
def test_the_learner_sees_their_own_reflection_again(reflected: tuple[object, object], as_learner_a: Client) -> None:
    course, lesson = reflected
    page = as_learner_a.get(f"/kurser/{course.slug}/lektion/{lesson.public_id}/")  # type: ignore[attr-defined]
    assert SECRET in page.content.decode()
    assert ReflectionAnswer.objects.get().text == SECRET


@pytest.mark.django_db
def test_a_reflection_never_reaches_coordinators_exports_or_the_api(
    reflected: tuple[object, object], as_coordinator_a: Client, coordinator_a: User, org_a: Organisation
) -> None:
    course, _lesson = reflected
    from jamlik.people.actions import create_api_token

    _token, raw = create_api_token(coordinator_a, name="rapporter")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    kurs = f"?kurs={course.public_id}"  # type: ignore[attr-defined]
    responses = [
        as_coordinator_a.get(f"/organisationer/{org_a.slug}/kurser/{kurs}"),
        as_coordinator_a.get(f"/organisationer/{org_a.slug}/kurser/export.csv{kurs}"),
        as_coordinator_a.get(f"/organisationer/{org_a.slug}/kurser/export.xlsx{kurs}"),
        as_coordinator_a.get(f"/api/v1/courses/completions?organisation={org_a.slug}", **auth),
        as_coordinator_a.get(f"/api/v1/courses/{course.public_id}"),  # type: ignore[attr-defined]
    ]
    for response in responses:
        assert response.status_code == 200
        assert SECRET.encode() not in response.content
        assert b"illa bem" not in response.content
    # The completion itself is visible: the report works, only the reflection is missing.
    assert b"lina@sater.se" in responses[1].content


@pytest.mark.django_db
def test_the_audit_log_and_my_api_data_do_not_hold_the_reflection_text(
    reflected: tuple[object, object], learner_a: User
) -> None:
    for entry in AuditEntry.objects.all():
        assert SECRET not in f"{entry.summary} {entry.before} {entry.after}"
    from jamlik.people.actions import create_api_token

    _token, raw = create_api_token(learner_a, name="min")
    body = client_for(learner_a).get("/api/v1/me/enrolments", HTTP_AUTHORIZATION=f"Bearer {raw}").content
    assert SECRET.encode() not in body


@pytest.mark.django_db
def test_reflections_are_not_registered_in_the_admin(as_administrator: Client) -> None:
    from django.contrib import admin

    assert ReflectionAnswer not in admin.site._registry
    assert as_administrator.get("/admin/courses/reflectionanswer/").status_code == 404


@pytest.mark.django_db
def test_emptying_a_reflection_removes_it(reflected: tuple[object, object], learner_a: User) -> None:
    _course, lesson = reflected
    actions.save_reflection(learner_a, lesson.blocks.get(kind="reflection"), "   ")  # type: ignore[attr-defined]
    assert not ReflectionAnswer.objects.exists()
