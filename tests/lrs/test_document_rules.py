"""The pure rules of the document resources: agents and their keys, preconditions, merge, parameters."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from jamlik.lrs.documents.agents import AgentError, parse_agent
from jamlik.lrs.documents.definitions import definitions_in, merge_definition
from jamlik.lrs.documents.rules import (
    DocumentError,
    check_preconditions,
    etag_of,
    is_json,
    json_object,
    merge,
    parse_registration,
    parse_since,
    require_iri,
)


def agent(**data: object) -> str:
    return json.dumps(data)


def test_two_spellings_of_one_agent_have_one_key() -> None:
    a = parse_agent(agent(objectType="Agent", name="Ada", mbox="mailto:ada@example.se"))
    b = parse_agent(agent(mbox="mailto:ada@example.se"))
    assert a.key == b.key == "mbox:mailto:ada@example.se"


def test_an_account_key_keeps_home_page_and_name_apart() -> None:
    a = parse_agent(agent(account={"homePage": "https://x.se", "name": "a|b"}))
    b = parse_agent(agent(account={"homePage": "https://x.se|a", "name": "b"}))
    assert a.key != b.key


def test_the_sha1sum_is_compared_without_case() -> None:
    upper = parse_agent(agent(mbox_sha1sum="A" * 40))
    assert upper.key == parse_agent(agent(mbox_sha1sum="a" * 40)).key


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "not json",
        "true",
        "[]",
        agent(name="nobody"),
        agent(mbox="ada@example.se"),
        agent(mbox="mailto:ada@example.se", openid="https://id.example"),
        agent(objectType="Group", mbox="mailto:g@example.se"),
        agent(account={"homePage": "https://x.se"}),
        agent(account={"homePage": "not an iri", "name": "a"}),
        agent(mbox_sha1sum="xyz"),
        agent(mbox="mailto:ada@example.se", colour="blue"),
        "[" * 50 + "]" * 50,
    ],
)
def test_it_refuses_what_is_not_one_agent(text: str | None) -> None:
    with pytest.raises(AgentError):
        parse_agent(text)


def test_the_person_object_lists_each_value() -> None:
    person = parse_agent(agent(name="Ada", account={"homePage": "https://x.se", "name": "7"})).person()
    assert person == {"objectType": "Person", "name": ["Ada"], "account": [{"homePage": "https://x.se", "name": "7"}]}


def test_the_etag_is_the_sha1_of_the_bytes() -> None:
    assert etag_of(b"abc") == "a9993e364706816aba3e25717850c26c9cd0d89d"


def precondition(current: str | None, **headers: object) -> int:
    options: dict[str, object] = {"if_match": None, "if_none_match": None, "put_needs_header": True, "is_put": True}
    try:
        check_preconditions(current, **{**options, **headers})  # type: ignore[arg-type]
    except DocumentError as error:
        return error.status
    return 204


def test_preconditions() -> None:
    assert precondition(None) == 204  # a new document needs no header
    assert precondition("abc") == 409  # a blind PUT over a document
    assert precondition("abc", is_put=False) == 204  # POST and DELETE may go without
    assert precondition("abc", put_needs_header=False) == 204  # 1.0.3 State
    assert precondition("abc", if_match='"abc"') == 204
    assert precondition("abc", if_match='"x", W/"abc"') == 204
    assert precondition("abc", if_match='"1234"') == 412
    assert precondition(None, if_match="*") == 412
    assert precondition("abc", if_match="*") == 204
    assert precondition("abc", if_none_match="*") == 412
    assert precondition(None, if_none_match="*") == 204
    assert precondition("abc", if_none_match='"def"') == 204
    assert precondition("abc", if_none_match='"abc"') == 412
    assert precondition(None, new_put_needs_header=True) == 400  # a 1.0.x profile PUT without either header
    assert precondition(None, new_put_needs_header=True, if_none_match="*") == 204


def test_json_and_merge() -> None:
    assert is_json("application/json; charset=utf-8")
    assert not is_json("application/octet-stream")
    assert json_object(b'{"a": 1}') == {"a": 1}
    assert json_object(b"[1]") is None
    assert json_object(b"{") is None
    assert json_object(b"\xff") is None
    stored = {"car": "Honda", "deep": {"a": 1, "b": 2}}
    assert merge(stored, {"type": "Civic", "deep": {"c": 3}}) == {"car": "Honda", "type": "Civic", "deep": {"c": 3}}


def test_parameters() -> None:
    assert parse_since("2026-12-07T10:00:00Z") == datetime(2026, 12, 7, 10, tzinfo=UTC)
    assert parse_since("2026-12-07T10:00:00") == datetime(2026, 12, 7, 10, tzinfo=UTC)
    assert parse_since(None) is None
    for bad in ("yesterday", "2026-13-40T00:00:00Z", "true"):
        with pytest.raises(DocumentError):
            parse_since(bad)
    with pytest.raises(DocumentError):
        parse_registration("true")
    assert str(parse_registration("6a5e0a54-2f4f-4c5e-8f6e-6a1f6c0e0b1a")) == "6a5e0a54-2f4f-4c5e-8f6e-6a1f6c0e0b1a"
    assert require_iri("http://example.com/a", "activityId")
    for bad in (None, "", "no scheme", "1http://x", "http://x y"):
        with pytest.raises(DocumentError):
            require_iri(bad, "activityId")


def test_definitions_merge_languages_and_replace_the_rest() -> None:
    stored = {"name": {"en-US": "meeting"}, "type": "http://a", "extensions": {"x": 1}}
    merged = merge_definition(stored, {"name": {"fr-FR": "réunion"}, "extensions": {"y": 2}})
    assert merged == {"name": {"en-US": "meeting", "fr-FR": "réunion"}, "type": "http://a", "extensions": {"y": 2}}


def test_definitions_come_from_objects_context_and_substatements() -> None:
    def act(iri: str, name: str) -> dict[str, object]:
        return {"id": iri, "definition": {"name": {"sv-SE": name}}}

    statements = [
        {"object": act("http://a", "A"), "context": {"contextActivities": {"parent": act("http://p", "P")}}},
        {"object": {"objectType": "SubStatement", "object": act("http://s", "S")}},
        {"object": {"objectType": "Agent", "mbox": "mailto:a@b.se"}},
        {"object": {"id": "http://nodef"}},
        {"object": act("http://a", "A2"), "context": {"contextActivities": {"grouping": [act("http://g", "G")]}}},
    ]
    found = dict(definitions_in(statements).values())
    assert set(found) == {"http://a", "http://p", "http://s", "http://g"}
    assert found["http://a"] == {"name": {"sv-SE": "A2"}}
