"""Coordinators enrol their organisation's members and follow them (``/courses/{course}/enrolments``);
learners enrol themselves (``POST /me/enrolments``)."""

from __future__ import annotations

from typing import Any

import pytest

from jamlik.audit.models import AuditEntry
from jamlik.courses import actions
from jamlik.courses.models import Audience, Enrolment
from jamlik.people.models import MembershipRole, Organisation, User
from tests.api_kit import bearer, cast_member, send
from tests.courses.factories import lessons_of, make_course
from tests.factories import MembershipFactory, UserFactory


def url(course: Any) -> str:
    return f"/api/v1/courses/{course.public_id}/enrolments"


@pytest.mark.django_db
def test_a_coordinator_enrols_a_member_by_id_and_the_audit_names_them(
    coordinator_a: User, learner_a: User, org_a: Organisation
) -> None:
    course = make_course(lessons=2)
    body = {"organisation": str(org_a.public_id), "person": str(learner_a.public_id)}
    response = send("post", url(course), coordinator_a, body)
    assert response.status_code == 201, response.content
    enrolment = Enrolment.objects.get(user=learner_a, course=course)
    assert enrolment.enrolled_by == coordinator_a
    item = response.json()
    assert item["id"] == str(enrolment.public_id)
    assert (item["person"], item["course"], item["enrolled_by"]) == (
        str(learner_a.public_id),
        str(course.public_id),
        str(coordinator_a.public_id),
    )
    assert (item["lessons_total"], item["lessons_done"], item["version"]) == (2, 0, 1)
    entry = AuditEntry.objects.get(action="course.enrolled")
    assert (entry.actor, entry.organisation, entry.target_id) == (coordinator_a, org_a, str(enrolment.pk))
    again = send("post", url(course), coordinator_a, body)
    assert again.status_code == 200 and again.json()["id"] == item["id"]  # idempotent: nothing new
    assert AuditEntry.objects.filter(action="course.enrolled").count() == 1


@pytest.mark.django_db
def test_a_coordinator_enrols_by_email_and_by_slugs(coordinator_a: User, learner_a: User, org_a: Organisation) -> None:
    course = make_course(lessons=1, slug="bemotande")
    response = send(
        "post",
        "/api/v1/courses/bemotande/enrolments",
        coordinator_a,
        {"organisation": "sater", "email": "LINA@sater.se"},
    )
    assert response.status_code == 201
    assert Enrolment.objects.get(course=course).user == learner_a


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 401),
        ("learner_a", 404),
        ("coordinator_b", 404),
        ("programme_manager", 404),
        ("coordinator_a", 201),
        ("administrator", 201),
    ],
)
@pytest.mark.django_db
def test_only_the_organisations_coordinators_may_enrol_its_members(
    request: pytest.FixtureRequest, who: str, status: int, learner_a: User, org_a: Organisation
) -> None:
    course = make_course(lessons=1)
    body = {"organisation": str(org_a.public_id), "person": str(learner_a.public_id)}
    response = send("post", url(course), cast_member(request, who), body)
    assert response.status_code == status
    assert response["Content-Type"] == ("application/json" if status == 201 else "application/problem+json")
    assert Enrolment.objects.exists() == (status == 201)


@pytest.mark.django_db
def test_another_organisations_people_and_courses_answer_404_and_nothing_is_saved(
    coordinator_b: User, learner_a: User, org_a: Organisation, org_b: Organisation
) -> None:
    open_course = make_course(lessons=1)
    for_a_only = make_course(lessons=1, audience=Audience.CHOSEN_ORGANISATIONS, organisations=[org_a])
    in_b = {"organisation": str(org_b.public_id)}
    assert (
        send("post", url(open_course), coordinator_b, {**in_b, "person": str(learner_a.public_id)}).status_code == 404
    )
    assert send("post", url(open_course), coordinator_b, {**in_b, "email": learner_a.email}).status_code == 404
    colleague = UserFactory()
    MembershipFactory(user=colleague, organisation=org_b, role=MembershipRole.LEARNER)
    assert send("post", url(for_a_only), coordinator_b, {**in_b, "person": str(colleague.public_id)}).status_code == 404
    assert not Enrolment.objects.exists()
    assert not AuditEntry.objects.filter(action="course.enrolled").exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"person": "not-a-uuid"}, "person"),
        ({"person": 12}, "person"),
        ({"email": "nobody"}, "email"),
        ({"person": None, "email": None}, "request"),
        ({"email": "lina@sater.se", "unknown": 1}, "unknown"),
        ({"email": "lina@sater.se", "organisation": 5}, "organisation"),
    ],
)
@pytest.mark.django_db
def test_bad_input_is_a_problem_naming_the_field(
    coordinator_a: User, learner_a: User, org_a: Organisation, body: dict[str, Any], field: str
) -> None:
    course = make_course(lessons=1)
    response = send("post", url(course), coordinator_a, {"organisation": str(org_a.public_id), **body})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]
    assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_the_missing_organisation_is_named(coordinator_a: User, learner_a: User) -> None:
    response = send("post", url(make_course(lessons=1)), coordinator_a, {"email": learner_a.email})
    assert response.status_code == 422 and "organisation" in response.json()["errors"]


@pytest.mark.django_db
def test_a_coordinator_lists_only_their_members_enrolments_in_a_few_queries(
    coordinator_a: User,
    coordinator_b: User,
    learner_a: User,
    org_a: Organisation,
    org_b: Organisation,
    django_assert_max_num_queries: Any,
) -> None:
    course = make_course(lessons=2)
    actions.enrol(learner_a, course)
    actions.record_progress(learner_a, lessons_of(course)[0])
    for _ in range(5):
        person = UserFactory()
        MembershipFactory(user=person, organisation=org_a, role=MembershipRole.LEARNER)
        actions.enrol(person, course)
    outsider = UserFactory()
    MembershipFactory(user=outsider, organisation=org_b, role=MembershipRole.LEARNER)
    actions.enrol(outsider, course)
    list_url = f"{url(course)}?organisation={org_a.public_id}"
    auth = bearer(coordinator_a)
    with django_assert_max_num_queries(8):
        body = send("get", list_url, auth).json()
    assert body["count"] == 6 and len(body["items"]) == 6
    assert outsider.email not in {i["email"] for i in body["items"]}
    lina = next(i for i in body["items"] if i["email"] == learner_a.email)
    assert (lina["lessons_done"], lina["lessons_total"], lina["enrolled_by"]) == (1, 2, None)
    assert send("get", list_url, coordinator_b).status_code == 404
    assert send("get", list_url, learner_a).status_code == 404
    assert send("get", f"{url(course)}?organisation={org_b.public_id}", coordinator_b).json()["count"] == 1


@pytest.mark.django_db
def test_a_learner_enrols_themselves_in_a_course_of_their_catalogue(learner_a: User, org_b: Organisation) -> None:
    course = make_course(lessons=1, slug="bemotande")
    response = send("post", "/api/v1/me/enrolments", learner_a, {"course": "bemotande"})
    assert response.status_code == 201
    enrolment = Enrolment.objects.get()
    assert response["Location"] == f"/api/v1/me/enrolments/{enrolment.public_id}"
    assert send("get", response["Location"], learner_a).json()["course"] == str(course.public_id)
    assert send("post", "/api/v1/me/enrolments", learner_a, {"course": str(course.public_id)}).status_code == 200
    hidden = make_course(lessons=1, audience=Audience.CHOSEN_ORGANISATIONS, organisations=[org_b])
    assert send("post", "/api/v1/me/enrolments", learner_a, {"course": str(hidden.public_id)}).status_code == 404
    assert send("post", "/api/v1/me/enrolments", None, {"course": str(course.public_id)}).status_code == 401
    assert send("post", "/api/v1/me/enrolments", learner_a, {"course": 1}).status_code == 422
    assert Enrolment.objects.count() == 1
    assert AuditEntry.objects.get(action="course.enrolled").actor == learner_a


@pytest.mark.django_db
def test_someone_elses_enrolment_is_not_found(learner_a: User, coordinator_a: User) -> None:
    enrolment = actions.enrol(learner_a, make_course(lessons=1))
    assert send("get", f"/api/v1/me/enrolments/{enrolment.public_id}", coordinator_a).status_code == 404


@pytest.mark.django_db
def test_the_action_itself_refuses_a_coordinator_of_another_organisation(
    coordinator_b: User, learner_a: User, org_a: Organisation
) -> None:
    from django.core.exceptions import PermissionDenied

    course = make_course(lessons=1)
    with pytest.raises(PermissionDenied):
        actions.enrol_member(coordinator_b, org_a, learner_a, course)
    with pytest.raises(PermissionDenied):
        actions.enrol_member(learner_a, org_a, learner_a, course)
    assert not Enrolment.objects.exists()
    enrolment, created = actions.enrol_member(None, org_a, learner_a, course)  # the platform
    assert created and enrolment.enrolled_by is None
