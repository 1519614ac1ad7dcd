"""Diplomas by hand through the API (programme managers): issue, read, revoke, re-issue."""

from __future__ import annotations

from typing import Any

import pytest

from jamlik.audit.models import AuditEntry
from jamlik.credentials.models import Diploma, DiplomaStatus
from jamlik.people.models import MembershipRole, Organisation, User
from tests.api_kit import bearer, cast_member, send
from tests.credentials.kit import complete, diploma_course
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def completed(learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any) -> Any:
    """Lina completed a course that issues no diploma by itself."""
    course = diploma_course(org_a, issues_diploma=False)
    complete(django_capture_on_commit_callbacks, learner_a, course)
    assert not Diploma.objects.exists()
    return course


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 401),
        ("learner_a", 404),
        ("coordinator_a", 404),
        ("coordinator_b", 404),
        ("programme_manager", 201),
        ("administrator", 201),
    ],
)
@pytest.mark.django_db
def test_programme_managers_issue_a_diploma_for_a_completed_course(
    request: pytest.FixtureRequest, who: str, status: int, completed: Any, learner_a: User, org_a: Organisation
) -> None:
    user = cast_member(request, who)
    response = send(
        "post", "/api/v1/credentials/diplomas", user, {"course": completed.slug, "person": str(learner_a.public_id)}
    )
    assert response.status_code == status, response.content
    if status != 201:
        assert not Diploma.objects.exists()
        return
    diploma = Diploma.objects.get()
    item = response.json()
    assert (item["id"], item["code"], item["status"]) == (str(diploma.public_id), diploma.display_code, "valid")
    assert (item["recipient"], item["course"], item["issuers"]) == (
        str(learner_a.public_id),
        str(completed.public_id),
        [str(org_a.public_id)],
    )
    assert item["completion"] == str(completed.completions.get().public_id)
    assert response["Location"] == f"/api/v1/credentials/diplomas/{diploma.public_id}"
    assert AuditEntry.objects.get(action="credentials.diploma_issued").actor == user
    again = send(
        "post", "/api/v1/credentials/diplomas", user, {"course": str(completed.public_id), "email": learner_a.email}
    )
    assert again.status_code == 200 and again.json()["id"] == item["id"]
    assert Diploma.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"person": "x"}, "person"),
        ({"email": "not-an-address"}, "email"),
        ({}, "request"),
        ({"person": None, "email": "lina@sater.se", "extra": True}, "extra"),
        ({"course": 3, "email": "lina@sater.se"}, "course"),
    ],
)
@pytest.mark.django_db
def test_bad_issue_input_names_the_field(
    programme_manager: User, completed: Any, body: dict[str, Any], field: str
) -> None:
    response = send("post", "/api/v1/credentials/diplomas", programme_manager, {"course": completed.slug, **body})
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert not Diploma.objects.exists()


@pytest.mark.django_db
def test_no_diploma_for_someone_who_has_not_completed_the_course(
    programme_manager: User, completed: Any, org_a: Organisation
) -> None:
    other = UserFactory(name="Nils Ny")
    MembershipFactory(user=other, organisation=org_a, role=MembershipRole.LEARNER)
    response = send(
        "post",
        "/api/v1/credentials/diplomas",
        programme_manager,
        {"course": completed.slug, "person": str(other.public_id)},
    )
    assert response.status_code == 422 and "has not completed" in response.json()["detail"]
    unknown = send(
        "post", "/api/v1/credentials/diplomas", programme_manager, {"course": completed.slug, "email": "ingen@x.se"}
    )
    assert unknown.status_code == 404
    assert not Diploma.objects.exists()


@pytest.mark.django_db
def test_revoking_with_a_reason_by_id_or_code(
    programme_manager: User,
    coordinator_a: User,
    learner_a: User,
    completed: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    created = send(
        "post", "/api/v1/credentials/diplomas", programme_manager, {"course": completed.slug, "email": learner_a.email}
    ).json()
    url = f"/api/v1/credentials/diplomas/{created['id']}"
    assert (
        send("get", f"/api/v1/credentials/diplomas/{created['code'].lower()}", programme_manager).json()["id"]
        == created["id"]
    )
    assert send("post", f"{url}/revoke", coordinator_a, {"reason": "Fel person"}).status_code == 404
    assert send("post", f"{url}/revoke", programme_manager, {"reason": ""}).status_code == 422
    assert send("post", f"{url}/revoke", programme_manager, {}).status_code == 422
    assert Diploma.objects.get().revoked_at is None
    revoked = send("post", f"{url}/revoke", programme_manager, {"reason": "Utfärdat av misstag"})
    assert revoked.status_code == 200, revoked.content
    assert (revoked.json()["status"], revoked.json()["revocation_reason"]) == ("revoked", "Utfärdat av misstag")
    entry = AuditEntry.objects.get(action="credentials.diploma_revoked")
    assert (entry.actor, entry.summary) == (programme_manager, "Utfärdat av misstag")
    assert send("post", f"{url}/revoke", programme_manager, {"reason": "Igen"}).status_code == 409
    assert send("post", f"{url}/reissue", programme_manager, {}).status_code == 409
    public = send("get", f"/api/v1/credentials/verify/{created['code']}", None).json()
    assert public["status"] == DiplomaStatus.REVOKED


@pytest.mark.django_db
def test_reissuing_replaces_the_diploma_with_a_new_code(
    programme_manager: User, learner_a: User, completed: Any
) -> None:
    created = send(
        "post", "/api/v1/credentials/diplomas", programme_manager, {"course": completed.slug, "email": learner_a.email}
    ).json()
    url = f"/api/v1/credentials/diplomas/{created['id']}/reissue"
    assert send("post", url, programme_manager, {"expires_on": "31/12/2030"}).status_code == 422
    assert send("post", url, programme_manager, {"recipient_name": ""}).status_code == 422
    assert Diploma.objects.count() == 1
    response = send("post", url, programme_manager, {"recipient_name": "Lina Lärande-Berg", "expires_on": "2030-12-31"})
    assert response.status_code == 201, response.content
    new = response.json()
    assert new["code"] != created["code"] and new["recipient_name"] == "Lina Lärande-Berg"
    assert new["expires_at"].startswith("2030-12-31")
    assert response["Location"] == f"/api/v1/credentials/diplomas/{new['id']}"
    old = send("get", f"/api/v1/credentials/diplomas/{created['id']}", programme_manager).json()
    assert (old["status"], old["superseded_by"]) == ("superseded", new["id"])
    assert AuditEntry.objects.get(action="credentials.diploma_reissued").actor == programme_manager
    assert send("post", url, programme_manager, {}).status_code == 409


@pytest.mark.django_db
def test_listing_diplomas_takes_a_few_queries_whatever_their_number(
    programme_manager: User,
    org_a: Organisation,
    django_capture_on_commit_callbacks: Any,
    django_assert_max_num_queries: Any,
) -> None:
    course = diploma_course(org_a)
    for n in range(6):
        person = UserFactory(name=f"Person {n}")
        MembershipFactory(user=person, organisation=org_a, role=MembershipRole.LEARNER)
        complete(django_capture_on_commit_callbacks, person, course)
    auth = bearer(programme_manager)
    with django_assert_max_num_queries(8):
        body = send("get", f"/api/v1/credentials/diplomas?course={course.public_id}", auth).json()
    assert body["count"] == 6 and len(body["items"]) == 6
    assert send("get", "/api/v1/credentials/diplomas", UserFactory()).status_code == 404
