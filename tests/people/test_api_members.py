"""/api/v1/organisations/{id}/members: list with filters, read, change role and unit with If-Match,
approve, end. Coordinators of the organisation and administrators only; others get 404."""

from __future__ import annotations

import pytest

from jamlik.people.models import Membership, MembershipRole, MembershipStatus, Organisation, User
from tests.factories import MembershipFactory, UnitFactory, UserFactory
from tests.people.api_kit import ALLOWED, REFUSED, Api, api_for, assert_problem, audited


def membership_of(user: User, organisation: Organisation) -> Membership:
    return Membership.objects.get(user=user, organisation=organisation)


@pytest.mark.django_db
def test_members_are_listed_with_ids_and_filtered_by_role_unit_status_and_text(
    coordinator_a: User, learner_a: User, org_a: Organisation
) -> None:
    unit = UnitFactory(organisation=org_a, name="Kultur")
    MembershipFactory(organisation=org_a, unit=unit, user=UserFactory(name="Kim Kultur", email="kim@sater.se"))
    MembershipFactory(organisation=org_a, status=MembershipStatus.PENDING, user=UserFactory(email="ny@sater.se"))
    api = Api(coordinator_a)
    url = f"/organisations/{org_a.public_id}/members"
    everyone = api("GET", url).json()
    assert everyone["count"] == 4
    lina = next(m for m in everyone["items"] if m["email"] == "lina@sater.se")
    assert lina["id"] == str(membership_of(learner_a, org_a).public_id)
    assert lina["person"] == str(learner_a.public_id)
    assert [m["email"] for m in api("GET", f"{url}?role=coordinator").json()["items"]] == ["malin@sater.se"]
    in_unit = api("GET", f"{url}?unit={unit.public_id}").json()["items"]
    assert [(m["email"], m["unit"], m["unit_name"]) for m in in_unit] == [
        ("kim@sater.se", str(unit.public_id), "Kultur")
    ]
    assert [m["email"] for m in api("GET", f"{url}?status=pending").json()["items"]] == ["ny@sater.se"]
    assert [m["email"] for m in api("GET", f"{url}?q=KULTUR").json()["items"]] == ["kim@sater.se"]
    assert_problem(api("GET", f"{url}?role=boss"), 422)
    assert_problem(api("GET", f"{url}?unit=not-a-uuid"), 422)


@pytest.mark.django_db
def test_listing_members_takes_a_bounded_number_of_queries(
    coordinator_a: User, org_a: Organisation, django_assert_max_num_queries: object
) -> None:
    unit = UnitFactory(organisation=org_a)
    MembershipFactory.create_batch(40, organisation=org_a, unit=unit)
    api = Api(coordinator_a)
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        body = api("GET", f"/organisations/{org_a.public_id}/members?limit=100").json()
    assert body["count"] == 41 and len(body["items"]) == 41


@pytest.mark.django_db
@pytest.mark.parametrize("who", ALLOWED)
def test_a_coordinator_changes_a_members_role_and_unit_with_if_match(
    request: pytest.FixtureRequest, learner_a: User, org_a: Organisation, who: str
) -> None:
    unit = UnitFactory(organisation=org_a)
    api = api_for(request, who)
    membership = membership_of(learner_a, org_a)
    url = f"/organisations/{org_a.public_id}/members/{membership.public_id}"
    tag = api("GET", url)["ETag"]
    changed = api("PATCH", url, {"unit": str(unit.public_id)}, **{"If-Match": tag})
    assert changed.status_code == 200, changed.content
    assert (changed.json()["unit"], changed.json()["role"]) == (str(unit.public_id), "learner")
    entry = audited("membership.changed")
    assert (entry.actor, entry.organisation, entry.after["unit"]) == (request.getfixturevalue(who), org_a, unit.name)
    stale = api("PATCH", url, {"role": "coordinator"}, **{"If-Match": tag})
    assert_problem(stale, 412)
    assert membership_of(learner_a, org_a).role == MembershipRole.LEARNER
    promoted = api("PATCH", url, {"role": "coordinator", "unit": None}, **{"If-Match": changed["ETag"]})
    assert (promoted.json()["role"], promoted.json()["unit"]) == ("coordinator", None)


@pytest.mark.django_db
@pytest.mark.parametrize("who", [*REFUSED, "anonymous"])
def test_others_cannot_read_or_change_members(
    request: pytest.FixtureRequest, learner_a: User, org_a: Organisation, who: str
) -> None:
    api = api_for(request, who)
    membership = membership_of(learner_a, org_a)
    base = f"/organisations/{org_a.public_id}"
    member = f"{base}/members/{membership.public_id}"
    status = 401 if who == "anonymous" else 404
    for response in (
        api("GET", f"{base}/members"),
        api("GET", member),
        api("PATCH", member, {"role": "coordinator"}),
        api("POST", f"{member}/approve"),
        api("DELETE", member),
    ):
        body = assert_problem(response, status)
        assert "lina" not in str(body)
    assert membership_of(learner_a, org_a).role == MembershipRole.LEARNER
    assert membership_of(learner_a, org_a).valid_to is None


@pytest.mark.django_db
def test_a_coordinator_of_b_cannot_reach_as_members_through_their_own_organisation(
    coordinator_b: User, learner_a: User, org_a: Organisation, org_b: Organisation
) -> None:
    membership = membership_of(learner_a, org_a)
    api = Api(coordinator_b)
    assert_problem(api("GET", f"/organisations/{org_b.public_id}/members/{membership.public_id}"), 404)
    assert_problem(api("DELETE", f"/organisations/{org_b.public_id}/members/{membership.public_id}"), 404)
    assert membership_of(learner_a, org_a).valid_to is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"role": "boss"}, "role"),
        ({"role": None}, "role"),
        ({"role": 7}, "role"),
        ({"unit": "not-a-uuid"}, "unit"),
        ({"unit": "00000000-0000-0000-0000-000000000000"}, "unit"),
        ({"roles": "coordinator"}, "roles"),
    ],
)
def test_a_bad_change_names_its_field_and_changes_nothing(
    coordinator_a: User, learner_a: User, org_a: Organisation, body: dict[str, object], field: str
) -> None:
    membership = membership_of(learner_a, org_a)
    response = Api(coordinator_a)("PATCH", f"/organisations/{org_a.public_id}/members/{membership.public_id}", body)
    assert field in assert_problem(response, 422)["errors"]
    assert membership_of(learner_a, org_a).role == MembershipRole.LEARNER


@pytest.mark.django_db
def test_another_organisations_unit_is_refused_as_a_field_error(
    coordinator_a: User, learner_a: User, org_a: Organisation, org_b: Organisation
) -> None:
    theirs = UnitFactory(organisation=org_b)
    membership = membership_of(learner_a, org_a)
    response = Api(coordinator_a)(
        "PATCH", f"/organisations/{org_a.public_id}/members/{membership.public_id}", {"unit": str(theirs.public_id)}
    )
    assert "unit" in assert_problem(response, 422)["errors"]
    assert membership_of(learner_a, org_a).unit is None


@pytest.mark.django_db
def test_a_pending_member_is_approved_once(coordinator_a: User, org_a: Organisation) -> None:
    pending = MembershipFactory(organisation=org_a, status=MembershipStatus.PENDING)
    api = Api(coordinator_a)
    url = f"/organisations/{org_a.public_id}/members/{pending.public_id}/approve"
    approved = api("POST", url)
    assert approved.status_code == 200 and approved.json()["status"] == "active"
    assert audited("membership.approved").target_id == str(pending.pk)
    assert_problem(api("POST", url), 409)


@pytest.mark.django_db
def test_ending_a_membership_keeps_it_and_a_second_time_is_a_conflict(
    coordinator_a: User, learner_a: User, org_a: Organisation
) -> None:
    membership = membership_of(learner_a, org_a)
    api = Api(coordinator_a)
    url = f"/organisations/{org_a.public_id}/members/{membership.public_id}"
    ended = api("DELETE", url)
    assert ended.status_code == 200 and ended.json()["valid_to"] is not None
    assert Membership.objects.filter(pk=membership.pk, valid_to__isnull=False).exists()
    assert audited("membership.ended").actor == coordinator_a
    assert_problem(api("DELETE", url), 409)
    assert_problem(api("PATCH", url, {"role": "coordinator"}), 409)
    assert "lina@sater.se" not in str(api("GET", f"/organisations/{org_a.public_id}/members").json())
    assert api("GET", url).json()["valid_to"] is not None


@pytest.mark.django_db
def test_ending_with_a_stale_if_match_changes_nothing(
    coordinator_a: User, learner_a: User, org_a: Organisation
) -> None:
    membership = membership_of(learner_a, org_a)
    api = Api(coordinator_a)
    url = f"/organisations/{org_a.public_id}/members/{membership.public_id}"
    tag = api("GET", url)["ETag"]
    api("PATCH", url, {"role": "coordinator"})
    assert_problem(api("DELETE", url, **{"If-Match": tag}), 412)
    assert membership_of(learner_a, org_a).valid_to is None
