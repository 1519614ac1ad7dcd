"""The statement rules one by one (xAPI 2.0 and 1.0.3): each case is refused with a 400's error, or kept."""

from __future__ import annotations

from typing import Any

import pytest

from jamlik.lrs.shapes import comparable, formatted, with_activity_lists
from jamlik.lrs.validation import StatementError, validate_statement
from tests.lrs.kit import new_id, statement

AGENT = {"mbox": "mailto:ada@example.org"}
GROUP_OF_TWO = {"objectType": "Group", "member": [{"account": {"homePage": "https://x.example", "name": "app"}}, AGENT]}

REFUSED: list[tuple[str, dict[str, Any]]] = [
    ("id not a UUID", statement(id="123")),
    ("unknown property", statement(colour="blue")),
    ("no actor", {"verb": {"id": "x:y"}, "object": {"id": "x:z"}}),
    ("mbox without mailto", statement(actor={"mbox": "ada@example.org"})),
    ("two identifiers", statement(actor={"mbox": "mailto:a@b.se", "openid": "https://id.example/a"})),
    ("account without homePage", statement(actor={"account": {"name": "a"}})),
    ("anonymous group without members", statement(actor={"objectType": "Group"})),
    ("verb id not an IRI", statement(verb={"id": "completed"})),
    ("bad language tag", statement(verb={"id": "x:y", "display": {"not a tag": "x"}})),
    ("interactionType not a string", statement(object={"id": "x:z", "definition": {"interactionType": {}}})),
    (
        "choices on a true-false",
        statement(object={"id": "x:z", "definition": {"interactionType": "true-false", "choices": []}}),
    ),
    ("scaled above 1", statement(result={"score": {"scaled": 1.5}})),
    ("raw below min", statement(result={"score": {"raw": 1, "min": 2, "max": 3}})),
    ("weeks with days", statement(result={"duration": "P4W1D"})),
    ("not a duration", statement(result={"duration": "1 hour"})),
    ("timestamp offset -00", statement(timestamp="2024-05-04T12:00:00-00")),
    ("timestamp offset -00:00", statement(timestamp="2024-05-04T12:00:00-00:00")),
    ("timestamp not a date", statement(timestamp="2024-13-40T12:00:00Z")),
    (
        "revision when the object is an agent",
        statement(object={"objectType": "Agent", **AGENT}, context={"revision": "1"}),
    ),
    ("registration not a UUID", statement(context={"registration": "r1"})),
    ("extension key not an IRI", statement(result={"extensions": {"speed": 1}})),
    ("voiding something not a StatementRef", statement(verb={"id": "http://adlnet.gov/expapi/verbs/voided"})),
    ("authority an identified group", statement(authority={**GROUP_OF_TWO, "mbox": "mailto:g@example.org"})),
    ("authority a group of three", statement(authority={**GROUP_OF_TWO, "member": [AGENT, AGENT, AGENT]})),
    (
        "substatement in a substatement",
        statement(
            object={"objectType": "SubStatement", **statement(object={"objectType": "SubStatement", **statement()})}
        ),
    ),
    ("substatement with an id", statement(object={"objectType": "SubStatement", "id": new_id(), **statement()})),
    (
        "attachment without sha2",
        statement(attachments=[{"usageType": "x:y", "display": {"en": "a"}, "contentType": "text/plain", "length": 1}]),
    ),
    ("version 3.0", statement(version="3.0.0")),
    ("contextAgents without objectType", statement(context={"contextAgents": [{"agent": AGENT}]})),
]


@pytest.mark.parametrize(("rule", "data"), REFUSED, ids=[rule for rule, _data in REFUSED])
def test_refused(rule: str, data: dict[str, Any]) -> None:
    with pytest.raises(StatementError):
        validate_statement(data)


KEPT: list[tuple[str, dict[str, Any]]] = [
    ("the smallest", statement()),
    ("an anonymous group", statement(actor={"objectType": "Group", "member": [AGENT]})),
    ("a group as OAuth authority", statement(authority=GROUP_OF_TWO)),
    ("a duration finer than hundredths", statement(result={"duration": "P1DT12H36M0.12567S"})),
    ("weeks alone", statement(result={"duration": "P4W"})),
    ("a timestamp with an offset", statement(timestamp="2023-05-04T12:00:00-05:00")),
    ("a single context activity", statement(context={"contextActivities": {"parent": {"id": "x:p"}}})),
    (
        "context agents and groups (2.0)",
        statement(
            context={
                "contextAgents": [{"objectType": "contextAgent", "agent": AGENT, "relevantTypes": ["x:t"]}],
                "contextGroups": [{"objectType": "contextGroup", "group": GROUP_OF_TWO}],
            }
        ),
    ),
    ("a substatement", statement(object={"objectType": "SubStatement", **statement()})),
    ("a StatementRef", statement(object={"objectType": "StatementRef", "id": new_id()})),
]


@pytest.mark.parametrize(("rule", "data"), KEPT, ids=[rule for rule, _data in KEPT])
def test_kept(rule: str, data: dict[str, Any]) -> None:
    validate_statement(data)


def test_single_context_activities_become_arrays_also_in_a_substatement() -> None:
    context = {"contextActivities": {"parent": {"id": "x:p"}, "other": [{"id": "x:o"}]}}
    fixed = with_activity_lists(
        statement(context=context, object={"objectType": "SubStatement", **statement(context=context)})
    )
    assert fixed["context"]["contextActivities"] == {"parent": [{"id": "x:p"}], "other": [{"id": "x:o"}]}
    assert fixed["object"]["context"]["contextActivities"]["parent"] == [{"id": "x:p"}]


def test_durations_compare_to_the_hundredth() -> None:
    short = statement(result={"duration": "P1DT12H36M0.12S"})
    full = statement(result={"duration": "P1DT12H36M0.1237S"})
    other = statement(result={"duration": "P1DT12H36M0.13S"})
    assert comparable(short, ()) == comparable(full, ())
    assert comparable(short, ()) != comparable(other, ())


def test_format_ids_keeps_only_identifiers() -> None:
    data = statement(object={"objectType": "SubStatement", **statement()})
    shown = formatted(data, "ids", [])
    assert shown["verb"] == {"id": data["verb"]["id"]}
    assert shown["actor"] == {"objectType": "Agent", "mbox": "mailto:ada@example.org"}
    assert shown["object"]["object"] == {"id": "https://jamlik.example/kurs/1"}


def test_format_canonical_keeps_one_language() -> None:
    shown = formatted(statement(), "canonical", ["sv-SE", "en"])
    assert shown["verb"]["display"] == {"sv": "slutförde"}
