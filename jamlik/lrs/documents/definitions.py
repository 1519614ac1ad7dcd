"""Activities' canonical definitions, merged from the statements an organisation stores.

The Activities resource answers with "the complete Activity Object": everything the LRS knows
about an activity from any statement naming it. ``remember`` is called by the statement store
in the same transaction as the statements, so the definition and the statements commit
together. The merge, statement by statement in the order stored:

- language maps (``name``, ``description``) are merged by language tag, the later text
  winning, so two statements describing an activity in two languages give both;
- every other property of the definition (``type``, ``moreInfo``, ``extensions``, the
  interaction properties) is replaced by the later statement's value when it has one.

Three queries whatever the batch: insert the missing rows (ignoring those that exist), read
them locked in key order (two batches never wait on each other in a cycle), update.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jamlik.lrs.documents.models import ActivityDefinition

LANGUAGE_MAPS = ("name", "description")
CONTEXT_LISTS = ("parent", "grouping", "category", "other")


def activity_key(activity_id: str) -> str:
    return hashlib.sha256(activity_id.encode("utf-8")).hexdigest()


def _activities_in(statement: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every activity object a statement carries: its object and context activities, and a SubStatement's."""
    obj = statement.get("object")
    if isinstance(obj, dict):
        if obj.get("objectType", "Activity") == "Activity":
            yield obj
        elif obj.get("objectType") == "SubStatement":
            yield from _activities_in(obj)
    context = statement.get("context")
    if isinstance(context, dict) and isinstance(context.get("contextActivities"), dict):
        for name in CONTEXT_LISTS:
            found = context["contextActivities"].get(name)
            for activity in found if isinstance(found, list) else [found]:
                if isinstance(activity, dict):
                    yield activity


def merge_definition(stored: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    merged = {**stored}
    for name, value in new.items():
        if name in LANGUAGE_MAPS and isinstance(value, dict) and isinstance(stored.get(name), dict):
            merged[name] = {**stored[name], **value}
        else:
            merged[name] = value
    return merged


def definitions_in(statements: Iterable[dict[str, Any]]) -> dict[str, tuple[str, dict[str, Any]]]:
    """Per activity key: its id and the definition the batch alone gives (merged in order)."""
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for statement in statements:
        for activity in _activities_in(statement):
            activity_id, definition = activity.get("id"), activity.get("definition")
            if not isinstance(activity_id, str) or not isinstance(definition, dict) or not definition:
                continue
            key = activity_key(activity_id)
            before = found[key][1] if key in found else {}
            found[key] = (activity_id, merge_definition(before, definition))
    return found


def _scope(organisation_id: int | None) -> Q:
    return Q(organisation_id=organisation_id) if organisation_id is not None else Q(organisation__isnull=True)


def remember(organisation_id: int | None, statements: Iterable[dict[str, Any]]) -> None:
    """Merge the definitions ``statements`` carry into the organisation's canonical ones."""
    found = definitions_in(statements)
    if not found:
        return
    now = timezone.now()
    keys = sorted(found)
    with transaction.atomic():
        ActivityDefinition.objects.bulk_create(
            [
                ActivityDefinition(organisation_id=organisation_id, key=key, activity_id=found[key][0], updated=now)
                for key in keys
            ],
            ignore_conflicts=True,
        )
        rows = list(
            ActivityDefinition.objects.select_for_update().filter(_scope(organisation_id), key__in=keys).order_by("key")
        )
        for row in rows:
            row.definition = merge_definition(row.definition, found[row.key][1])
            row.updated = now
        ActivityDefinition.objects.bulk_update(rows, ["definition", "updated"])


def activity_object(organisation_id: int | None, activity_id: str) -> dict[str, Any]:
    """The Activity object for ``activity_id``: with its definition when one is known, else its id alone."""
    row = ActivityDefinition.objects.filter(_scope(organisation_id), key=activity_key(activity_id)).first()
    activity: dict[str, Any] = {"objectType": "Activity", "id": activity_id}
    if row is not None and row.definition:
        activity["definition"] = row.definition
    return activity
