"""Programme managers issue by hand and in bulk, and revoke or re-issue a diploma found by its code."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jamlik.credentials.models import Diploma, DiplomaStatus
from jamlik.people.models import User
from tests.conftest import client_for
from tests.courses.authoring_kit import in_english
from tests.credentials.kit import complete, diploma_course, diploma_of


def test_only_programme_managers_reach_the_issuing_pages(as_learner_a: Client, as_coordinator_a: Client) -> None:
    for client in (as_learner_a, as_coordinator_a):
        assert client.get("/diplom/utfarda/").status_code == 404
        assert client.get("/diplom/K7Q2-M9XD-4HPT-AB3C/").status_code == 404


def test_a_programme_manager_issues_to_everyone_who_completed_a_course(
    as_programme_manager: Client, learner_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    course = diploma_course(issues_diploma=False)
    complete(django_capture_on_commit_callbacks, learner_a, course)
    client = in_english(as_programme_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/diplom/utfarda/", {"course": course.pk, "email": ""}, follow=True)
    assert "1 diploma was issued." in client.get(response.redirect_chain[-1][0]).text
    assert diploma_of(learner_a).issued_by is not None


def test_issuing_to_someone_who_has_not_completed_is_refused_on_the_form(
    as_programme_manager: Client, learner_a: User
) -> None:
    course = diploma_course(issues_diploma=False)
    response = in_english(as_programme_manager).post(
        "/diplom/utfarda/", {"course": course.pk, "email": learner_a.email}
    )
    assert response.status_code == 200 and "has not completed this course." in response.text
    assert not Diploma.objects.exists()


def test_a_programme_manager_revokes_with_a_reason_and_re_issues(
    as_programme_manager: Client, learner_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    complete(django_capture_on_commit_callbacks, learner_a, diploma_course())
    diploma = diploma_of(learner_a)
    client = in_english(as_programme_manager)
    found = client.get("/diplom/hitta/", {"kod": diploma.code.lower()})
    assert found["Location"].endswith(f"/diplom/{diploma.display_code}/")
    response = client.post(
        f"/diplom/{diploma.display_code}/", {"reissue": "1", "recipient_name": "Lina Lärande-Berg", "expires_on": ""}
    )
    new = diploma_of(learner_a)
    assert response.status_code == 302 and new.recipient_name == "Lina Lärande-Berg"
    refused = client.post(f"/diplom/{new.display_code}/", {"revoke": "1", "reason": ""})
    assert refused.status_code == 200 and new.status() == DiplomaStatus.VALID
    client.post(f"/diplom/{new.display_code}/", {"revoke": "1", "reason": "Issued by mistake"})
    new.refresh_from_db()
    assert new.status() == DiplomaStatus.REVOKED and new.revocation_reason == "Issued by mistake"


@pytest.mark.parametrize("role", ["learner_a", "coordinator_a", "coordinator_b"])
def test_nobody_but_programme_managers_can_revoke_re_issue_or_issue(
    request: pytest.FixtureRequest, role: str, learner_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    course = diploma_course()
    complete(django_capture_on_commit_callbacks, learner_a, course)
    diploma = diploma_of(learner_a)
    client = client_for(request.getfixturevalue(role))
    path = f"/diplom/{diploma.display_code}/"
    assert client.get(path).status_code == 404
    assert client.post(path, {"revoke": "1", "reason": "Because"}).status_code == 404
    assert client.post(path, {"reissue": "1", "recipient_name": "Someone Else", "expires_on": ""}).status_code == 404
    assert client.post("/diplom/utfarda/", {"course": course.pk, "email": learner_a.email}).status_code == 404
    assert Diploma.objects.get() == diploma and diploma_of(learner_a).status() == DiplomaStatus.VALID
    assert diploma_of(learner_a).recipient_name == diploma.recipient_name
