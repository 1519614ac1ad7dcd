"""The rules an AU's statements must keep within a cmi5 session (cmi5 sections 9.1 to 9.7).

``check`` looks at one statement (already valid xAPI) against what the session has seen so far
and answers which cmi5 verb it is, or raises ``Refused`` naming the rule; the LRS answers a refusal
with 403, as cmi5 asks of an LMS (9.3.0.0-4 and the rest of section 9). A batch is checked in
order, each statement seeing the ones before it (``Facts.after``).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal, InvalidOperation
from typing import Any

from jamlik.lrs.hooks import Refused as LrsRefused
from jamlik.packages.cmi5 import vocabulary as v


class Refused(LrsRefused):
    """A statement breaks a cmi5 rule; ``str()`` names it (the LRS answers 403)."""


@dataclasses.dataclass(frozen=True)
class Facts:
    """What a session knows when a statement arrives."""

    account: tuple[str, str]  # the learner's account (homePage, name), the only actor the session may use
    registration: str
    activity_id: str
    session_id: str
    launch_mode: str
    mastery_score: Decimal | None
    preferences_read: bool = False  # the AU asked for cmi5LearnerPreferences in this session
    initialized: bool = False
    terminated: bool = False
    completed: bool = False  # in this registration, by any session
    passed: bool = False  # likewise
    judged: bool = False  # a passed or failed statement already in this session

    def after(self, verb: str) -> Facts:
        """The facts once a statement with ``verb`` is kept."""
        changes = {
            v.INITIALIZED: {"initialized": True},
            v.TERMINATED: {"terminated": True},
            v.COMPLETED: {"completed": True},
            v.PASSED: {"passed": True, "judged": True},
            v.FAILED: {"judged": True},
        }.get(verb, {})
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


def _categories(context: dict[str, Any]) -> set[str]:
    activities = context.get("contextActivities") or {}
    category = activities.get("category") or []
    if isinstance(category, dict):
        category = [category]
    return {str(item.get("id")) for item in category if isinstance(item, dict)}


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _utc(timestamp: Any) -> bool:
    if not isinstance(timestamp, str):
        return False
    text = timestamp.strip().upper()
    return text.endswith(("Z", "+00:00", "+0000", "+00", "-00:00"))


def check(statement: dict[str, Any], facts: Facts) -> str:
    """The statement's verb id if it may be kept in this session; ``Refused`` otherwise."""
    verb = str((statement.get("verb") or {}).get("id", ""))
    if facts.terminated:
        raise Refused("The session has ended (terminated or abandoned): no further statements (9.3.0.0-5).")
    actor = statement.get("actor") or {}
    if actor.get("objectType", "Agent") != "Agent":
        raise Refused("The actor of a cmi5 statement must be an Agent (9.2.0.0-2).")
    account = actor.get("account") or {}
    if (account.get("homePage"), account.get("name")) != facts.account:
        raise Refused("The actor must be the learner the AU was launched for, by the launch's account (9.2.0.0-3).")
    if "id" not in statement:
        raise Refused("A statement from an AU must carry its id (9.1.0.0-1).")
    if "timestamp" not in statement:
        raise Refused("A statement from an AU must carry a timestamp (9.7.0.0-1).")
    if not _utc(statement["timestamp"]):
        raise Refused("A statement's timestamp must be in UTC (9.7.0.0-2).")
    context = statement.get("context")
    if not isinstance(context, dict):
        raise Refused("A statement from an AU must carry the context of the launch (9.6.0.0-1).")
    if str(context.get("registration", "")).lower() != facts.registration:
        raise Refused("The context's registration must be the launch's registration (9.6.1.0-1).")
    if (context.get("extensions") or {}).get(v.EXT_SESSION) != facts.session_id:
        raise Refused("The context must carry the session id of the launch (9.6.3.1-4).")
    if verb in v.LMS_VERBS:
        raise Refused("launched, abandoned, waived and satisfied statements are the LMS's to write.")
    if not facts.initialized and verb != v.INITIALIZED:
        raise Refused("The first statement of a session must be initialized (9.3.0.0-4).")
    if verb == v.VOIDED:
        raise Refused("An AU may not void statements (6.3.0.0-1).")
    categories = _categories(context)
    if v.CATEGORY_MOVE_ON in categories and verb not in v.MOVE_ON_VERBS:
        raise Refused("Only completed, passed and failed statements carry the moveOn category (9.6.2.2-2).")
    if verb not in v.AU_VERBS:
        return verb
    if (statement.get("object") or {}).get("id") != facts.activity_id:
        raise Refused("A cmi5 defined statement's object must be the AU's activity id from the launch (8.1.5.0-6).")
    if v.CATEGORY_CMI5 not in categories:
        raise Refused("A cmi5 defined statement must carry the cmi5 category (9.6.2.1-1).")
    if verb in v.MOVE_ON_VERBS and v.CATEGORY_MOVE_ON not in categories:
        raise Refused("completed, passed and failed statements must carry the moveOn category (9.6.2.2-1).")
    if verb == v.INITIALIZED:
        if facts.initialized:
            raise Refused("A session is initialized once (9.3.2.0-3).")
        if not facts.preferences_read:
            raise Refused("An AU reads cmi5LearnerPreferences before it sends initialized (11.0.0.0-3).")
        return verb
    result = statement.get("result")
    if not isinstance(result, dict) or not result.get("duration"):
        raise Refused("completed, passed, failed and terminated statements must give the result's duration (9.5.4.1).")
    if verb == v.TERMINATED:
        return verb
    if facts.launch_mode != "Normal":
        raise Refused(
            f"completed, passed and failed are refused in the {facts.launch_mode} launch mode (10.2.2.0-2, 10.2.2.0-3)."
        )
    if verb == v.COMPLETED:
        _check_completed(result, facts)
    else:
        _check_judged(verb, result, context, facts)
    return verb


def _check_completed(result: dict[str, Any], facts: Facts) -> None:
    if facts.completed:
        raise Refused("The AU is already completed in this registration (9.3.0.0-2, 9.3.0.0-6).")
    if result.get("completion") is not True:
        raise Refused("A completed statement's result.completion must be true (9.5.3.0-1).")
    if "success" in result:
        raise Refused("A completed statement carries no result.success (9.5.2.0-3).")
    if "score" in result:
        raise Refused("A completed statement carries no score (9.5.1.0-2).")


def _check_judged(verb: str, result: dict[str, Any], context: dict[str, Any], facts: Facts) -> None:
    passed = verb == v.PASSED
    if passed and facts.passed:
        raise Refused("The AU is already passed in this registration (9.3.0.0-2, 9.3.0.0-7).")
    if not passed and facts.passed:
        raise Refused("A failed statement cannot follow a passed one in a registration (9.3.0.0-8).")
    if facts.judged:
        raise Refused("An AU session has at most one passed or failed statement (9.3.0.0-2).")
    if result.get("success") is not passed:
        raise Refused(
            "A passed statement's result.success must be true (9.5.2.0-1)."
            if passed
            else "A failed statement's result.success must be false (9.5.2.0-2)."
        )
    if "completion" in result:
        raise Refused("passed and failed statements carry no result.completion (9.5.3.0-2).")
    score = result.get("score")
    if isinstance(score, dict) and "raw" in score and ("min" not in score or "max" not in score):
        raise Refused("A raw score needs its min and max (9.5.1.0-3).")
    if facts.mastery_score is None:
        return
    scaled = _decimal(score.get("scaled")) if isinstance(score, dict) else None
    if scaled is None:
        # Not judged by the masteryScore (no scaled score to judge), so 9.6.3.2-2's extension is
        # not required: ADL's CATAPULT AU 001-essentials sends such a passed statement.
        return
    given = _decimal((context.get("extensions") or {}).get(v.EXT_MASTERY))
    if given != facts.mastery_score:
        raise Refused("passed and failed statements must carry the launch's masteryScore extension (9.6.3.2-2).")
    if passed and scaled < facts.mastery_score:
        raise Refused("A passed statement's scaled score is below the masteryScore (9.3.4.0-2).")
    if not passed and scaled >= facts.mastery_score:
        raise Refused("A failed statement's scaled score meets the masteryScore (9.3.5.0-2).")
