"""The completion import through the API: the same rules as the page, answers as JSON."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client

from jamlik.courses.models import Completion, CompletionImport, Course
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
def test_a_coordinator_imports_completions_with_a_token_as_a_job(
    client: Client, coordinator_a: User, learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    course = make_course(lessons=1)
    headers = bearer(coordinator_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, course, "sater", GOOD, headers)
    assert response.status_code == 202
    job = CompletionImport.objects.get()
    assert response["Location"] == f"/api/v1/completion-imports/{job.public_id}"
    assert response.json()["state"] == "queued"  # as it was when the request answered
    done = client.get(response["Location"], **headers).json()
    assert done == {
        "id": str(job.public_id),
        "state": "done",
        "total_rows": 1,
        "checked_rows": 1,
        "imported": 1,
        "already_completed": [],
        "rows": [],
    }
    assert Completion.objects.get().organisation == org_a


@pytest.mark.django_db
def test_a_bad_row_ends_the_job_rejected_with_every_problem_and_imports_nothing(
    client: Client, coordinator_a: User, learner_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    course = make_course(lessons=1)
    content = GOOD + b"okand@sater.se,2025-10-01\nlina@sater.se,yesterday\n"
    headers = bearer(coordinator_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, course, "sater", content, headers)
    job = client.get(response["Location"], **headers).json()
    assert job["state"] == "rejected"
    assert [(r["row"], r["column"]) for r in job["rows"]] == [(3, "email"), (4, "email"), (4, "completed_on")]
    assert not Completion.objects.exists()


@pytest.mark.django_db
def test_a_file_over_the_size_limit_answers_422_at_once(client: Client, coordinator_a: User) -> None:
    course = make_course(lessons=1)
    response = post(client, course, "sater", GOOD + b"x" * (5 * 1024 * 1024), bearer(coordinator_a))
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert not CompletionImport.objects.exists()


@pytest.mark.django_db
def test_only_the_person_who_started_an_import_can_read_it(
    client: Client, coordinator_a: User, coordinator_b: User, learner_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    course = make_course(lessons=1)
    with django_capture_on_commit_callbacks(execute=True):
        location = post(client, course, "sater", GOOD, bearer(coordinator_a))["Location"]
    assert client.get(location, **bearer(coordinator_b)).status_code == 404
    assert client.get(location, **bearer(learner_a)).status_code == 404
    assert client.get(location).status_code == 401


@pytest.mark.django_db
def test_another_organisations_coordinator_gets_404_and_anonymous_gets_401(
    client: Client, coordinator_b: User, learner_a: User
) -> None:
    course = make_course(lessons=1)
    assert post(client, course, "sater", GOOD, bearer(coordinator_b)).status_code == 404
    assert post(client, course, "sater", GOOD, {}).status_code == 401
    assert not Completion.objects.exists()


@pytest.mark.django_db
def test_the_course_and_organisation_are_named_by_id_or_slug_as_the_command_takes_them(
    client: Client,
    coordinator_a: User,
    learner_a: User,
    org_a: Organisation,
    tmp_path: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    course = make_course(lessons=1, slug="bemotande")
    headers = bearer(coordinator_a)
    upload = io.BytesIO(GOOD)
    upload.name = "import.csv"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/courses/bemotande/completions/import?organisation={org_a.public_id}", {"file": upload}, **headers
        )
    assert response.status_code == 202, response.content
    assert client.get(response["Location"], **headers).json()["imported"] == 1
    assert Completion.objects.get().course == course
    # The command takes the same names: the course's id here (the slug works as before).
    from django.core.management import call_command

    other = make_course(lessons=1)
    path = tmp_path / "import.csv"
    path.write_bytes(GOOD)
    call_command(
        "import_completions", str(org_a.public_id), str(path), course=str(other.public_id), stdout=io.StringIO()
    )
    assert Completion.objects.filter(course=other).count() == 1


@pytest.mark.django_db
def test_a_course_not_open_to_the_organisation_answers_404(
    client: Client, coordinator_a: User, org_a: Organisation, org_b: Organisation
) -> None:
    from jamlik.courses.models import Audience

    course = make_course(lessons=1, audience=Audience.CHOSEN_ORGANISATIONS, organisations=[org_b])
    for ident in (str(course.public_id), course.slug):
        upload = io.BytesIO(GOOD)
        upload.name = "import.csv"
        response = client.post(
            f"/api/v1/courses/{ident}/completions/import?organisation={org_a.public_id}",
            {"file": upload},
            **bearer(coordinator_a),
        )
        assert response.status_code == 404
    assert not CompletionImport.objects.exists()
