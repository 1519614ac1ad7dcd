"""What the LMS says in cmi5: the actor, activity ids, the context template and its own statements.

**The actor** is the learner's account on the site (``homePage`` ``SITE_URL``, ``name`` their
``public_id``), as in the rest of Jämlik's statements: no name, no address, never kön.

**Activity ids** are the LMS's own (8.1.5.0-3: never the publisher's id from ``cmi5.xml``), stable
for a course version: ``<SITE_URL>/xapi/activities/cmi5/<item public_id>`` for an AU or a block,
``…/cmi5/<package public_id>`` for the course. The publisher's ids go in
``contextActivities.grouping`` (9.6.2.3).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings

from jamlik.packages.cmi5 import vocabulary as v
from jamlik.packages.models import Package, PackageItem

# Ids of the statements the LMS writes are derived from what they say, so a retry stores one.
NAMESPACE = uuid.UUID("6a1d3c52-0f0e-4f5e-b0c8-0c6d1f3e9a77")


def site() -> str:
    return str(settings.SITE_URL).rstrip("/")


def actor_of(user_public_id: uuid.UUID) -> dict[str, Any]:
    return {"objectType": "Agent", "account": {"homePage": site(), "name": str(user_public_id)}}


def course_activity_id(package: Package) -> str:
    return f"{site()}/xapi/activities/cmi5/{package.public_id}"


def item_activity_id(item: PackageItem) -> str:
    return f"{site()}/xapi/activities/cmi5/{item.public_id}"


def publisher_id(item: PackageItem) -> str:
    return str(item.extra.get("id") or item.identifier)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def duration(seconds: float) -> str:
    return f"PT{max(seconds, 0):.2f}S"


def mastery_of(item: PackageItem) -> Decimal | None:
    raw = item.extra.get("masteryScore")
    return Decimal(str(raw)) if raw is not None else None


def context_template(item: PackageItem, session_id: uuid.UUID) -> dict[str, Any]:
    """The context every statement of the session starts from (LMS.LaunchData, 10.2.1)."""
    return {
        "contextActivities": {"grouping": [{"objectType": "Activity", "id": publisher_id(item)}]},
        "extensions": {v.EXT_SESSION: str(session_id)},
    }


def launch_data(item: PackageItem, session_id: uuid.UUID, launch_mode: str, return_url: str) -> dict[str, Any]:
    """The LMS.LaunchData state document (cmi5 10.2)."""
    data: dict[str, Any] = {
        "contextTemplate": context_template(item, session_id),
        "launchMode": launch_mode,
        "launchMethod": item.extra.get("launchMethod", "AnyWindow"),
        "moveOn": item.extra.get("moveOn", "NotApplicable"),
    }
    if return_url:
        data["returnURL"] = return_url
    if item.extra.get("launchParameters"):
        data["launchParameters"] = item.extra["launchParameters"]
    mastery = mastery_of(item)
    if mastery is not None:
        data["masteryScore"] = float(mastery)
    if item.extra.get("entitlementKey"):
        data["entitlementKey"] = {"courseStructure": item.extra["entitlementKey"]}
    return data


def _statement(
    ident: str,
    *,
    actor: dict[str, Any],
    verb: str,
    target: dict[str, Any],
    registration: uuid.UUID,
    session_id: uuid.UUID,
    grouping: str,
    at: datetime,
    result: dict[str, Any] | None = None,
    extensions: dict[str, Any] | None = None,
) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "id": str(uuid.uuid5(NAMESPACE, ident)),
        "actor": actor,
        "verb": {"id": verb, "display": {"en-US": v.VERB_NAMES[verb]}},
        "object": target,
        "context": {
            "registration": str(registration),
            "contextActivities": {
                "category": [{"objectType": "Activity", "id": v.CATEGORY_CMI5}],
                "grouping": [{"objectType": "Activity", "id": grouping}],
            },
            "extensions": {v.EXT_SESSION: str(session_id), **(extensions or {})},
        },
        "timestamp": iso(at),
    }
    if result is not None:
        statement["result"] = result
    return statement


def au_object(item: PackageItem) -> dict[str, Any]:
    target: dict[str, Any] = {"objectType": "Activity", "id": item_activity_id(item)}
    if item.extra.get("activityType"):
        target["definition"] = {"type": item.extra["activityType"]}
    return target


def launched(
    item: PackageItem,
    *,
    actor: dict[str, Any],
    registration: uuid.UUID,
    session_id: uuid.UUID,
    launch_mode: str,
    launch_url: str,
    at: datetime,
) -> dict[str, Any]:
    extensions: dict[str, Any] = {
        v.EXT_LAUNCH_MODE: launch_mode,
        v.EXT_LAUNCH_URL: launch_url,
        v.EXT_MOVE_ON: item.extra.get("moveOn", "NotApplicable"),
        v.EXT_LAUNCH_PARAMETERS: item.extra.get("launchParameters", ""),
    }
    mastery = mastery_of(item)
    if mastery is not None:
        extensions[v.EXT_MASTERY] = float(mastery)
    return _statement(
        f"launched/{session_id}",
        actor=actor,
        verb=v.LAUNCHED,
        target=au_object(item),
        registration=registration,
        session_id=session_id,
        grouping=publisher_id(item),
        at=at,
        extensions=extensions,
    )


def ended(
    verb: str,
    item: PackageItem,
    *,
    actor: dict[str, Any],
    registration: uuid.UUID,
    session_id: uuid.UUID,
    at: datetime,
    seconds: float,
) -> dict[str, Any]:
    """The LMS's abandoned statement for a session left without terminated (9.3.7)."""
    return _statement(
        f"{verb}/{session_id}",
        actor=actor,
        verb=verb,
        target=au_object(item),
        registration=registration,
        session_id=session_id,
        grouping=publisher_id(item),
        at=at,
        result={"duration": duration(seconds)},
    )


def waived(
    item: PackageItem,
    *,
    actor: dict[str, Any],
    registration: uuid.UUID,
    session_id: uuid.UUID,
    reason: str,
    at: datetime,
) -> dict[str, Any]:
    return _statement(
        f"waived/{registration}/{item.public_id}",
        actor=actor,
        verb=v.WAIVED,
        target=au_object(item),
        registration=registration,
        session_id=session_id,
        grouping=publisher_id(item),
        at=at,
        result={"success": True, "completion": True, "extensions": {v.REASON: reason}},
        extensions={},
    ) | {"context": _with_move_on(registration, session_id, publisher_id(item))}


def _with_move_on(registration: uuid.UUID, session_id: uuid.UUID, grouping: str) -> dict[str, Any]:
    return {
        "registration": str(registration),
        "contextActivities": {
            "category": [
                {"objectType": "Activity", "id": v.CATEGORY_CMI5},
                {"objectType": "Activity", "id": v.CATEGORY_MOVE_ON},
            ],
            "grouping": [{"objectType": "Activity", "id": grouping}],
        },
        "extensions": {v.EXT_SESSION: str(session_id)},
    }


def satisfied(
    target: PackageItem | Package,
    *,
    actor: dict[str, Any],
    registration: uuid.UUID,
    session_id: uuid.UUID,
    at: datetime,
) -> dict[str, Any]:
    """A block's or the course's satisfied statement (9.3.9): the LMS's id as object, the publisher's as grouping."""
    if isinstance(target, Package):
        activity = {
            "objectType": "Activity",
            "id": course_activity_id(target),
            "definition": {"type": v.ACTIVITY_COURSE},
        }
        grouping = target.identifier
        key = f"satisfied/{registration}/course"
    else:
        activity = {"objectType": "Activity", "id": item_activity_id(target), "definition": {"type": v.ACTIVITY_BLOCK}}
        grouping = publisher_id(target)
        key = f"satisfied/{registration}/{target.public_id}"
    return _statement(
        key,
        actor=actor,
        verb=v.SATISFIED,
        target=activity,
        registration=registration,
        session_id=session_id,
        grouping=grouping,
        at=at,
    )
