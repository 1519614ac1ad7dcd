"""The requests Microsoft Entra ID sends to provision a user, replayed as Entra documents them.

Shapes follow Microsoft's "SCIM 2.0 protocol compliance" pages: capitalised operation names,
``emails[type eq "work"].value`` paths, the enterprise extension by its URN, ``active`` sent as
the string "False" by tenants without the compliance fix, and PATCH without a path.
"""

from __future__ import annotations

from typing import Any

import pytest

from jamlik.audit.models import AuditEntry
from jamlik.identity.scim.models import ScimUser
from jamlik.people.models import EmailDomain, Membership, MembershipSource, Organisation, Unit, User
from tests.factories import MembershipFactory, UserFactory
from tests.scim.conftest import ENTERPRISE, ERROR, USER, Scim, body, patch_op

pytestmark = pytest.mark.django_db


def entra_create(
    user_name: str = "anna.berg@sater.se", external_id: str = "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"
) -> dict[str, Any]:
    """POST /Users as Entra ID sends it (its validator's example, with a Swedish employee)."""
    return {
        "schemas": [USER, ENTERPRISE],
        "externalId": external_id,
        "userName": user_name,
        "active": True,
        "emails": [{"primary": True, "type": "work", "value": user_name}],
        "meta": {"resourceType": "User"},
        "name": {"formatted": "Anna Berg", "familyName": "Berg", "givenName": "Anna"},
        "roles": [],
        ENTERPRISE: {"department": "Socialförvaltningen", "employeeNumber": "4711"},
    }


def test_the_whole_entra_sequence_creates_changes_deactivates_reactivates_and_deletes(
    scim_a: Scim, org_a: Organisation
) -> None:
    # 1. Entra looks the user up first; nobody yet.
    found = scim_a.get("Users", filter='userName eq "anna.berg@sater.se"')
    assert found.status_code == 200
    assert body(found) == {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": 0,
        "startIndex": 1,
        "itemsPerPage": 0,
        "Resources": [],
    }

    # 2. Create.
    created = scim_a.post("Users", entra_create())
    assert created.status_code == 201, created.content
    user = body(created)
    scim_id = user["id"]
    assert created["Location"] == f"http://testserver/scim/v2/Users/{scim_id}"
    assert user["userName"] == "anna.berg@sater.se"
    assert user["externalId"] == "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"
    assert user["active"] is True
    assert user["name"]["givenName"] == "Anna"
    assert user["emails"] == [{"value": "anna.berg@sater.se", "type": "work", "primary": True}]
    assert user[ENTERPRISE] == {"department": "Socialförvaltningen"}  # employeeNumber is not kept
    person = User.objects.get(email="anna.berg@sater.se")
    assert person.name == "Anna Berg"
    assert not person.has_usable_password()
    membership = Membership.objects.get(user=person, organisation=org_a)
    assert membership.source == MembershipSource.SCIM
    assert membership.unit is not None and membership.unit.name == "Socialförvaltningen"
    assert scim_id != str(person.public_id) and scim_id != str(person.pk)

    # 3. Found by userName, by externalId and by the work address, and read by id.
    for query in (
        'userName eq "Anna.Berg@sater.se"',
        'externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"',
        'emails[type eq "work"].value eq "anna.berg@sater.se"',
        'userName eq "anna.berg@sater.se" and externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"',
    ):
        listed = body(scim_a.get("Users", filter=query))
        assert listed["totalResults"] == 1, query
        assert listed["Resources"][0]["id"] == scim_id
    assert body(scim_a.get(f"Users/{scim_id}"))["userName"] == "anna.berg@sater.se"

    # 4. Entra's multi-valued and single-valued updates.
    changed = scim_a.patch(
        f"Users/{scim_id}",
        patch_op(
            {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "anna.berg@sater.se"},
            {"op": "Replace", "path": 'emails[type eq "work"].primary', "value": True},
            {"op": "Replace", "path": "name.familyName", "value": "Lind"},
            {"op": "Add", "path": f"{ENTERPRISE}:department", "value": "Ekonomi"},
            {"op": "Add", "path": f"{ENTERPRISE}:manager", "value": "2819c223-7f76-453a-919d-413861904646"},
        ),
    )
    assert changed.status_code == 200, changed.content
    assert body(changed)["name"]["familyName"] == "Lind"
    person.refresh_from_db()
    membership.refresh_from_db()
    assert person.name == "Anna Lind"
    assert membership.unit is not None and membership.unit.name == "Ekonomi"
    assert Unit.objects.filter(organisation=org_a, name="Socialförvaltningen").exists()  # units are never deleted

    # 5. Disable, as a tenant without the compliance fix sends it: the string "False".
    disabled = scim_a.patch(f"Users/{scim_id}", patch_op({"op": "Replace", "path": "active", "value": "False"}))
    assert disabled.status_code == 200
    assert body(disabled)["active"] is False
    membership.refresh_from_db()
    assert membership.valid_to is not None
    assert not Membership.objects.open().filter(user=person, organisation=org_a).exists()
    assert body(scim_a.get("Users", filter="active eq false"))["totalResults"] == 1

    # 6. Enable again (a boolean this time, in a PATCH without path): a new membership, the same id.
    enabled = scim_a.patch(f"Users/{scim_id}", patch_op({"op": "Replace", "value": {"active": True}}))
    assert enabled.status_code == 200
    assert body(enabled)["id"] == scim_id and body(enabled)["active"] is True
    reopened = Membership.objects.open().get(user=person, organisation=org_a)
    assert reopened.pk != membership.pk and reopened.source == MembershipSource.SCIM
    assert reopened.unit is not None and reopened.unit.name == "Ekonomi"

    # 7. Delete: the membership ends, the person and the history stay, the id is gone.
    assert scim_a.delete(f"Users/{scim_id}").status_code == 204
    assert scim_a.get(f"Users/{scim_id}").status_code == 404
    assert User.objects.filter(pk=person.pk).exists()
    assert Membership.objects.filter(user=person, organisation=org_a).count() == 2
    assert not Membership.objects.open().filter(user=person, organisation=org_a).exists()
    actions = set(AuditEntry.objects.filter(organisation=org_a).values_list("action", flat=True))
    assert {"scim.user_created", "scim.user_changed", "scim.user_deleted", "membership.ended"} <= actions


def test_the_validator_example_with_a_username_that_is_no_address_uses_the_work_email(scim_a: Scim) -> None:
    document = entra_create()
    document["userName"] = "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1"
    document["emails"] = [{"primary": True, "type": "work", "value": "Test_User_fd0ea19b@sater.se"}]
    created = scim_a.post("Users", document)
    assert created.status_code == 201, created.content
    assert body(created)["userName"] == "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1"
    assert User.objects.filter(email="test_user_fd0ea19b@sater.se").exists()


def test_patch_without_path_takes_dotted_keys_as_entra_sends_them(scim_a: Scim) -> None:
    scim_id = body(scim_a.post("Users", entra_create()))["id"]
    changed = scim_a.patch(
        f"Users/{scim_id}",
        patch_op(
            {
                "op": "Replace",
                "value": {
                    "name.givenName": "Annika",
                    'emails[type eq "work"].value': "anna.berg@sater.se",
                    f"{ENTERPRISE}:department": "Kultur",
                    "displayName": "Annika Berg",
                },
            }
        ),
    )
    assert changed.status_code == 200, changed.content
    document = body(changed)
    assert document["name"]["givenName"] == "Annika"
    assert document["displayName"] == "Annika Berg"
    assert document[ENTERPRISE]["department"] == "Kultur"


def test_put_replaces_the_user_and_clears_what_it_leaves_out(scim_a: Scim) -> None:
    scim_id = body(scim_a.post("Users", entra_create()))["id"]
    replaced = scim_a.put(
        f"Users/{scim_id}", {"schemas": [USER], "userName": "anna.berg@sater.se", "name": {"givenName": "Anna"}}
    )
    assert replaced.status_code == 200, replaced.content
    document = body(replaced)
    assert "externalId" not in document and ENTERPRISE not in document
    assert document["active"] is True
    assert document["name"] == {"givenName": "Anna"}


def test_a_person_who_already_exists_becomes_a_member_without_showing_what_other_organisations_know(
    scim_a: Scim, org_a: Organisation, org_b: Organisation
) -> None:
    person = UserFactory(email="anna.berg@sater.se", name="Anna Självvald")
    MembershipFactory(user=person, organisation=org_b)
    created = scim_a.post("Users", entra_create())
    assert created.status_code == 201
    document = body(created)
    assert document["name"] == {"givenName": "Anna", "familyName": "Berg"}
    assert "Självvald" not in created.content.decode()
    assert User.objects.filter(email="anna.berg@sater.se").count() == 1
    person.refresh_from_db()
    assert person.name == "Anna Självvald"  # the person's own choice of name wins
    assert Membership.objects.open().filter(user=person, organisation=org_a, source=MembershipSource.SCIM).exists()
    assert Membership.objects.open().filter(user=person, organisation=org_b).exists()


def test_a_member_added_by_hand_is_taken_over_and_ended_by_deactivation(
    scim_a: Scim, org_a: Organisation, learner_a: User
) -> None:
    scim_id = body(scim_a.post("Users", entra_create(user_name=learner_a.email)))["id"]
    membership = Membership.objects.open().get(user=learner_a, organisation=org_a)
    assert membership.source == MembershipSource.SCIM
    scim_a.patch(f"Users/{scim_id}", patch_op({"op": "replace", "path": "active", "value": False}))
    assert not Membership.objects.open().filter(user=learner_a, organisation=org_a).exists()


def test_an_address_at_another_organisations_domain_is_refused(scim_a: Scim, org_b: Organisation) -> None:
    EmailDomain.objects.create(organisation=org_b, domain="gagnef.se")
    refused = scim_a.post("Users", entra_create(user_name="per@gagnef.se"))
    assert refused.status_code == 400
    document = body(refused)
    assert document["schemas"] == [ERROR] and document["scimType"] == "invalidValue" and document["status"] == "400"
    assert "another organisation" in document["detail"] or "annan organisation" in document["detail"]
    assert not User.objects.filter(email="per@gagnef.se").exists()


def test_the_same_username_twice_is_a_uniqueness_conflict(scim_a: Scim) -> None:
    assert scim_a.post("Users", entra_create()).status_code == 201
    again = scim_a.post("Users", entra_create(external_id="another"))
    assert again.status_code == 409
    assert body(again)["scimType"] == "uniqueness"
    other = entra_create(user_name="bo@sater.se")
    assert body(scim_a.post("Users", other))["scimType"] == "uniqueness"  # the same externalId
    assert ScimUser.objects.count() == 1


def test_provisioning_is_recorded_without_a_person_as_actor(scim_a: Scim, org_a: Organisation) -> None:
    """The person did not add themselves: entries written for SCIM have no actor (was: the person)."""
    scim_id = body(scim_a.post("Users", entra_create()))["id"]
    scim_a.patch(f"Users/{scim_id}", patch_op({"op": "Replace", "path": "active", "value": False}))
    entries = AuditEntry.objects.filter(organisation=org_a, action__in=["membership.added", "membership.ended"])
    assert sorted(entries.values_list("action", flat=True)) == ["membership.added", "membership.ended"]
    assert list(entries.values_list("actor", flat=True)) == [None, None]


def test_a_renamed_address_moves_with_a_person_nobody_else_knows(scim_a: Scim, org_a: Organisation) -> None:
    scim_id = body(scim_a.post("Users", entra_create()))["id"]
    person = User.objects.get(email="anna.berg@sater.se")
    renamed = scim_a.patch(
        f"Users/{scim_id}", patch_op({"op": "Replace", "path": "userName", "value": "anna.lind@sater.se"})
    )
    assert renamed.status_code == 200, renamed.content
    person.refresh_from_db()
    assert person.email == "anna.lind@sater.se"
    assert Membership.objects.open().filter(user=person, organisation=org_a).count() == 1


def test_a_renamed_address_of_a_person_who_signed_in_or_belongs_elsewhere_never_changes_their_account(
    scim_a: Scim, org_a: Organisation, org_b: Organisation
) -> None:
    signed_in = UserFactory(email="anna.berg@sater.se", last_login="2026-11-01T08:00:00Z")
    elsewhere = UserFactory(email="bo@sater.se")
    MembershipFactory(user=elsewhere, organisation=org_b)
    for person, new in ((signed_in, "anna.lind@sater.se"), (elsewhere, "bo.ek@sater.se")):
        scim_id = body(scim_a.post("Users", entra_create(user_name=person.email, external_id=person.email)))["id"]
        moved = scim_a.patch(f"Users/{scim_id}", patch_op({"op": "Replace", "path": "userName", "value": new}))
        assert moved.status_code == 200, moved.content
        person.refresh_from_db()
        assert person.email != new
        assert not Membership.objects.open().filter(user=person, organisation=org_a).exists()
        assert Membership.objects.open().filter(user__email=new, organisation=org_a).exists()
    assert Membership.objects.open().filter(user=elsewhere, organisation=org_b).exists()
