"""The completion import through the API: the same rules as the page, answers as JSON."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client

from jamlik.courses.models import Completion, Course
from jamlik.people.actions import create_api_token
from jamlik.people.models import Organisation, User
from tests.courses.factories import make_course


def bearer(user: User) -> dict[str, str]:
    _token, raw = create_api_token(user, name="import")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_ACCEPT_LANGUAGE": "en"}


def post(client: Client, course: Course, organisation: str, content: bytes, headers: dict[str, str]) -> Any:
    upload = io.BytesIO(content)
    upload.name = "import.csv"
    return client.post(
        f"/api/v1/courses/{course.public_id}/completions/import?organisation={organisation}",
        {"file": upload},
        **headers,
    )


GOOD = b"email,completed_on\nlina@sater.se,2025-10-01\n"


@pytest.mark.django_db
def test_a_coordinator_imports_completions_with_a_token(
    client: Client, coordinator_a: User, learner_a: User, org_a: Organisation
) -> None:
    course = make_course(lessons=1)
    response = post(client, course, "sater", GOOD, bearer(coordinator_a))
    assert response.status_code == 201
    assert response.json() == {"imported": 1, "already_completed": []}
    assert Completion.objects.get().organisation == org_a


@pytest.mark.django_db
def test_a_bad_row_answers_422_with_every_problem_and_imports_nothing(
    client: Client, coordinator_a: User, learner_a: User
) -> None:
    course = make_course(lessons=1)
    content = GOOD + b"okand@sater.se,2025-10-01\nlina@sater.se,yesterday\n"
    response = post(client, course, "sater", content, bearer(coordinator_a))
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    rows = response.json()["rows"]
    assert [(r["row"], r["column"]) for r in rows] == [(3, "email"), (4, "email"), (4, "completed_on")]
    assert not Completion.objects.exists()


@pytest.mark.django_db
def test_another_organisations_coordinator_gets_404_and_anonymous_gets_401(
    client: Client, coordinator_b: User, learner_a: User
) -> None:
    course = make_course(lessons=1)
    assert post(client, course, "sater", GOOD, bearer(coordinator_b)).status_code == 404
    assert post(client, course, "sater", GOOD, {}).status_code == 401
    assert not Completion.objects.exists()
