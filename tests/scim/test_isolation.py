"""A token reaches its own organisation only: another organisation's users and groups are 404."""

from __future__ import annotations

import pytest

from jamlik.identity.models import ScimToken
from jamlik.people.models import Membership, Organisation
from tests.scim.conftest import GROUP, USER, Scim, body, patch_op

pytestmark = pytest.mark.django_db


def test_a_token_of_a_can_never_read_change_or_delete_what_b_provisioned(
    scim_a: Scim, scim_b: Scim, org_a: Organisation, org_b: Organisation
) -> None:
    user_b = body(scim_b.post("Users", {"schemas": [USER], "userName": "per@gagnef.se"}))["id"]
    group_b = body(scim_b.post("Groups", {"schemas": [GROUP], "displayName": "Skola"}))["id"]

    assert scim_a.get(f"Users/{user_b}").status_code == 404
    assert scim_a.get(f"Groups/{group_b}").status_code == 404
    assert body(scim_a.get("Users"))["totalResults"] == 0
    assert body(scim_a.get("Groups"))["totalResults"] == 0
    assert body(scim_a.get("Users", filter='userName eq "per@gagnef.se"'))["totalResults"] == 0
    assert body(scim_a.get("Users", filter=f'id eq "{user_b}"'))["totalResults"] == 0
    deactivate = patch_op({"op": "Replace", "path": "active", "value": False})
    for response in (
        scim_a.patch(f"Users/{user_b}", deactivate),
        scim_a.put(f"Users/{user_b}", {"schemas": [USER], "userName": "per@gagnef.se", "active": False}),
        scim_a.delete(f"Users/{user_b}"),
        scim_a.patch(f"Groups/{group_b}", patch_op({"op": "Replace", "path": "displayName", "value": "X"})),
        scim_a.delete(f"Groups/{group_b}"),
    ):
        assert response.status_code == 404
        assert body(response)["status"] == "404"
    assert Membership.objects.open().filter(organisation=org_b, user__email="per@gagnef.se").exists()
    assert body(scim_b.get(f"Groups/{group_b}"))["displayName"] == "Skola"

    # B's user cannot be put into A's group either, and the refusal reads as for a missing id.
    group_a = body(scim_a.post("Groups", {"schemas": [GROUP], "displayName": "Skola"}))["id"]
    into_a = scim_a.patch(f"Groups/{group_a}", patch_op({"op": "Add", "path": "members", "value": [{"value": user_b}]}))
    missing = scim_a.patch(
        f"Groups/{group_a}",
        patch_op({"op": "Add", "path": "members", "value": [{"value": "00000000-0000-4000-8000-000000000000"}]}),
    )
    assert into_a.status_code == missing.status_code == 400
    assert body(into_a)["detail"].replace(user_b, "ID") == body(missing)["detail"].replace(
        "00000000-0000-4000-8000-000000000000", "ID"
    )


def test_the_same_person_gets_a_different_id_in_each_organisation(scim_a: Scim, scim_b: Scim) -> None:
    in_a = body(scim_a.post("Users", {"schemas": [USER], "userName": "vera@exempel.se"}))["id"]
    in_b = body(scim_b.post("Users", {"schemas": [USER], "userName": "vera@exempel.se"}))["id"]
    assert in_a != in_b
    assert scim_a.get(f"Users/{in_b}").status_code == 404


def test_a_revoked_or_wrong_token_gets_401(scim_a: Scim) -> None:
    wrong = Scim("scim_not-a-token")
    response = wrong.get("Users")
    assert response.status_code == 401
    assert body(response)["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert response["WWW-Authenticate"].startswith("Bearer")
    ScimToken.objects.update(revoked_at="2026-01-01T00:00:00Z")
    assert scim_a.get("Users").status_code == 401
    assert scim_a.post("Users", {"schemas": [USER], "userName": "x@sater.se"}).status_code == 401
    no_header = scim_a.client.get("/scim/v2/Users")
    assert no_header.status_code == 401
