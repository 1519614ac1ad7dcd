"""The SCIM Group resource: a unit of the organisation, and which provisioned users are in it.

A membership has one unit, so a user is "in" the group whose unit their current membership
has; adding a user to a second group moves them there. A PATCH is applied to the group's state
(name, external id, the set of member ids) and the action then makes the difference real.
Entra ID removes members both as ``{"path": "members", "value": [{"value": id}]}`` and as
``{"path": "members[value eq \\"id\\"]"}``; both are read here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from jamlik.identity.scim.errors import invalid_path, invalid_syntax, invalid_value
from jamlik.identity.scim.filters import CORE_GROUP, AttrPath, Column, Compare, Field, parse_path
from jamlik.identity.scim.models import ScimGroup
from jamlik.identity.scim.users import id_q

GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
IGNORED = frozenset({"id", "meta", "schemas"})
MAX_NAME = 150


@dataclass(frozen=True)
class GroupState:
    display_name: str = ""
    external_id: str = ""
    members: frozenset[str] = frozenset()


def _text(value: Any, shown: str, limit: int) -> str:
    if not isinstance(value, str) or "\x00" in value:
        raise invalid_value(_("“%(attr)s” must be text.") % {"attr": shown})
    text: str = value.strip()
    if len(text) > limit:
        raise invalid_value(_("“%(attr)s” can be at most %(limit)d characters.") % {"attr": shown, "limit": limit})
    return text


def _member_ids(value: Any) -> set[str]:
    items = value if isinstance(value, list) else [value]
    ids: set[str] = set()
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("value"), str):
            raise invalid_value(_("Members must be objects with the user's id as “value”."))
        ids.add(item["value"].strip().lower())
    return ids


def _member_in_filter(path: AttrPath) -> str | None:
    node = path.value_filter
    if isinstance(node, Compare) and node.path.attr == "value" and node.op == "eq" and isinstance(node.value, str):
        return node.value.strip().lower()
    return None


def _set(state: GroupState, op: str, path: AttrPath, value: Any, shown: str) -> GroupState:
    if path.schema:
        raise invalid_path(_("Jämlik does not use the schema “%(schema)s”.") % {"schema": path.schema})
    if path.attr == "" and not path.schema:
        if op == "remove":
            raise invalid_syntax(_("A remove operation needs a path."))
        return _set_many(state, op, value)
    if path.attr == "displayname":
        if op == "remove":
            raise invalid_value(_("“displayName” is required and cannot be removed."))
        name = _text(value, shown, MAX_NAME)
        if not name:
            raise invalid_value(_("“displayName” is required."))
        return replace(state, display_name=name)
    if path.attr == "externalid":
        return replace(state, external_id="" if op == "remove" else _text(value, shown, 255))
    if path.attr == "members":
        if path.value_filter is not None:
            member = _member_in_filter(path)
            if member is None or op != "remove":
                raise invalid_path(_('Name a member as members[value eq "id"] to remove them.'))
            return replace(state, members=state.members - {member})
        if op == "remove":
            return replace(state, members=frozenset() if value is None else state.members - _member_ids(value))
        ids = _member_ids(value) if value is not None else set()
        return replace(state, members=frozenset(ids if op == "replace" else state.members | ids))
    if path.attr in IGNORED:
        return state
    raise invalid_path(_("Jämlik does not know the attribute “%(attr)s”.") % {"attr": shown})


def _set_many(state: GroupState, op: str, value: Any) -> GroupState:
    if not isinstance(value, dict):
        raise invalid_value(_("The value must be an object of attributes."))
    for key, item in value.items():
        state = _set(state, op, parse_path(str(key), CORE_GROUP), item, str(key))
    return state


def from_document(document: Any) -> GroupState:
    if not isinstance(document, dict):
        raise invalid_syntax(_("The body must be a JSON object."))
    schemas = document.get("schemas")
    if not isinstance(schemas, list) or [str(s).lower() for s in schemas] != [CORE_GROUP]:
        raise invalid_syntax(_("“schemas” must be [%(urn)s].") % {"urn": GROUP_SCHEMA})
    state = _set_many(GroupState(), "replace", document)
    if not state.display_name:
        raise invalid_value(_("“displayName” is required."))
    return state


def apply_patch(state: GroupState, operations: Iterable[dict[str, Any]]) -> GroupState:
    for operation in operations:
        path = operation.get("path")
        if path is None:
            state = _set(state, operation["op"], AttrPath("", ""), operation.get("value"), "")
        else:
            state = _set(state, operation["op"], parse_path(path, CORE_GROUP), operation.get("value"), path)
    return state


def _by_member(op: str, value: Any) -> Q:
    return id_q(op, value, "unit__memberships__scim_users__public_id") & Q(unit__memberships__valid_to__isnull=True)


def resolve_filter(path: AttrPath) -> Field | None:
    if path.value_filter is not None:
        return None
    columns: dict[tuple[str, str], Field] = {
        ("displayname", ""): Column("unit__name"),
        ("externalid", ""): Column("external_id", case_exact=True),
        ("id", ""): lambda op, value: id_q(op, value, "unit__public_id"),
        ("members", ""): _by_member,
        ("members", "value"): _by_member,
    }
    return columns.get((path.attr, path.sub)) if not path.schema else None


def group_document(group: ScimGroup, members: list[str] | None, base: str) -> dict[str, Any]:
    """``members`` as the users' ids, or None when the caller excluded them."""
    unit = group.unit
    document: dict[str, Any] = {"schemas": [GROUP_SCHEMA], "id": str(unit.public_id), "displayName": unit.name}
    if group.external_id:
        document["externalId"] = group.external_id
    if members is not None:
        document["members"] = [{"value": member_id, "$ref": f"{base}/Users/{member_id}"} for member_id in members]
    document["meta"] = {
        "resourceType": "Group",
        "created": group.created_at.isoformat(),
        "lastModified": group.updated_at.isoformat(),
        "location": f"{base}/Groups/{unit.public_id}",
    }
    return document
