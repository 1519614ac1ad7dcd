"""The cmi5 statement rules an LMS enforces for an AU's statements (cmi5 section 9), one case each."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from jamlik.packages.cmi5 import vocabulary as v
from jamlik.packages.cmi5.rules import Facts, Refused, check

HOME = "https://jamlik.example.se"
LEARNER = str(uuid.uuid4())
REGISTRATION = str(uuid.uuid4())
SESSION = str(uuid.uuid4())
AU = "https://jamlik.example.se/xapi/activities/cmi5/au"
FACTS = Facts(
    account=(HOME, LEARNER),
    registration=REGISTRATION,
    activity_id=AU,
    session_id=SESSION,
    launch_mode="Normal",
    mastery_score=Decimal("0.9"),
    preferences_read=True,
    initialized=True,
)


def statement(verb: str, *, result: dict[str, Any] | None = None, move_on: bool = False) -> dict[str, Any]:
    categories = [{"id": v.CATEGORY_CMI5}] + ([{"id": v.CATEGORY_MOVE_ON}] if move_on else [])
    data: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "account": {"homePage": HOME, "name": LEARNER}},
        "verb": {"id": verb},
        "object": {"id": AU},
        "timestamp": "2026-12-07T21:00:00.000Z",
        "context": {
            "registration": REGISTRATION,
            "contextActivities": {"category": categories},
            "extensions": {v.EXT_SESSION: SESSION, v.EXT_MASTERY: 0.9},
        },
    }
    if result is not None:
        data["result"] = result
    return data


def passed(**score: Any) -> dict[str, Any]:
    return statement(
        v.PASSED, result={"success": True, "duration": "PT1S", "score": score or {"scaled": 0.95}}, move_on=True
    )


def failed(**score: Any) -> dict[str, Any]:
    return statement(
        v.FAILED, result={"success": False, "duration": "PT1S", "score": score or {"scaled": 0.5}}, move_on=True
    )


def completed() -> dict[str, Any]:
    return statement(v.COMPLETED, result={"completion": True, "duration": "PT1S"}, move_on=True)


def allowed() -> dict[str, Any]:
    data = statement("http://adlnet.gov/expapi/verbs/experienced")
    data["context"]["contextActivities"] = {}
    data["object"] = {"id": "https://example.org/page/1"}
    return data


def test_the_statements_of_a_good_session_are_kept_in_order() -> None:
    facts = Facts(**{**FACTS.__dict__, "initialized": False})
    for made in (
        statement(v.INITIALIZED),
        allowed(),
        passed(),
        completed(),
        statement(v.TERMINATED, result={"duration": "PT10S"}),
    ):
        facts = facts.after(check(made, facts))
    assert facts.terminated and facts.passed and facts.completed


def _del(*path: str) -> Callable[[dict[str, Any]], None]:
    def alter(data: dict[str, Any]) -> None:
        *parents, last = path
        target = data
        for name in parents:
            target = target[name]
        del target[last]

    return alter


def _set(path: tuple[str, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def alter(data: dict[str, Any]) -> None:
        *parents, last = path
        target = data
        for name in parents:
            target = target[name]
        target[last] = value

    return alter


CASES: list[tuple[str, Callable[[], dict[str, Any]], Callable[[dict[str, Any]], None] | None, Facts, str]] = [
    ("no id", allowed, _del("id"), FACTS, "9.1.0.0-1"),
    ("no timestamp", allowed, _del("timestamp"), FACTS, "9.7.0.0-1"),
    ("timestamp not UTC", allowed, _set(("timestamp",), "2026-12-07T21:00:00.000-06:00"), FACTS, "9.7.0.0-2"),
    ("a group as actor", passed, _set(("actor", "objectType"), "Group"), FACTS, "9.2.0.0-2"),
    ("another actor", passed, _set(("actor",), {"mbox": "mailto:someone@example.org"}), FACTS, "9.2.0.0-3"),
    ("initialized twice", lambda: statement(v.INITIALIZED), None, FACTS, "9.3.2.0-3"),
    ("another object", passed, _set(("object", "id"), "https://example.org/not/the/lms/id"), FACTS, "8.1.5.0-6"),
    ("no context", passed, _del("context"), FACTS, "9.6.0.0-1"),
    ("no registration", passed, _del("context", "registration"), FACTS, "9.6.1.0-1"),
    ("another registration", passed, _set(("context", "registration"), str(uuid.uuid4())), FACTS, "9.6.1.0-1"),
    ("passed with completion", passed, _set(("result", "completion"), True), FACTS, "9.5.3.0-2"),
    ("completed with success", completed, _set(("result", "success"), True), FACTS, "9.5.2.0-3"),
    ("completed without completion", completed, _del("result", "completion"), FACTS, "9.5.3.0-1"),
    ("completed with a score", completed, _set(("result", "score"), {"scaled": 0.5}), FACTS, "9.5.1.0-2"),
    (
        "terminated without result",
        lambda: statement(v.TERMINATED, result={"duration": "PT1S"}),
        _del("result"),
        FACTS,
        "9.5.4.1",
    ),
    ("completed without duration", completed, _del("result", "duration"), FACTS, "9.5.4.1"),
    ("passed without success", passed, _del("result", "success"), FACTS, "9.5.2.0-1"),
    ("failed with success", failed, _set(("result", "success"), True), FACTS, "9.5.2.0-2"),
    ("passed below mastery", lambda: passed(scaled=0.89), None, FACTS, "9.3.4.0-2"),
    ("failed at mastery", lambda: failed(scaled=0.9), None, FACTS, "9.3.5.0-2"),
    ("raw without min", lambda: passed(raw=95, max=100, scaled=0.95), None, FACTS, "9.5.1.0-3"),
    (
        "completed without moveOn category",
        completed,
        _set(("context", "contextActivities", "category"), [{"id": v.CATEGORY_CMI5}]),
        FACTS,
        "9.6.2.2-1",
    ),
    (
        "allowed with moveOn category",
        allowed,
        _set(("context", "contextActivities"), {"category": [{"id": v.CATEGORY_MOVE_ON}]}),
        FACTS,
        "9.6.2.2-2",
    ),
    ("passed without mastery extension", passed, _del("context", "extensions", v.EXT_MASTERY), FACTS, "9.6.3.2-2"),
    ("no session id", allowed, _del("context", "extensions", v.EXT_SESSION), FACTS, "9.6.3.1-4"),
    ("completed twice", completed, None, Facts(**{**FACTS.__dict__, "completed": True}), "9.3.0.0-2"),
    ("passed twice", passed, None, Facts(**{**FACTS.__dict__, "passed": True}), "9.3.0.0-2"),
    ("failed twice in a session", failed, None, Facts(**{**FACTS.__dict__, "judged": True}), "9.3.0.0-2"),
    ("passed after failed in a session", passed, None, Facts(**{**FACTS.__dict__, "judged": True}), "9.3.0.0-2"),
    ("failed after passed", failed, None, Facts(**{**FACTS.__dict__, "passed": True}), "9.3.0.0-8"),
    ("before initialized", allowed, None, Facts(**{**FACTS.__dict__, "initialized": False}), "9.3.0.0-4"),
    ("after terminated", allowed, None, Facts(**{**FACTS.__dict__, "terminated": True}), "9.3.0.0-5"),
    ("completed in browse mode", completed, None, Facts(**{**FACTS.__dict__, "launch_mode": "Browse"}), "10.2.2.0-2"),
    ("the LMS's verb", lambda: statement(v.SATISFIED), None, FACTS, "LMS's to write"),
    ("voiding by the AU", allowed, _set(("verb", "id"), v.VOIDED), FACTS, "6.3.0.0-1"),
]


@pytest.mark.parametrize(("name", "make", "alter", "facts", "rule"), CASES, ids=[case[0] for case in CASES])
def test_it_refuses_a_statement_that_breaks_a_rule(
    name: str,
    make: Callable[[], dict[str, Any]],
    alter: Callable[[dict[str, Any]], None] | None,
    facts: Facts,
    rule: str,
) -> None:
    data = copy.deepcopy(make())
    if alter is not None or facts is not FACTS:
        check(copy.deepcopy(data), FACTS)  # unaltered, it is kept: the refusal is for the one change
    if alter is not None:
        alter(data)
    with pytest.raises(Refused, match=rule.replace(".", r"\.").replace("(", r"\(").replace("'", "'")):
        check(data, facts)


def test_a_passed_statement_without_a_score_needs_no_mastery_score_extension() -> None:
    # 9.6.3.2-2 asks for the extension on statements made "based on the masteryScore"; with no
    # scaled score there is nothing to base (ADL's CATAPULT AU 001-essentials, refused before).
    data = statement(v.PASSED, result={"success": True, "duration": "PT1S"}, move_on=True)
    del data["context"]["extensions"][v.EXT_MASTERY]
    check(data, FACTS)
    data = statement(v.FAILED, result={"success": False, "duration": "PT1S"}, move_on=True)
    del data["context"]["extensions"][v.EXT_MASTERY]
    check(data, FACTS)


def test_initialized_waits_for_the_learner_preferences_to_be_read() -> None:
    # CATAPULT 005-1: an AU sending initialized before asking for cmi5LearnerPreferences was kept.
    fresh = Facts(**{**FACTS.__dict__, "initialized": False})
    assert check(statement(v.INITIALIZED), fresh) == v.INITIALIZED
    with pytest.raises(Refused, match=r"11\.0\.0\.0-3"):
        check(statement(v.INITIALIZED), Facts(**{**fresh.__dict__, "preferences_read": False}))
