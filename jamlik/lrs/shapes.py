"""What a statement mentions and how it is shown: agents' identifiers, activities, formats.

``ifi_key`` turns an agent or identified group into one string (its inverse functional
identifier), the form the filters compare. ``mentioned`` lists the agents and activities a
statement names anywhere, for ``related_agents`` and ``related_activities``. ``formatted``
answers ``format=exact|ids|canonical``.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from typing import Any

from jamlik.lrs.validation import IFI_KEYS


def ifi_key(value: Any) -> str:
    """``mbox:mailto:a@b``, ``mbox_sha1sum:…``, ``openid:…`` or ``account:["home","name"]``; "" for none."""
    if not isinstance(value, dict):
        return ""
    for key in ("mbox", "mbox_sha1sum", "openid"):
        ident = value.get(key)
        if isinstance(ident, str):
            return f"{key}:{ident.lower() if key == 'mbox_sha1sum' else ident}"
    account = value.get("account")
    if isinstance(account, dict):
        return "account:" + json.dumps([account.get("homePage"), account.get("name")], ensure_ascii=False)
    return ""


def _agents_of(value: Any) -> Iterator[str]:
    """An agent's or group's own key, and its members' keys."""
    if not isinstance(value, dict):
        return
    key = ifi_key(value)
    if key:
        yield key
    for member in value.get("member") or []:
        member_key = ifi_key(member)
        if member_key:
            yield member_key


def _activities_in(value: Any) -> Iterator[str]:
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            yield item["id"]


def mentioned(statement: dict[str, Any]) -> tuple[set[str], set[str]]:
    """Every agent key and activity id a statement (with its substatement) names."""
    agents: set[str] = set()
    activities: set[str] = set()

    def walk(part: dict[str, Any]) -> None:
        agents.update(_agents_of(part.get("actor")))
        target = part.get("object") or {}
        kind = target.get("objectType", "Activity")
        if kind == "Activity":
            activities.update(_activities_in(target))
        elif kind in ("Agent", "Group"):
            agents.update(_agents_of(target))
        elif kind == "SubStatement":
            walk(target)
        context = part.get("context") or {}
        agents.update(_agents_of(context.get("instructor")))
        agents.update(_agents_of(context.get("team")))
        for entry in context.get("contextAgents") or []:
            agents.update(_agents_of(entry.get("agent")))
        for entry in context.get("contextGroups") or []:
            agents.update(_agents_of(entry.get("group")))
        for items in (context.get("contextActivities") or {}).values():
            activities.update(_activities_in(items))

    walk(statement)
    agents.update(_agents_of(statement.get("authority")))
    return agents, activities


def with_activity_lists(statement: dict[str, Any]) -> dict[str, Any]:
    """The statement with every ``contextActivities`` value as an array, as the LRS keeps and returns it."""

    def fix(part: dict[str, Any]) -> dict[str, Any]:
        part = dict(part)
        context = part.get("context")
        if isinstance(context, dict) and isinstance(context.get("contextActivities"), dict):
            activities = {
                kind: items if isinstance(items, list) else [items]
                for kind, items in context["contextActivities"].items()
            }
            part["context"] = {**context, "contextActivities": activities}
        target = part.get("object")
        if isinstance(target, dict) and target.get("objectType") == "SubStatement":
            part["object"] = fix(target)
        return part

    return fix(statement)


_SECONDS = re.compile(r"(\d+)(?:[.,](\d+))?S$")


def _truncated(duration: Any) -> Any:
    """A duration with its seconds cut to hundredths: finer precision is not compared (xAPI 2.0)."""
    if not isinstance(duration, str):
        return duration
    match = _SECONDS.search(duration)
    if not match or match.group(2) is None:
        return duration
    return duration[: match.start()] + f"{match.group(1)}.{match.group(2)[:2]}S"


def comparable(statement: dict[str, Any], ignored: tuple[str, ...]) -> dict[str, Any]:
    """A statement as two copies of it are compared: without ``ignored``, activity lists as arrays,
    durations to the hundredth of a second."""

    def fix(part: dict[str, Any]) -> dict[str, Any]:
        result = part.get("result")
        if isinstance(result, dict) and "duration" in result:
            part["result"] = {**result, "duration": _truncated(result["duration"])}
        target = part.get("object")
        if isinstance(target, dict) and target.get("objectType") == "SubStatement":
            part["object"] = fix(dict(target))
        return part

    shown = with_activity_lists({key: value for key, value in statement.items() if key not in ignored})
    return fix(shown)


# --- Formats ----------------------------------------------------------------------------------


def _agent_ids(value: dict[str, Any]) -> dict[str, Any]:
    shown: dict[str, Any] = {"objectType": value.get("objectType", "Agent")}
    for key in IFI_KEYS:
        if key in value:
            shown[key] = value[key]
    if "member" in value and not any(key in value for key in IFI_KEYS):
        shown["member"] = [_agent_ids(member) for member in value["member"]]
    return shown


def _ids(part: dict[str, Any]) -> None:
    part["actor"] = _agent_ids(part["actor"])
    part["verb"] = {"id": part["verb"]["id"]}
    target = part["object"]
    kind = target.get("objectType", "Activity")
    if kind == "Activity":
        part["object"] = {"id": target["id"]}
    elif kind in ("Agent", "Group"):
        part["object"] = _agent_ids(target)
    elif kind == "SubStatement":
        _ids(target)
    context = part.get("context")
    if context:
        for key in ("instructor", "team"):
            if key in context:
                context[key] = _agent_ids(context[key])
        for kind_name, items in (context.get("contextActivities") or {}).items():
            context["contextActivities"][kind_name] = [
                {"id": item["id"]} for item in (items if isinstance(items, list) else [items])
            ]
        for entry in context.get("contextAgents") or []:
            entry["agent"] = _agent_ids(entry["agent"])
        for entry in context.get("contextGroups") or []:
            entry["group"] = _agent_ids(entry["group"])
    if "authority" in part:
        part["authority"] = _agent_ids(part["authority"])


def best_language(tags: list[str], accepted: list[str]) -> str | None:
    if not tags:
        return None
    lowered = {tag.lower(): tag for tag in tags}
    for wanted in accepted:
        wanted = wanted.lower()
        if wanted == "*":
            return tags[0]
        if wanted in lowered:
            return lowered[wanted]
        for tag in tags:
            if tag.lower().split("-")[0] == wanted.split("-")[0]:
                return tag
    return tags[0]


LANGUAGE_MAP_KEYS = {"display", "name", "description"}


def _canonical(value: Any, accepted: list[str]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in LANGUAGE_MAP_KEYS and isinstance(inner, dict) and all(isinstance(v, str) for v in inner.values()):
                chosen = best_language(list(inner), accepted)
                if chosen is not None:
                    value[key] = {chosen: inner[chosen]}
            elif key != "extensions":
                _canonical(inner, accepted)
    elif isinstance(value, list):
        for item in value:
            _canonical(item, accepted)


def formatted(statement: dict[str, Any], fmt: str, accepted_languages: list[str]) -> dict[str, Any]:
    if fmt == "exact":
        return statement
    shown = copy.deepcopy(statement)
    if fmt == "ids":
        _ids(shown)
    else:
        _canonical(shown, accepted_languages)
    return shown


def accepted_languages(header: str) -> list[str]:
    """The tags of an Accept-Language header, best first."""
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _sep, params = part.strip().partition(";")
        if not tag:
            continue
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        weighted.append((-quality, index, tag.strip()))
    return [tag for _q, _i, tag in sorted(weighted)]
