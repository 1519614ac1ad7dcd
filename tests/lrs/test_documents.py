"""The document resources over HTTP: State, Activity Profile, Agent Profile, Activities, Agents."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

from jamlik.lrs.actions import create_client
from jamlik.lrs.documents.models import Document
from jamlik.lrs.store import store_statements
from jamlik.people.models import Organisation

pytestmark = pytest.mark.django_db

AGENT = {"objectType": "Agent", "mbox": "mailto:ada@example.se"}
ACTIVITY = "http://example.com/activities/a"


class Lrs:
    def __init__(self, organisation: Organisation | None, version: str = "2.0.0") -> None:
        _client, secret = create_client(None, organisation, name="test")
        token = base64.b64encode(f"{_client.key}:{secret}".encode()).decode()
        self.http = Client(HTTP_AUTHORIZATION=f"Basic {token}", HTTP_X_EXPERIENCE_API_VERSION=version)

    def call(self, method: str, path: str, params: dict[str, Any], body: Any = None, **headers: str) -> Any:
        query = urlencode({k: json.dumps(v) if isinstance(v, dict) else v for k, v in params.items()})
        content_type = headers.pop("content_type", "application/json")
        data = json.dumps(body) if isinstance(body, dict) else (body or "")
        extra = {f"HTTP_{name.upper()}": value for name, value in headers.items()}
        if method in ("GET", "HEAD", "DELETE"):
            return self.http.generic(method, f"/xapi/{path}?{query}", **extra)
        return self.http.generic(method, f"/xapi/{path}?{query}", data, content_type=content_type, **extra)


def state(**more: Any) -> dict[str, Any]:
    return {"activityId": ACTIVITY, "agent": AGENT, "stateId": "s1", **more}


@pytest.fixture
def lrs(org_a: Organisation) -> Lrs:
    return Lrs(org_a)


def test_a_state_is_put_read_merged_and_deleted(lrs: Lrs) -> None:
    assert lrs.call("PUT", "activities/state", state(), {"a": 1, "b": {"x": 1}}).status_code == 204
    got = lrs.call("GET", "activities/state", state())
    assert got.status_code == 200
    assert got.json() == {"a": 1, "b": {"x": 1}}
    assert got["ETag"].startswith('"') and got["Last-Modified"]
    assert got["X-Experience-API-Version"] == "2.0.0"
    assert lrs.call("POST", "activities/state", state(), {"b": {"y": 2}, "c": 3}).status_code == 204
    assert lrs.call("GET", "activities/state", state()).json() == {"a": 1, "b": {"y": 2}, "c": 3}
    assert lrs.call("DELETE", "activities/state", state()).status_code == 204
    assert lrs.call("GET", "activities/state", state()).status_code == 404


def test_the_agent_is_named_by_its_identifier_alone(lrs: Lrs) -> None:
    lrs.call("PUT", "activities/state", state(), {"a": 1})
    other_spelling = state(agent={"mbox": "mailto:ada@example.se", "name": "Ada"})
    assert lrs.call("GET", "activities/state", other_spelling).json() == {"a": 1}


def test_a_blind_put_over_a_state_is_a_conflict_in_2_0_and_allowed_in_1_0_3(org_a: Organisation) -> None:
    new, old = Lrs(org_a), Lrs(org_a, "1.0.3")
    assert new.call("PUT", "activities/state", state(), {"a": 1}).status_code == 204
    refused = new.call("PUT", "activities/state", state(), {"a": 2})
    assert refused.status_code == 409
    assert refused.json()["error"]
    assert new.call("GET", "activities/state", state()).json() == {"a": 1}
    assert old.call("PUT", "activities/state", state(), {"a": 3}).status_code == 204
    assert new.call("GET", "activities/state", state()).json() == {"a": 3}


def test_preconditions_on_a_profile(lrs: Lrs) -> None:
    where = {"activityId": ACTIVITY, "profileId": "p"}
    assert lrs.call("PUT", "activities/profile", where, {"v": 1}, if_none_match="*").status_code == 204
    assert lrs.call("PUT", "activities/profile", where, {"v": 2}, if_none_match="*").status_code == 412
    assert lrs.call("PUT", "activities/profile", where, {"v": 2}).status_code == 409
    etag = lrs.call("GET", "activities/profile", where)["ETag"]
    assert lrs.call("PUT", "activities/profile", where, {"v": 2}, if_match='"1234"').status_code == 412
    assert lrs.call("POST", "activities/profile", where, {"w": 2}, if_match='"1234"').status_code == 412
    assert lrs.call("DELETE", "activities/profile", where, if_match='"1234"').status_code == 412
    assert lrs.call("GET", "activities/profile", where).json() == {"v": 1}
    assert lrs.call("PUT", "activities/profile", where, {"v": 2}, if_match=etag).status_code == 204
    etag = lrs.call("GET", "activities/profile", where)["ETag"]
    assert lrs.call("DELETE", "activities/profile", where, if_match=etag).status_code == 204


def test_a_1_0_3_profile_put_needs_a_header_even_for_a_new_document(org_a: Organisation) -> None:
    old, new = Lrs(org_a, "1.0.3"), Lrs(org_a)
    where = {"agent": AGENT, "profileId": "p"}
    assert old.call("PUT", "agents/profile", where, {"v": 1}).status_code == 400
    assert not Document.objects.exists()
    assert old.call("PUT", "agents/profile", where, {"v": 1}, if_none_match="*").status_code == 204
    assert (
        new.call("PUT", "activities/profile", {"activityId": ACTIVITY, "profileId": "p"}, {"v": 1}).status_code == 204
    )


def test_a_merge_needs_two_json_objects(lrs: Lrs) -> None:
    lrs.call("PUT", "activities/state", state(), "plain text", content_type="text/plain")
    assert lrs.call("POST", "activities/state", state(), {"a": 1}).status_code == 400
    got = lrs.call("GET", "activities/state", state())
    assert got.content == b"plain text" and got["Content-Type"] == "text/plain"
    other = state(stateId="s2")
    lrs.call("POST", "activities/state", other, {"a": 1})
    assert lrs.call("POST", "activities/state", other, "abc", content_type="text/plain").status_code == 400
    assert lrs.call("POST", "activities/state", other, '{"a": 1}{', content_type="application/json").status_code == 400
    assert lrs.call("POST", "activities/state", other, "[1, 2]", content_type="application/json").status_code == 400
    assert lrs.call("GET", "activities/state", other).json() == {"a": 1}


def test_ids_since_and_delete_all(lrs: Lrs) -> None:
    lrs.call("POST", "activities/state", state(stateId="one"), {"a": 1})
    lrs.call("POST", "activities/state", state(stateId="two", registration="6a5e0a54-2f4f-4c5e-8f6e-6a1f6c0e0b1a"), {})
    lrs.call("POST", "activities/state", state(activityId="http://example.com/other"), {})
    ids = lrs.call("GET", "activities/state", {"activityId": ACTIVITY, "agent": AGENT})
    assert sorted(ids.json()) == ["one", "two"]
    registered = {"activityId": ACTIVITY, "agent": AGENT, "registration": "6a5e0a54-2f4f-4c5e-8f6e-6a1f6c0e0b1a"}
    assert lrs.call("GET", "activities/state", registered).json() == ["two"]
    latest = Document.objects.order_by("-updated").first()
    assert latest is not None
    since = latest.updated.isoformat()
    assert lrs.call("GET", "activities/state", {"activityId": ACTIVITY, "agent": AGENT, "since": since}).json() == []
    assert lrs.call("GET", "activities/state", {**registered, "since": "yesterday"}).status_code == 400
    assert lrs.call("DELETE", "activities/state", {"activityId": ACTIVITY, "agent": AGENT}).status_code == 204
    assert lrs.call("GET", "activities/state", {"activityId": ACTIVITY, "agent": AGENT}).json() == []
    assert Document.objects.count() == 1  # the other activity's


@pytest.mark.parametrize(
    "params",
    [
        {"agent": AGENT, "stateId": "s"},
        {"activityId": ACTIVITY, "stateId": "s"},
        {"activityId": ACTIVITY, "agent": "not json", "stateId": "s"},
        {"activityId": ACTIVITY, "agent": {"name": "no identifier"}, "stateId": "s"},
        {"activityId": ACTIVITY, "agent": AGENT, "stateId": "s", "registration": "true"},
        {"activityId": "not an iri", "agent": AGENT, "stateId": "s"},
    ],
)
def test_bad_state_parameters_are_refused_and_nothing_is_stored(lrs: Lrs, params: dict[str, Any]) -> None:
    for method in ("PUT", "POST", "GET", "DELETE"):
        assert lrs.call(method, "activities/state", params, {"a": 1}).status_code == 400
    assert not Document.objects.exists()


def test_a_put_without_an_id_is_refused(lrs: Lrs) -> None:
    assert lrs.call("PUT", "activities/state", {"activityId": ACTIVITY, "agent": AGENT}, {"a": 1}).status_code == 400
    assert lrs.call("PUT", "agents/profile", {"agent": AGENT}, {"a": 1}).status_code == 400
    assert lrs.call("DELETE", "activities/profile", {"activityId": ACTIVITY}).status_code == 400


def test_an_agent_profile_round_trip(lrs: Lrs) -> None:
    where = {"agent": AGENT, "profileId": "prefs"}
    assert lrs.call("PUT", "agents/profile", where, {"lang": "sv"}).status_code == 204
    assert lrs.call("GET", "agents/profile", where).json() == {"lang": "sv"}
    assert lrs.call("GET", "agents/profile", {"agent": AGENT}).json() == ["prefs"]


def test_no_version_no_credentials(lrs: Lrs, client: Client) -> None:
    query = urlencode({"activityId": ACTIVITY, "agent": json.dumps(AGENT), "stateId": "s"})
    assert client.get(f"/xapi/activities/state?{query}", HTTP_X_EXPERIENCE_API_VERSION="2.0.0").status_code == 401
    auth = lrs.http.defaults["HTTP_AUTHORIZATION"]
    assert client.get(f"/xapi/activities/state?{query}", HTTP_AUTHORIZATION=auth).status_code == 400


def test_an_organisation_never_reads_another_organisations_documents(org_a: Organisation, org_b: Organisation) -> None:
    a, b = Lrs(org_a), Lrs(org_b)
    a.call("PUT", "activities/state", state(), {"secret": "a"})
    a.call("PUT", "agents/profile", {"agent": AGENT, "profileId": "p"}, {"secret": "a"})
    assert b.call("GET", "activities/state", state()).status_code == 404
    assert b.call("GET", "activities/state", {"activityId": ACTIVITY, "agent": AGENT}).json() == []
    assert b.call("GET", "agents/profile", {"agent": AGENT}).json() == []
    # b writes its own document of the same name, and deleting all of b's leaves a's
    assert b.call("PUT", "activities/state", state(), {"secret": "b"}).status_code == 204
    assert b.call("DELETE", "activities/state", {"activityId": ACTIVITY, "agent": AGENT}).status_code == 204
    assert a.call("GET", "activities/state", state()).json() == {"secret": "a"}


def test_the_last_modified_moves_with_each_change(lrs: Lrs) -> None:
    lrs.call("POST", "activities/state", state(), {"a": 1})
    first = Document.objects.get().updated
    lrs.call("POST", "activities/state", state(), {"a": 2})
    assert Document.objects.get().updated > first


def test_activities_give_the_merged_definition(org_a: Organisation, org_b: Organisation, lrs: Lrs) -> None:
    def said(language: str, text: str) -> dict[str, Any]:
        return {
            "actor": AGENT,
            "verb": {"id": "http://adlnet.gov/expapi/verbs/attended"},
            "object": {"id": ACTIVITY, "definition": {"name": {language: text}, "type": "http://example.com/t"}},
        }

    store_statements(None, [said("en-US", "meeting"), said("fr-FR", "réunion")], organisation=org_a)
    got = lrs.call("GET", "activities", {"activityId": ACTIVITY}).json()
    assert got == {
        "objectType": "Activity",
        "id": ACTIVITY,
        "definition": {"name": {"en-US": "meeting", "fr-FR": "réunion"}, "type": "http://example.com/t"},
    }
    # Another organisation knows nothing of it, but still gets an Activity object.
    assert Lrs(org_b).call("GET", "activities", {"activityId": ACTIVITY}).json() == {
        "objectType": "Activity",
        "id": ACTIVITY,
    }
    assert lrs.call("GET", "activities", {}).status_code == 400


def test_agents_give_a_person(lrs: Lrs) -> None:
    got = lrs.call("GET", "agents", {"agent": {**AGENT, "name": "Ada"}})
    assert got.json() == {"objectType": "Person", "name": ["Ada"], "mbox": ["mailto:ada@example.se"]}
    assert lrs.call("GET", "agents", {"agent": {"name": "Ada"}}).status_code == 400
    assert lrs.call("GET", "agents", {}).status_code == 400


def test_each_write_is_audited(lrs: Lrs) -> None:
    from jamlik.audit.models import AuditEntry

    lrs.call("PUT", "activities/state", state(), {"a": 1})
    lrs.call("POST", "activities/state", state(), {"b": 1})
    lrs.call("DELETE", "activities/state", state())
    actions = list(
        AuditEntry.objects.filter(action__startswith="lrs.document").order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["lrs.document_put", "lrs.document_posted", "lrs.document_deleted"]
