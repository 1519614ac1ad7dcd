"""The courses API: catalogue and structure for everyone, my enrolments and idempotent
progress with a token, completions for coordinators."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from jamlik.courses import actions
from jamlik.courses.models import Audience, Course, LessonProgress
from jamlik.people.actions import create_api_token
from jamlik.people.models import Membership, Organisation, User
from tests.courses.factories import lessons_of, make_course
from tests.factories import UnitFactory


def bearer(user: User) -> dict[str, str]:
    _token, raw = create_api_token(user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.mark.django_db
def test_the_public_catalogue_lists_open_courses_with_their_lesson_count(client: Client, org_b: Organisation) -> None:
    course = make_course(lessons=3, slug="bemotande", title="Bemötande")
    make_course(slug="hemlig", audience=Audience.CHOSEN_ORGANISATIONS, organisations=[org_b])
    make_course(slug="engelsk", language="en", title="Treatment")
    body = client.get("/api/v1/courses").json()
    assert body["count"] == 2
    item = next(i for i in body["items"] if i["slug"] == "bemotande")
    assert item == {
        "id": str(course.public_id),
        "slug": "bemotande",
        "title": "Bemötande",
        "language": "sv",
        "topic": "treatment",
        "estimated_minutes": 30,
        "lesson_count": 3,
    }
    assert [i["slug"] for i in client.get("/api/v1/courses?language=en").json()["items"]] == ["engelsk"]
    assert client.get("/api/v1/courses?limit=1&offset=1").json()["count"] == 2


@pytest.mark.django_db
def test_a_course_structure_lists_modules_and_lessons(client: Client, org_b: Organisation) -> None:
    course = make_course(lessons=2)
    body = client.get(f"/api/v1/courses/{course.public_id}").json()
    assert body["version"] == 1 and body["lesson_count"] == 2
    assert [lesson["id"] for lesson in body["modules"][0]["lessons"]] == [str(x.public_id) for x in lessons_of(course)]
    hidden = make_course(audience=Audience.CHOSEN_ORGANISATIONS, organisations=[org_b])
    assert client.get(f"/api/v1/courses/{course.slug}").json() == body  # the slug names it too
    assert body["id"] == str(course.public_id) and body["version_id"] == str(course.published_version.public_id)
    missing = client.get(f"/api/v1/courses/{hidden.public_id}")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"
    assert client.get(f"/api/v1/courses/{hidden.slug}").status_code == 404


@pytest.mark.django_db
def test_recording_progress_through_the_api_is_idempotent(learner_a: User) -> None:
    course = make_course(lessons=2)
    first, second = lessons_of(course)
    actions.enrol(learner_a, course)
    client, auth = Client(), bearer(learner_a)
    one = client.put(f"/api/v1/me/progress/{first.public_id}", **auth)
    two = client.put(f"/api/v1/me/progress/{first.public_id}", **auth)
    assert one.status_code == two.status_code == 200
    assert one.json()["created"] is True and two.json()["created"] is False
    assert one.json()["done_at"] == two.json()["done_at"]
    assert LessonProgress.objects.count() == 1
    last = client.put(f"/api/v1/me/progress/{second.public_id}", **auth).json()
    assert last["course_completed_at"] is not None

    mine = client.get("/api/v1/me/enrolments", **auth).json()
    assert mine["count"] == 1
    assert mine["items"][0]["lessons_total"] == 2
    assert sorted(mine["items"][0]["lessons_done"]) == sorted([str(first.public_id), str(second.public_id)])
    assert mine["items"][0]["completed_at"] is not None


@pytest.mark.django_db
def test_progress_through_the_api_is_refused_outside_the_learners_enrolment(learner_a: User) -> None:
    course = make_course(lessons=1)
    client, auth = Client(), bearer(learner_a)
    lesson = lessons_of(course)[0]
    assert client.put(f"/api/v1/me/progress/{lesson.public_id}", **auth).status_code == 404  # not enrolled
    assert client.put(f"/api/v1/me/progress/{lesson.public_id}").status_code == 401
    assert not LessonProgress.objects.exists()


@pytest.mark.django_db
def test_coordinators_get_their_completions_filtered_by_period_and_unit(
    learner_a: User, coordinator_a: User, org_a: Organisation
) -> None:
    unit = UnitFactory(organisation=org_a, name="Omsorg")
    Membership.objects.filter(user=learner_a).update(unit=unit)
    course: Course = make_course(lessons=1)
    actions.enrol(learner_a, course)
    with time_machine.travel(datetime.datetime(2026, 9, 30, 23, 30, tzinfo=ZoneInfo("Europe/Stockholm")), tick=False):
        actions.record_progress(learner_a, lessons_of(course)[0])
    client, auth = Client(), bearer(coordinator_a)
    url = f"/api/v1/courses/completions?organisation={org_a.slug}"
    body = client.get(url, **auth).json()
    assert body["count"] == 1
    item = body["items"][0]
    completion = course.completions.get()
    assert (item["id"], item["person"], item["email"]) == (
        str(completion.public_id),
        str(learner_a.public_id),
        "lina@sater.se",
    )
    assert (item["unit"], item["unit_name"], item["course"], item["version"]) == (
        str(unit.public_id),
        "Omsorg",
        str(course.public_id),
        1,
    )
    assert client.get(f"{url}&from=2026-09-30&to=2026-09-30", **auth).json()["count"] == 1  # local day
    assert client.get(f"{url}&from=2026-10-01", **auth).json()["count"] == 0
    assert client.get(f"{url}&to=2026-09-29", **auth).json()["count"] == 0
    assert client.get(f"{url}&unit={unit.public_id}", **auth).json()["count"] == 1
    other = UnitFactory(organisation=org_a)
    assert client.get(f"{url}&unit={other.public_id}", **auth).json()["count"] == 0
    assert client.get(f"{url}&from=not-a-date", **auth).status_code == 422


@pytest.mark.django_db
def test_the_openapi_document_describes_the_courses_endpoints(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/courses",
        "/api/v1/courses/{course}",
        "/api/v1/courses/completions",
        "/api/v1/me/enrolments",
        "/api/v1/me/progress/{lesson_id}",
    ):
        assert path in paths
