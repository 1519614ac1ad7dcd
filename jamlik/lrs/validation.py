"""The rules a statement must follow before the LRS keeps it (xAPI 2.0, IEEE 9274.1.1, and 1.0.3).

``validate_statement`` raises ``StatementError`` (answered 400) naming the first broken rule, with
the path of the property, such as ``statement.actor.mbox``. It checks only; filling in what the
LRS adds (id, stored, timestamp, authority, version) is ``store.prepare``'s work.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

VOIDED = "http://adlnet.gov/expapi/verbs/voided"
SIGNATURE_USAGE = "http://adlnet.gov/expapi/attachments/signature"

UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
IRI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+$")
SHA1_RE = re.compile(r"^[0-9a-fA-F]{40}$")
# RFC 5646 language tags, loosely: primary subtag of letters, then letter-digit subtags.
LANGUAGE_RE = re.compile(r"^(?:[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*|[xX](?:-[A-Za-z0-9]{1,8})+|i-[A-Za-z]{2,8})$")
# ISO 8601 date and time as xAPI uses it (RFC 3339 profile with optional parts).
TIMESTAMP_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?"
    r"(Z|z|[+-]\d{2}(?::?\d{2})?)?$"
)
DURATION_RE = re.compile(
    r"^P(?!$)(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?"
    r"(?:T(?!$)(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$"
)
VERSION_RE = re.compile(r"^(?:1\.0(?:\.\d+)?|2\.0(?:\.\d+)?)$")

INTERACTION_TYPES = {
    "true-false": (),
    "choice": ("choices",),
    "fill-in": (),
    "long-fill-in": (),
    "matching": ("source", "target"),
    "performance": ("steps",),
    "sequencing": ("choices",),
    "likert": ("scale",),
    "numeric": (),
    "other": (),
}
COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")
CONTEXT_ACTIVITY_KINDS = ("parent", "grouping", "category", "other")


class StatementError(Exception):
    """A statement breaks a rule; answered 400 with the message."""


def fail(path: str, message: str) -> StatementError:
    return StatementError(f"{path}: {message}")


# --- Basic types ------------------------------------------------------------------------------


def _object(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise fail(path, "must be a JSON object")
    return value


def _keys(value: dict[str, Any], allowed: Iterable[str], path: str) -> None:
    allowed_set = set(allowed)
    for key in value:
        if key not in allowed_set:
            raise fail(f"{path}.{key}", "is not a property allowed here")


def _string(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise fail(path, "must be a string")
    return value


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise fail(path, "must be true or false")
    return value


def _number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise fail(path, "must be a number")
    return float(value)


def uuid_string(value: Any, path: str) -> str:
    if not isinstance(value, str) or not UUID_RE.match(value):
        raise fail(path, "must be a UUID")
    return value


def iri(value: Any, path: str) -> str:
    if not isinstance(value, str) or not IRI_RE.match(value):
        raise fail(path, "must be an absolute IRI")
    return value


def language_map(value: Any, path: str) -> None:
    for tag, text in _object(value, path).items():
        if not LANGUAGE_RE.match(tag):
            raise fail(f"{path}.{tag}", "is not a language tag (RFC 5646)")
        _string(text, f"{path}.{tag}")


def extensions(value: Any, path: str) -> None:
    for key in _object(value, path):
        iri(key, f"{path}.{key}")


def parse_timestamp(value: Any, path: str) -> datetime:
    if not isinstance(value, str):
        raise fail(path, "must be an ISO 8601 date and time")
    match = TIMESTAMP_RE.match(value)
    if not match:
        raise fail(path, "must be an ISO 8601 date and time")
    offset = match.group(8)
    if offset is not None and offset.startswith("-") and not offset.strip("-:0"):
        raise fail(path, "must not use the offset -00:00")
    text = value.upper().replace(",", ".")
    if offset is None:
        text += "Z"
    elif len(offset) == 3:
        text += ":00"
    fraction = match.group(7)
    if fraction is not None and len(fraction) > 6:
        text = text.replace("." + fraction, "." + fraction[:6])
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise fail(path, "is not a real date and time") from None
    return parsed


def duration(value: Any, path: str) -> None:
    if not isinstance(value, str) or not DURATION_RE.match(value):
        raise fail(path, "must be an ISO 8601 duration")
    if "W" in value and not re.fullmatch(r"P\d+(?:[.,]\d+)?W", value):
        raise fail(path, "weeks cannot be combined with other parts of a duration")


# --- Agents and groups ------------------------------------------------------------------------

IFI_KEYS = ("mbox", "mbox_sha1sum", "openid", "account")


def _ifi(value: dict[str, Any], path: str, *, required: bool) -> None:
    present = [key for key in IFI_KEYS if key in value]
    if len(present) > 1:
        raise fail(path, "must have exactly one inverse functional identifier")
    if not present:
        if required:
            raise fail(path, "must have an inverse functional identifier (mbox, mbox_sha1sum, openid or account)")
        return
    key = present[0]
    ifi = value[key]
    if key == "mbox":
        text = _string(ifi, f"{path}.mbox")
        if not text.startswith("mailto:"):
            raise fail(f"{path}.mbox", "must be a mailto: IRI")
        try:
            validate_email(text[len("mailto:") :])
        except ValidationError:
            raise fail(f"{path}.mbox", "must be a mailto: IRI with an email address") from None
    elif key == "mbox_sha1sum":
        if not isinstance(ifi, str) or not SHA1_RE.match(ifi):
            raise fail(f"{path}.mbox_sha1sum", "must be a SHA-1 in hexadecimal")
    elif key == "openid":
        iri(ifi, f"{path}.openid")
    else:
        account = _object(ifi, f"{path}.account")
        _keys(account, ("homePage", "name"), f"{path}.account")
        if "homePage" not in account or "name" not in account:
            raise fail(f"{path}.account", "must have homePage and name")
        iri(account["homePage"], f"{path}.account.homePage")
        _string(account["name"], f"{path}.account.name")


def agent(value: Any, path: str) -> None:
    data = _object(value, path)
    _keys(data, ("objectType", "name", *IFI_KEYS), path)
    if "objectType" in data and data["objectType"] != "Agent":
        raise fail(f"{path}.objectType", "must be Agent")
    if "name" in data:
        _string(data["name"], f"{path}.name")
    _ifi(data, path, required=True)


def group(value: Any, path: str) -> None:
    data = _object(value, path)
    _keys(data, ("objectType", "name", "member", *IFI_KEYS), path)
    if data.get("objectType") != "Group":
        raise fail(f"{path}.objectType", "must be Group")
    if "name" in data:
        _string(data["name"], f"{path}.name")
    identified = any(key in data for key in IFI_KEYS)
    _ifi(data, path, required=False)
    if "member" in data or not identified:
        members = data.get("member")
        if not isinstance(members, list) or (not identified and not members):
            raise fail(f"{path}.member", "an anonymous group must list its members")
        for index, member in enumerate(members):
            agent(member, f"{path}.member[{index}]")


def actor(value: Any, path: str) -> None:
    data = _object(value, path)
    if data.get("objectType") == "Group":
        group(data, path)
    else:
        agent(data, path)


# --- Verb, object ------------------------------------------------------------------------------


def verb(value: Any, path: str) -> None:
    data = _object(value, path)
    _keys(data, ("id", "display"), path)
    if "id" not in data:
        raise fail(path, "must have an id")
    iri(data["id"], f"{path}.id")
    if "display" in data:
        language_map(data["display"], f"{path}.display")


def _components(value: Any, path: str) -> None:
    if not isinstance(value, list):
        raise fail(path, "must be an array of interaction components")
    seen: set[str] = set()
    for index, component in enumerate(value):
        item = _object(component, f"{path}[{index}]")
        _keys(item, ("id", "description"), f"{path}[{index}]")
        ident = _string(item.get("id"), f"{path}[{index}].id")
        if not ident.strip():
            raise fail(f"{path}[{index}].id", "must not be empty")
        if ident in seen:
            raise fail(f"{path}[{index}].id", "must be unique in the list")
        seen.add(ident)
        if "description" in item:
            language_map(item["description"], f"{path}[{index}].description")


def definition(value: Any, path: str) -> None:
    data = _object(value, path)
    _keys(
        data,
        (
            "name",
            "description",
            "type",
            "moreInfo",
            "extensions",
            "interactionType",
            "correctResponsesPattern",
            *COMPONENT_LISTS,
        ),
        path,
    )
    for key in ("name", "description"):
        if key in data:
            language_map(data[key], f"{path}.{key}")
    if "type" in data:
        iri(data["type"], f"{path}.type")
    if "moreInfo" in data:
        iri(data["moreInfo"], f"{path}.moreInfo")
    if "extensions" in data:
        extensions(data["extensions"], f"{path}.extensions")
    interaction = data.get("interactionType")
    if interaction is not None and (not isinstance(interaction, str) or interaction not in INTERACTION_TYPES):
        raise fail(f"{path}.interactionType", "is not an interaction type of xAPI")
    if "correctResponsesPattern" in data:
        if interaction is None:
            raise fail(f"{path}.correctResponsesPattern", "needs an interactionType")
        patterns = data["correctResponsesPattern"]
        if not isinstance(patterns, list):
            raise fail(f"{path}.correctResponsesPattern", "must be an array of strings")
        for index, pattern in enumerate(patterns):
            _string(pattern, f"{path}.correctResponsesPattern[{index}]")
    for key in COMPONENT_LISTS:
        if key in data:
            if interaction is None or key not in INTERACTION_TYPES[interaction]:
                raise fail(f"{path}.{key}", "is not a component list of this interaction type")
            _components(data[key], f"{path}.{key}")


def activity(value: Any, path: str) -> None:
    data = _object(value, path)
    _keys(data, ("objectType", "id", "definition"), path)
    if "objectType" in data and data["objectType"] != "Activity":
        raise fail(f"{path}.objectType", "must be Activity")
    if "id" not in data:
        raise fail(path, "must have an id")
    iri(data["id"], f"{path}.id")
    if "definition" in data:
        definition(data["definition"], f"{path}.definition")


def statement_ref(value: Any, path: str) -> None:
    data = _object(value, path)
    _keys(data, ("objectType", "id"), path)
    if data.get("objectType") != "StatementRef":
        raise fail(f"{path}.objectType", "must be StatementRef")
    uuid_string(data.get("id"), f"{path}.id")


def statement_object(value: Any, path: str, *, sub: bool) -> None:
    data = _object(value, path)
    kind = data.get("objectType", "Activity")
    if kind == "Activity":
        activity(data, path)
    elif kind == "Agent":
        agent(data, path)
    elif kind == "Group":
        group(data, path)
    elif kind == "StatementRef":
        statement_ref(data, path)
    elif kind == "SubStatement" and not sub:
        substatement(data, path)
    else:
        raise fail(f"{path}.objectType", "is not an object type allowed here")


# --- Result, context, attachments ---------------------------------------------------------------


def result(value: Any, path: str) -> None:
    data = _object(value, path)
    _keys(data, ("score", "success", "completion", "response", "duration", "extensions"), path)
    if "score" in data:
        score = _object(data["score"], f"{path}.score")
        _keys(score, ("scaled", "raw", "min", "max"), f"{path}.score")
        numbers = {key: _number(score[key], f"{path}.score.{key}") for key in score}
        if "scaled" in numbers and not -1 <= numbers["scaled"] <= 1:
            raise fail(f"{path}.score.scaled", "must be between -1 and 1")
        low, high, raw = numbers.get("min"), numbers.get("max"), numbers.get("raw")
        if low is not None and high is not None and low >= high:
            raise fail(f"{path}.score.min", "must be less than max")
        if raw is not None and ((low is not None and raw < low) or (high is not None and raw > high)):
            raise fail(f"{path}.score.raw", "must be between min and max")
    for key in ("success", "completion"):
        if key in data:
            _bool(data[key], f"{path}.{key}")
    if "response" in data:
        _string(data["response"], f"{path}.response")
    if "duration" in data:
        duration(data["duration"], f"{path}.duration")
    if "extensions" in data:
        extensions(data["extensions"], f"{path}.extensions")


def _activity_list(value: Any, path: str) -> None:
    items = value if isinstance(value, list) else [value]
    for index, item in enumerate(items):
        activity(item, f"{path}[{index}]" if isinstance(value, list) else path)


def _relevant_types(data: dict[str, Any], path: str) -> None:
    if "relevantTypes" in data:
        types = data["relevantTypes"]
        if not isinstance(types, list) or not types:
            raise fail(f"{path}.relevantTypes", "must be a non-empty array of IRIs")
        for index, item in enumerate(types):
            iri(item, f"{path}.relevantTypes[{index}]")


def context(value: Any, path: str, *, object_is_activity: bool) -> None:
    data = _object(value, path)
    _keys(
        data,
        (
            "registration",
            "instructor",
            "team",
            "contextActivities",
            "revision",
            "platform",
            "language",
            "statement",
            "extensions",
            "contextAgents",
            "contextGroups",
        ),
        path,
    )
    if "registration" in data:
        uuid_string(data["registration"], f"{path}.registration")
    if "instructor" in data:
        actor(data["instructor"], f"{path}.instructor")
    if "team" in data:
        group(data["team"], f"{path}.team")
    if "contextActivities" in data:
        activities = _object(data["contextActivities"], f"{path}.contextActivities")
        _keys(activities, CONTEXT_ACTIVITY_KINDS, f"{path}.contextActivities")
        for kind, items in activities.items():
            _activity_list(items, f"{path}.contextActivities.{kind}")
    for key in ("revision", "platform"):
        if key in data:
            _string(data[key], f"{path}.{key}")
            if not object_is_activity:
                raise fail(f"{path}.{key}", "is allowed only when the object is an activity")
    if "language" in data and not LANGUAGE_RE.match(_string(data["language"], f"{path}.language")):
        raise fail(f"{path}.language", "is not a language tag (RFC 5646)")
    if "statement" in data:
        statement_ref(data["statement"], f"{path}.statement")
    if "extensions" in data:
        extensions(data["extensions"], f"{path}.extensions")
    for key, kind, inner in (("contextAgents", "contextAgent", "agent"), ("contextGroups", "contextGroup", "group")):
        if key not in data:
            continue
        if not isinstance(data[key], list):
            raise fail(f"{path}.{key}", "must be an array")
        for index, item in enumerate(data[key]):
            where = f"{path}.{key}[{index}]"
            entry = _object(item, where)
            _keys(entry, ("objectType", inner, "relevantTypes"), where)
            if entry.get("objectType") != kind:
                raise fail(f"{where}.objectType", f"must be {kind}")
            if inner not in entry:
                raise fail(where, f"must have {inner}")
            (agent if inner == "agent" else group)(entry[inner], f"{where}.{inner}")
            _relevant_types(entry, where)


def attachments(value: Any, path: str) -> None:
    if not isinstance(value, list):
        raise fail(path, "must be an array")
    for index, item in enumerate(value):
        where = f"{path}[{index}]"
        data = _object(item, where)
        _keys(data, ("usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"), where)
        for key in ("usageType", "display", "contentType", "length", "sha2"):
            if key not in data:
                raise fail(where, f"must have {key}")
        iri(data["usageType"], f"{where}.usageType")
        language_map(data["display"], f"{where}.display")
        if "description" in data:
            language_map(data["description"], f"{where}.description")
        _string(data["contentType"], f"{where}.contentType")
        if isinstance(data["length"], bool) or not isinstance(data["length"], int) or data["length"] < 0:
            raise fail(f"{where}.length", "must be a whole number")
        if not re.match(r"^[0-9a-fA-F]{56,128}$", _string(data["sha2"], f"{where}.sha2")):
            raise fail(f"{where}.sha2", "must be a SHA-2 hash in hexadecimal")
        if "fileUrl" in data:
            iri(data["fileUrl"], f"{where}.fileUrl")


# --- Statements ---------------------------------------------------------------------------------


def _body(data: dict[str, Any], path: str) -> None:
    """What a statement and a substatement share."""
    for key in ("actor", "verb", "object"):
        if key not in data:
            raise fail(path, f"must have {key}")
    actor(data["actor"], f"{path}.actor")
    verb(data["verb"], f"{path}.verb")
    statement_object(data["object"], f"{path}.object", sub=path != "statement")
    if "result" in data:
        result(data["result"], f"{path}.result")
    if "context" in data:
        is_activity = _object(data["object"], f"{path}.object").get("objectType", "Activity") == "Activity"
        context(data["context"], f"{path}.context", object_is_activity=is_activity)
    if "timestamp" in data:
        parse_timestamp(data["timestamp"], f"{path}.timestamp")
    if "attachments" in data:
        attachments(data["attachments"], f"{path}.attachments")


def substatement(data: dict[str, Any], path: str) -> None:
    _keys(data, ("objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments"), path)
    _body(data, path)


def validate_statement(value: Any) -> dict[str, Any]:
    """Check one statement as a client sent it; return it (as a dict) or raise ``StatementError``."""
    try:
        return _statement(value)
    except (TypeError, AttributeError, KeyError) as exc:  # a shape no rule above foresaw: still a 400, never a 500
        raise StatementError(f"statement: malformed ({type(exc).__name__})") from None


def _statement(value: Any) -> dict[str, Any]:
    path = "statement"
    data = _object(value, path)
    _keys(
        data,
        (
            "id",
            "actor",
            "verb",
            "object",
            "result",
            "context",
            "timestamp",
            "stored",
            "authority",
            "version",
            "attachments",
            "objectType",
        ),
        path,
    )
    if "objectType" in data and data["objectType"] != "Statement":
        raise fail(f"{path}.objectType", "must not be given, or be Statement")
    if "id" in data:
        uuid_string(data["id"], f"{path}.id")
    _body(data, path)
    if "stored" in data:
        parse_timestamp(data["stored"], f"{path}.stored")
    if "version" in data and (not isinstance(data["version"], str) or not VERSION_RE.match(data["version"])):
        raise fail(f"{path}.version", "must be a 1.0.x or 2.0.x version")
    if "authority" in data:
        authority(data["authority"], f"{path}.authority")
    if data["verb"]["id"] == VOIDED:
        target = _object(data["object"], f"{path}.object")
        if target.get("objectType") != "StatementRef":
            raise fail(f"{path}.object", "a voiding statement's object must be a StatementRef")
    return data


def authority(value: Any, path: str) -> None:
    data = _object(value, path)
    if data.get("objectType") == "Group":
        group(data, path)
        # A group as authority is the OAuth pair: exactly two agents, one of them an application account.
        members = data.get("member") or []
        if any(key in data for key in IFI_KEYS):
            raise fail(path, "a group as authority must be anonymous (the OAuth consumer and user as its members)")
        if len(members) != 2:
            raise fail(path, "a group as authority must have exactly two members (OAuth consumer and user)")
    else:
        agent(data, path)
