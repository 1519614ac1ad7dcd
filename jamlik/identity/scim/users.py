"""The SCIM User resource: reading what an identity system sends (POST, PUT, PATCH) and what we answer.

Jämlik keeps the least it needs: ``userName``, ``externalId``, the given and family names, the
display name, the work address, ``active`` and the enterprise extension's ``department`` (which
places the person in a unit). The other attributes of the two schemas (phone numbers, addresses,
title, manager, …) are read and dropped: data minimisation, and an identity system configured with
its default mappings still works. An attribute in neither schema is refused with a clear message.

Entra ID's quirks handled here: operation names in any case (``Replace``), ``active`` as the
string ``"False"``, PATCH without a path whose value holds dotted paths as keys
(``{"name.givenName": …}``), ``emails[type eq "work"].value`` paths, and the enterprise
extension's attributes addressed by their full URN.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from jamlik.identity.scim.errors import ScimError, invalid_filter, invalid_path, invalid_syntax, invalid_value
from jamlik.identity.scim.filters import (
    CORE_USER,
    ENTERPRISE_USER,
    NOTHING,
    AttrPath,
    Column,
    Field,
    is_type_filter,
    parse_path,
)
from jamlik.identity.scim.models import ScimUser

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

# Attributes of RFC 7643's User schema and the enterprise extension that Jämlik accepts and drops.
IGNORED_CORE = frozenset(
    {
        "id", "meta", "nickname", "profileurl", "title", "usertype", "preferredlanguage", "locale", "timezone",
        "password", "phonenumbers", "ims", "photos", "addresses", "groups", "entitlements", "roles",
        "x509certificates", "schemas",
    }
)  # fmt: skip
IGNORED_ENTERPRISE = frozenset({"employeenumber", "costcenter", "organization", "division", "manager"})
IGNORED_NAME_PARTS = frozenset({"formatted", "middlename", "honorificprefix", "honorificsuffix"})
LIMITS = {"user_name": 254, "external_id": 255, "given_name": 150, "family_name": 150, "display_name": 150,
          "work_email": 254, "department": 150}  # fmt: skip


@dataclass(frozen=True)
class UserFields:
    user_name: str = ""
    external_id: str = ""
    given_name: str = ""
    family_name: str = ""
    display_name: str = ""
    work_email: str = ""
    department: str = ""
    active: bool = True

    def person_name(self) -> str:
        return self.display_name or " ".join(part for part in (self.given_name, self.family_name) if part)


def _text(value: Any, field: str, shown: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise invalid_value(_("“%(attr)s” must be text.") % {"attr": shown})
    if "\x00" in value:
        raise invalid_value(_("“%(attr)s” contains a NUL character.") % {"attr": shown})
    text: str = value.strip()
    if len(text) > LIMITS[field]:
        raise invalid_value(
            _("“%(attr)s” can be at most %(limit)d characters.") % {"attr": shown, "limit": LIMITS[field]}
        )
    return text


def _boolean(value: Any) -> bool:
    """``active`` as JSON true/false, or as the strings "True"/"False" that Entra ID has sent."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise invalid_value(_("“active” must be true or false."))


def _work_email(value: Any) -> str:
    """The work address from a list of email objects: the one typed "work", else the primary, else the first."""
    items = value if isinstance(value, list) else [value] if isinstance(value, dict) else None
    if items is None or not all(isinstance(item, dict) for item in items):
        raise invalid_value(_("“emails” must be a list of objects with a “value”."))
    if not items:
        return ""
    chosen = (
        next((i for i in items if str(i.get("type", "")).lower() == "work"), None)
        or next((i for i in items if i.get("primary") in (True, "True", "true")), None)
        or items[0]
    )
    return _text(chosen.get("value"), "work_email", "emails.value")


def _set(fields: UserFields, op: str, path: AttrPath, value: Any, shown: str) -> UserFields:
    """One add, replace or remove on one attribute path; ``value`` is ignored for remove."""
    removing = op == "remove"
    if path.attr == "" and path.schema in ("", ENTERPRISE_USER):
        if removing:
            return fields if path.schema == "" else replace(fields, department="")
        return _set_many(fields, op, value, prefix=path.schema)
    if path.schema == ENTERPRISE_USER:
        if path.attr == "department":
            return replace(fields, department="" if removing else _text(value, "department", shown))
        if path.attr in IGNORED_ENTERPRISE or path.attr == "schemas":
            return fields
        raise invalid_path(_("The enterprise extension has no attribute “%(attr)s”.") % {"attr": path.attr})
    if path.schema:
        raise invalid_path(_("Jämlik does not use the schema “%(schema)s”.") % {"schema": path.schema})
    attr, sub = path.attr, path.sub
    if attr == "username":
        if removing:
            raise invalid_value(_("“userName” is required and cannot be removed."))
        return replace(fields, user_name=_text(value, "user_name", shown))
    if attr == "externalid":
        return replace(fields, external_id="" if removing else _text(value, "external_id", shown))
    if attr == "displayname":
        return replace(fields, display_name="" if removing else _text(value, "display_name", shown))
    if attr == "active":
        if removing:
            raise invalid_value(_("“active” cannot be removed; set it to false."))
        return replace(fields, active=_boolean(value))
    if attr == "name":
        if sub == "givenname":
            return replace(fields, given_name="" if removing else _text(value, "given_name", shown))
        if sub == "familyname":
            return replace(fields, family_name="" if removing else _text(value, "family_name", shown))
        if sub in IGNORED_NAME_PARTS:
            return fields
        if sub:
            raise invalid_path(_("“name” has no part “%(sub)s”.") % {"sub": sub})
        if removing:
            return replace(fields, given_name="", family_name="")
        if not isinstance(value, dict):
            raise invalid_value(_('“name” must be an object such as {"givenName": …, "familyName": …}.'))
        for key, part in value.items():
            fields = _set(fields, op, AttrPath("", "name", str(key).lower()), part, f"name.{key}")
        return fields
    if attr == "emails":
        if path.value_filter is not None and not is_type_filter(path.value_filter, "work"):
            return fields  # Jämlik keeps only the work address
        if removing:
            return replace(fields, work_email="")
        if sub == "value":
            return replace(fields, work_email=_text(value, "work_email", shown))
        if sub:
            return fields  # type, primary, display: nothing to keep
        if path.value_filter is not None and isinstance(value, dict):
            return replace(fields, work_email=_text(value.get("value"), "work_email", shown))
        return replace(fields, work_email=_work_email(value))
    if attr in IGNORED_CORE:
        return fields
    raise invalid_path(_("Jämlik does not know the attribute “%(attr)s”.") % {"attr": shown})


def _set_many(fields: UserFields, op: str, value: Any, *, prefix: str = "") -> UserFields:
    """An object of attributes: a POST/PUT body, a PATCH without path, or an extension's object."""
    if not isinstance(value, dict):
        raise invalid_value(_("The value must be an object of attributes."))
    for key, item in value.items():
        name = f"{prefix}:{key}" if prefix and not str(key).lower().startswith("urn:") else str(key)
        try:
            path = parse_path(name, CORE_USER)
        except ScimError:  # a key that is no path at all is an unknown attribute
            raise invalid_path(_("Jämlik does not know the attribute “%(attr)s”.") % {"attr": key}) from None
        fields = _set(fields, op, path, item, str(key))
    return fields


def from_document(document: Any, *, keep: UserFields | None = None) -> UserFields:
    """The fields of a POST or PUT body. PUT replaces: what it leaves out is cleared, except ``active``."""
    if not isinstance(document, dict):
        raise invalid_syntax(_("The body must be a JSON object."))
    schemas = document.get("schemas")
    if not isinstance(schemas, list) or USER_SCHEMA.lower() not in [str(s).lower() for s in schemas]:
        raise invalid_syntax(_("“schemas” must list %(urn)s.") % {"urn": USER_SCHEMA})
    for urn in schemas:
        if str(urn).lower() not in (CORE_USER, ENTERPRISE_USER):
            raise invalid_value(_("Jämlik does not use the schema “%(schema)s”.") % {"schema": urn})
    start = UserFields(active=keep.active) if keep is not None else UserFields()
    fields = _set_many(start, "add", document)
    if not fields.user_name:
        raise invalid_value(_("“userName” is required."))
    return fields


def apply_patch(fields: UserFields, operations: list[dict[str, Any]]) -> UserFields:
    for operation in operations:
        op = operation["op"]
        path = operation.get("path")
        if path is None:
            if op == "remove":
                raise invalid_syntax(_("A remove operation needs a path."))
            fields = _set_many(fields, op, operation.get("value"))
        else:
            fields = _set(fields, op, parse_path(path, CORE_USER), operation.get("value"), path)
    if not fields.user_name:
        raise invalid_value(_("“userName” is required."))
    return fields


def resolve_filter(path: AttrPath) -> Field | None:
    """Which column an attribute in a Users filter means (``schema`` lower case, as parsed)."""
    key = (path.schema, path.attr, path.sub)
    if path.value_filter is not None:
        if path.attr == "emails" and path.sub in ("", "value") and is_type_filter(path.value_filter, "work"):
            return Column("work_email")
        return None
    columns: dict[tuple[str, str, str], Field] = {
        ("", "id", ""): _by_id,
        ("", "active", ""): _by_active,
        ("", "username", ""): Column("user_name"),
        ("", "externalid", ""): Column("external_id", case_exact=True),
        ("", "displayname", ""): Column("display_name"),
        ("", "name", "givenname"): Column("given_name"),
        ("", "name", "familyname"): Column("family_name"),
        ("", "emails", ""): Column("work_email"),
        ("", "emails", "value"): Column("work_email"),
        (ENTERPRISE_USER, "department", ""): Column("department"),
    }
    return columns.get(key)


def _by_id(op: str, value: Any) -> Q:
    return id_q(op, value, "public_id")


def id_q(op: str, value: Any, lookup: str) -> Q:
    """``id eq "…"``: a malformed id matches nothing, as a missing one does."""
    if op != "eq" or not isinstance(value, str):
        raise invalid_filter(_("Filter on an id only with eq and the id in double quotes."))
    try:
        return Q(**{lookup: uuid.UUID(value)})
    except ValueError:
        return NOTHING


def _by_active(op: str, value: Any) -> Q:
    if op not in ("eq", "ne") or not isinstance(value, bool):
        raise invalid_filter(_("Filter on “active” with eq true or eq false."))
    active = Q(membership__isnull=False, membership__valid_to__isnull=True)
    return active if value == (op == "eq") else ~active


def fields_of(scim_user: ScimUser) -> UserFields:
    return UserFields(
        user_name=scim_user.user_name,
        external_id=scim_user.external_id,
        given_name=scim_user.given_name,
        family_name=scim_user.family_name,
        display_name=scim_user.display_name,
        work_email=scim_user.work_email,
        department=scim_user.department,
        active=scim_user.active,
    )


def user_document(scim_user: ScimUser, base: str) -> dict[str, Any]:
    """The User as the identity system described it (never the person's data from elsewhere)."""
    document: dict[str, Any] = {"schemas": [USER_SCHEMA], "id": str(scim_user.public_id)}
    if scim_user.external_id:
        document["externalId"] = scim_user.external_id
    document["userName"] = scim_user.user_name
    name = {"givenName": scim_user.given_name, "familyName": scim_user.family_name}
    name = {key: value for key, value in name.items() if value}
    if name:
        document["name"] = name
    if scim_user.display_name:
        document["displayName"] = scim_user.display_name
    if scim_user.work_email:
        document["emails"] = [{"value": scim_user.work_email, "type": "work", "primary": True}]
    document["active"] = scim_user.active
    if scim_user.department:
        document["schemas"].append(ENTERPRISE_SCHEMA)
        document[ENTERPRISE_SCHEMA] = {"department": scim_user.department}
    document["meta"] = {
        "resourceType": "User",
        "created": scim_user.created_at.isoformat(),
        "lastModified": scim_user.updated_at.isoformat(),
        "location": f"{base}/Users/{scim_user.public_id}",
    }
    return document
