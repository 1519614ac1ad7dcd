"""Groups as Entra ID provisions them: units, and who is in them."""

from __future__ import annotations

from typing import Any

import pytest

from jamlik.identity.scim.models import ScimGroup
from jamlik.people.models import Membership, Organisation, Unit
from tests.scim.conftest import GROUP, USER, Scim, body, patch_op

pytestmark = pytest.mark.django_db


def entra_group(name: str = "Ekonomi", external_id: str = "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159") -> dict[str, Any]:
    """POST /Groups as Entra ID sends it: an ``id`` of its own in the body, which is ignored."""
    return {
        "externalId": external_id,
        "id": "c4dc7b3a-7e3a-4f4b-8b1a-123456789abc",
        "displayName": name,
        "meta": {"resourceType": "Group"},
        "members": [],
        "schemas": [GROUP],
    }


def a_user(scim: Scim, address: str) -> str:
    created = scim.post("Users", {"schemas": [USER], "userName": address, "active": True})
    assert created.status_code == 201, created.content
    return str(body(created)["id"])


def test_a_group_is_created_found_renamed_given_members_and_deleted(scim_a: Scim, org_a: Organisation) -> None:
    assert (
        body(scim_a.get("Groups", filter='displayName eq "Ekonomi"', excludedAttributes="members"))["totalResults"] == 0
    )
    created = scim_a.post("Groups", entra_group())
    assert created.status_code == 201, created.content
    group = body(created)
    group_id = group["id"]
    assert group_id != "c4dc7b3a-7e3a-4f4b-8b1a-123456789abc"
    assert group["displayName"] == "Ekonomi" and group["members"] == []
    unit = Unit.objects.get(organisation=org_a, public_id=group_id)

    listed = body(scim_a.get("Groups", filter='displayName eq "Ekonomi"', excludedAttributes="members"))
    assert listed["totalResults"] == 1 and "members" not in listed["Resources"][0]
    assert "members" not in body(scim_a.get(f"Groups/{group_id}", excludedAttributes="members"))

    renamed = scim_a.patch(
        f"Groups/{group_id}", patch_op({"op": "Replace", "path": "displayName", "value": "Ekonomiavdelningen"})
    )
    assert renamed.status_code == 200, renamed.content
    unit.refresh_from_db()
    assert unit.name == "Ekonomiavdelningen"

    anna, bo = a_user(scim_a, "anna@sater.se"), a_user(scim_a, "bo@sater.se")
    added = scim_a.patch(
        f"Groups/{group_id}",
        patch_op({"op": "Add", "path": "members", "value": [{"$ref": None, "value": anna}, {"value": bo}]}),
    )
    assert added.status_code == 200, added.content
    assert {m["value"] for m in body(added)["members"]} == {anna, bo}
    assert Membership.objects.open().filter(organisation=org_a, unit=unit).count() == 2
    member_filter = f'id eq "{group_id}" and members eq "{anna}"'
    assert body(scim_a.get("Groups", filter=member_filter, excludedAttributes="members"))["totalResults"] == 1

    # Removed the way Entra did before its compliance fix (a value list), then after it (a filter).
    scim_a.patch(f"Groups/{group_id}", patch_op({"op": "Remove", "path": "members", "value": [{"value": anna}]}))
    assert [m["value"] for m in body(scim_a.get(f"Groups/{group_id}"))["members"]] == [bo]
    scim_a.patch(f"Groups/{group_id}", patch_op({"op": "remove", "path": f'members[value eq "{bo}"]'}))
    assert body(scim_a.get(f"Groups/{group_id}"))["members"] == []
    assert body(scim_a.get("Groups", filter=member_filter))["totalResults"] == 0

    scim_a.patch(f"Groups/{group_id}", patch_op({"op": "add", "path": "members", "value": [{"value": anna}]}))
    assert scim_a.delete(f"Groups/{group_id}").status_code == 204
    assert scim_a.get(f"Groups/{group_id}").status_code == 404
    assert Unit.objects.filter(pk=unit.pk).exists()  # the unit stays with its history
    assert not Membership.objects.open().filter(organisation=org_a, unit=unit).exists()


def test_a_deactivated_user_leaves_the_groups_members(scim_a: Scim) -> None:
    group_id = body(scim_a.post("Groups", entra_group()))["id"]
    anna = a_user(scim_a, "anna@sater.se")
    scim_a.patch(f"Groups/{group_id}", patch_op({"op": "Add", "path": "members", "value": [{"value": anna}]}))
    scim_a.patch(f"Users/{anna}", patch_op({"op": "Replace", "path": "active", "value": "False"}))
    assert body(scim_a.get(f"Groups/{group_id}"))["members"] == []


def test_a_unit_made_by_hand_becomes_the_group_of_the_same_name(scim_a: Scim, org_a: Organisation) -> None:
    unit = Unit.objects.create(organisation=org_a, name="Ekonomi")
    created = body(scim_a.post("Groups", entra_group(name="ekonomi")))
    assert created["id"] == str(unit.public_id)
    assert Unit.objects.filter(organisation=org_a).count() == 1


def test_the_same_group_twice_is_a_uniqueness_conflict(scim_a: Scim) -> None:
    assert scim_a.post("Groups", entra_group()).status_code == 201
    again = scim_a.post("Groups", entra_group(external_id="other"))
    assert again.status_code == 409 and body(again)["scimType"] == "uniqueness"
    assert ScimGroup.objects.count() == 1


def test_a_member_id_that_is_not_a_user_here_is_refused(scim_a: Scim) -> None:
    group_id = body(scim_a.post("Groups", entra_group()))["id"]
    refused = scim_a.patch(
        f"Groups/{group_id}",
        patch_op({"op": "Add", "path": "members", "value": [{"value": "5171a35d-8207-4e06-8ce2-000000000000"}]}),
    )
    assert refused.status_code == 400 and body(refused)["scimType"] == "invalidValue"
