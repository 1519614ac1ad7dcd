"""The protocol's edges: discovery, errors as SCIM documents, bad bodies, filters, pagination, query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from jamlik.identity.scim.models import ScimUser
from tests.scim.conftest import ENTERPRISE, ERROR, GROUP, USER, Scim, body, patch_op

pytestmark = pytest.mark.django_db


def error(response: HttpResponse, status: int, scim_type: str | None = None) -> str:
    assert response.status_code == status, response.content
    document = body(response)
    assert document["schemas"] == [ERROR] and document["status"] == str(status)
    if scim_type is not None:
        assert document["scimType"] == scim_type, document
    return str(document["detail"])


def test_discovery_documents_describe_what_is_kept(scim_a: Scim) -> None:
    config = body(scim_a.get("ServiceProviderConfig"))
    assert config["patch"] == {"supported": True} and config["bulk"]["supported"] is False
    assert config["filter"] == {"supported": True, "maxResults": 500}
    types = body(scim_a.get("ResourceTypes"))
    assert {t["id"] for t in types["Resources"]} == {"User", "Group"}
    assert body(scim_a.get("ResourceTypes/User"))["schemaExtensions"] == [{"schema": ENTERPRISE, "required": False}]
    schemas = body(scim_a.get("Schemas"))
    assert {s["id"] for s in schemas["Resources"]} == {USER, ENTERPRISE, GROUP}
    user_schema = body(scim_a.get(f"Schemas/{USER}"))
    assert [a["name"] for a in user_schema["attributes"]] == ["userName", "name", "displayName", "emails", "active"]
    error(scim_a.get("Schemas/urn:unknown"), 404)
    error(scim_a.get("Nothing/here"), 404)


def test_bad_bodies_get_clear_scim_errors(scim_a: Scim) -> None:
    assert "JSON" in error(scim_a.raw("POST", "Users", b'{"schemas": ['), 400, "invalidSyntax")
    error(scim_a.raw("POST", "Users", b"\xff\xfe"), 400, "invalidSyntax")
    error(scim_a.raw("POST", "Users", b'{"userName": NaN}'), 400, "invalidSyntax")
    error(scim_a.raw("POST", "Users", b""), 400, "invalidSyntax")
    error(scim_a.raw("POST", "Users", b"[" * 5000 + b"]" * 5000), 400, "invalidSyntax")
    error(scim_a.raw("POST", "Users", b'{"a": "' + b"x" * 1_100_000 + b'"}'), 413)
    error(scim_a.post("Users", ["not", "an", "object"]), 400, "invalidSyntax")
    error(scim_a.post("Users", {"userName": "a@sater.se"}), 400, "invalidSyntax")  # no schemas
    error(scim_a.post("Users", {"schemas": [USER]}), 400, "invalidValue")  # no userName
    error(scim_a.post("Users", {"schemas": [USER], "userName": "not an address"}), 400, "invalidValue")
    error(scim_a.post("Users", {"schemas": [USER], "userName": "a@sater.se", "active": "maybe"}), 400, "invalidValue")
    error(scim_a.post("Users", {"schemas": [USER], "userName": "a@sater.se", "name": "Anna"}), 400, "invalidValue")
    error(scim_a.post("Users", {"schemas": [USER, "urn:acme:User"], "userName": "a@sater.se"}), 400, "invalidValue")
    error(scim_a.post("Users", {"schemas": [USER], "userName": "a" * 250 + "@sater.se"}), 400, "invalidValue")
    assert "shoeSize" in error(
        scim_a.post("Users", {"schemas": [USER], "userName": "a@sater.se", "shoeSize": 42}), 400, "invalidPath"
    )
    assert ScimUser.objects.count() == 0


def test_attributes_of_the_schemas_jamlik_does_not_keep_are_dropped(scim_a: Scim) -> None:
    created = scim_a.post(
        "Users",
        {
            "schemas": [USER, ENTERPRISE],
            "userName": "a@sater.se",
            "title": "Handläggare",
            "phoneNumbers": [{"type": "work", "value": "+46 225 55 000"}],
            "addresses": [{"type": "work", "formatted": "Storgatan 1"}],
            "preferredLanguage": "sv-SE",
            ENTERPRISE: {"manager": {"value": "x"}, "employeeNumber": "1"},
        },
    )
    assert created.status_code == 201, created.content
    text = created.content.decode()
    assert "Handläggare" not in text and "+46" not in text and "Storgatan" not in text


def test_bad_patches_are_refused_and_change_nothing(scim_a: Scim) -> None:
    scim_id = body(scim_a.post("Users", {"schemas": [USER], "userName": "a@sater.se"}))["id"]
    error(scim_a.patch(f"Users/{scim_id}", {"Operations": []}), 400, "invalidSyntax")
    error(scim_a.patch(f"Users/{scim_id}", patch_op()), 400, "invalidSyntax")
    error(scim_a.patch(f"Users/{scim_id}", patch_op({"op": "move", "path": "active"})), 400, "invalidSyntax")
    error(scim_a.patch(f"Users/{scim_id}", patch_op({"op": "remove"})), 400, "invalidSyntax")
    error(scim_a.patch(f"Users/{scim_id}", patch_op({"op": "remove", "path": "userName"})), 400, "invalidValue")
    error(scim_a.patch(f"Users/{scim_id}", patch_op({"op": "add", "path": "shoeSize", "value": 1})), 400, "invalidPath")
    error(scim_a.patch(f"Users/{scim_id}", patch_op({"op": "add", "path": 'emails[type eq "work"', "value": 1})), 400)
    # The second operation fails, so the first one is not kept either: one request, one transaction.
    error(
        scim_a.patch(
            f"Users/{scim_id}",
            patch_op({"op": "replace", "path": "active", "value": False}, {"op": "add", "path": "x", "value": 1}),
        ),
        400,
    )
    assert body(scim_a.get(f"Users/{scim_id}"))["active"] is True
    error(scim_a._send("POST", f"Users/{scim_id}", {}), 405)


def test_filters_that_cannot_be_answered_are_refused(scim_a: Scim) -> None:
    for query in (
        'shoeSize eq "42"',
        'userName eq "a" and',
        'userName xx "a"',
        "userName eq a",
        '(userName eq "a"',
        'emails[type eq "home"].value eq "a"',
        'userName eq "a" extra',
        'active eq "yes"',
        "x" * 1001,
    ):
        error(scim_a.get("Users", filter=query), 400, "invalidFilter")
    error(scim_a.get("Users", startIndex="one"), 400, "invalidValue")


def test_filters_combine_with_and_or_not(scim_a: Scim) -> None:
    for address in ("anna@sater.se", "bo@sater.se", "cecilia@sater.se"):
        scim_a.post("Users", {"schemas": [USER], "userName": address, "externalId": address.split("@")[0]})

    def names(query: str) -> list[str]:
        return sorted(r["userName"] for r in body(scim_a.get("Users", filter=query))["Resources"])

    assert names('userName sw "anna" or externalId eq "bo"') == ["anna@sater.se", "bo@sater.se"]
    assert names('not (userName co "bo") and userName ew "@sater.se"') == ["anna@sater.se", "cecilia@sater.se"]
    assert names('externalId eq "ANNA"') == []  # externalId is case-exact
    assert names("externalId pr") == ["anna@sater.se", "bo@sater.se", "cecilia@sater.se"]
    assert names('id eq "not-a-uuid"') == []


def test_pages_follow_start_index_and_count(scim_a: Scim) -> None:
    for number in range(5):
        scim_a.post("Users", {"schemas": [USER], "userName": f"p{number}@sater.se"})
    page = body(scim_a.get("Users", startIndex="2", count="2"))
    assert page["totalResults"] == 5 and page["startIndex"] == 2 and page["itemsPerPage"] == 2
    assert [r["userName"] for r in page["Resources"]] == ["p1@sater.se", "p2@sater.se"]
    assert body(scim_a.get("Users", count="0"))["Resources"] == []
    assert body(scim_a.get("Users", startIndex="0", count="100000"))["itemsPerPage"] == 5
    assert body(scim_a.get("Users", attributes="userName"))["Resources"][0].keys() == {"schemas", "id", "userName"}


def test_listing_users_and_groups_costs_the_same_for_3_and_30(scim_a: Scim) -> None:
    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert scim_a.get(path).status_code == 200
        return len(captured)

    def provision(count: int, offset: int) -> None:
        for number in range(offset, offset + count):
            user = body(scim_a.post("Users", {"schemas": [USER], "userName": f"p{number}@sater.se"}))["id"]
            group = body(scim_a.post("Groups", {"schemas": [GROUP], "displayName": f"Enhet {number}"}))["id"]
            scim_a.patch(f"Groups/{group}", patch_op({"op": "add", "path": "members", "value": [{"value": user}]}))

    provision(3, 0)
    few_users, few_groups = queries("Users"), queries("Groups")
    provision(27, 3)
    assert queries("Users") == few_users
    assert queries("Groups") == few_groups
    # token, token use, count, page; groups add one query for all their members.
    assert few_users <= 5 and few_groups <= 6
