"""The SCIM 2.0 service provider at /scim/v2/ (RFC 7644): Users, Groups and the discovery documents.

Everything is scoped to the organisation of the caller's token: a resource of another
organisation answers 404 exactly as a missing one does.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from jamlik.identity.scim import actions, groups, users
from jamlik.identity.scim.discovery import list_response, resource_types, schemas, service_provider_config
from jamlik.identity.scim.errors import ScimError, scim_response
from jamlik.identity.scim.filters import CORE_GROUP, CORE_USER, parse_filter, to_q
from jamlik.identity.scim.models import ScimGroup, ScimUser
from jamlik.identity.scim.protocol import (
    Caller,
    Listing,
    listing,
    patch_operations,
    project,
    projection,
    read_json,
    scim_endpoint,
    search_listing,
)
from jamlik.lib.site import absolute


def _missing() -> ScimError:
    return ScimError(404, _("No such resource here."))


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise _missing() from None


def _users(caller: Caller) -> QuerySet[ScimUser]:
    return ScimUser.objects.filter(organisation=caller.organisation).select_related("membership")


def get_user(caller: Caller, public_id: str) -> ScimUser:
    found = _users(caller).filter(public_id=_uuid(public_id)).first()
    if found is None:
        raise _missing()
    return found


def get_group(caller: Caller, public_id: str) -> ScimGroup:
    found = (
        ScimGroup.objects.filter(organisation=caller.organisation, unit__public_id=_uuid(public_id))
        .select_related("unit")
        .first()
    )
    if found is None:
        raise _missing()
    return found


def _user_answer(request: HttpRequest, caller: Caller, scim_user: ScimUser, status: int = 200) -> HttpResponse:
    scim_user = get_user(caller, str(scim_user.public_id))  # read back: the membership as it is now
    document = project(users.user_document(scim_user, caller.base), *projection(request))
    headers = {"Location": document["meta"]["location"]} if status == 201 else {}
    return scim_response(document, status, **headers)


# --- Users ------------------------------------------------------------------------------------


def list_users(request: HttpRequest, caller: Caller) -> HttpResponse:
    return _list_users(caller, listing(request))


def search_users(request: HttpRequest, caller: Caller) -> HttpResponse:
    return _list_users(caller, search_listing(read_json(request)))


def _list_users(caller: Caller, params: Listing) -> HttpResponse:
    rows = _users(caller)
    if params.filter:
        rows = rows.filter(to_q(parse_filter(params.filter, CORE_USER), users.resolve_filter))
    total = rows.count()
    page = list(rows.order_by("created_at", "pk")[params.start - 1 : params.start - 1 + params.count])
    documents = [project(users.user_document(u, caller.base), params.attributes, params.excluded) for u in page]
    return scim_response(list_response(documents, total, params.start))


def create_user(request: HttpRequest, caller: Caller) -> HttpResponse:
    fields = users.from_document(read_json(request))
    return _user_answer(request, caller, actions.create_user(caller.organisation, fields), 201)


def read_user(request: HttpRequest, caller: Caller, public_id: str) -> HttpResponse:
    return _user_answer(request, caller, get_user(caller, public_id))


def replace_user(request: HttpRequest, caller: Caller, public_id: str) -> HttpResponse:
    scim_user = get_user(caller, public_id)
    fields = users.from_document(read_json(request), keep=users.fields_of(scim_user))
    return _user_answer(request, caller, actions.update_user(scim_user, fields))


def patch_user(request: HttpRequest, caller: Caller, public_id: str) -> HttpResponse:
    scim_user = get_user(caller, public_id)
    fields = users.apply_patch(users.fields_of(scim_user), patch_operations(read_json(request)))
    return _user_answer(request, caller, actions.update_user(scim_user, fields))


def delete_user(request: HttpRequest, caller: Caller, public_id: str) -> HttpResponse:
    actions.delete_user(get_user(caller, public_id))
    return HttpResponse(status=204)


# --- Groups -----------------------------------------------------------------------------------


def _group_documents(
    caller: Caller, found: list[ScimGroup], attributes: frozenset[str], excluded: frozenset[str]
) -> list[dict[str, Any]]:
    """Documents for several groups; their members come from one query, and none when excluded."""
    wants_members = "members" not in excluded and (not attributes or "members" in attributes)
    members: dict[int, list[str]] = {group.unit_id: [] for group in found}
    if wants_members and found:
        rows = (
            ScimUser.objects.filter(
                organisation=caller.organisation,
                membership__valid_to__isnull=True,
                membership__unit__in=list(members),
            )
            .order_by("pk")
            .values_list("membership__unit_id", "public_id")
        )
        for unit_id, public_id in rows:
            members[unit_id].append(str(public_id))
    return [
        project(
            groups.group_document(group, members[group.unit_id] if wants_members else None, caller.base),
            attributes,
            excluded,
        )
        for group in found
    ]


def _group_answer(request: HttpRequest, caller: Caller, group: ScimGroup, status: int = 200) -> HttpResponse:
    group = get_group(caller, str(group.unit.public_id))
    document = _group_documents(caller, [group], *projection(request))[0]
    headers = {"Location": document["meta"]["location"]} if status == 201 else {}
    return scim_response(document, status, **headers)


def list_groups(request: HttpRequest, caller: Caller) -> HttpResponse:
    return _list_groups(caller, listing(request))


def search_groups(request: HttpRequest, caller: Caller) -> HttpResponse:
    return _list_groups(caller, search_listing(read_json(request)))


def _list_groups(caller: Caller, params: Listing) -> HttpResponse:
    rows = ScimGroup.objects.filter(organisation=caller.organisation).select_related("unit")
    if params.filter:
        rows = rows.filter(to_q(parse_filter(params.filter, CORE_GROUP), groups.resolve_filter)).distinct()
    total = rows.count()
    page = list(rows.order_by("created_at", "pk")[params.start - 1 : params.start - 1 + params.count])
    documents = _group_documents(caller, page, params.attributes, params.excluded)
    return scim_response(list_response(documents, total, params.start))


def create_group(request: HttpRequest, caller: Caller) -> HttpResponse:
    state = groups.from_document(read_json(request))
    return _group_answer(request, caller, actions.create_group(caller.organisation, state), 201)


def read_group(request: HttpRequest, caller: Caller, public_id: str) -> HttpResponse:
    return _group_answer(request, caller, get_group(caller, public_id))


def replace_group(request: HttpRequest, caller: Caller, public_id: str) -> HttpResponse:
    group = get_group(caller, public_id)
    state = groups.from_document(read_json(request))
    return _group_answer(request, caller, actions.update_group(group, state))


def patch_group(request: HttpRequest, caller: Caller, public_id: str) -> HttpResponse:
    group = get_group(caller, public_id)
    state = groups.apply_patch(actions.state_of(group), patch_operations(read_json(request)))
    return _group_answer(request, caller, actions.update_group(group, state))


def delete_group(request: HttpRequest, caller: Caller, public_id: str) -> HttpResponse:
    actions.delete_group(get_group(caller, public_id))
    return HttpResponse(status=204)


# --- Discovery --------------------------------------------------------------------------------


def _documentation() -> str:
    return absolute(reverse("scim:root"))


def provider_config(request: HttpRequest, caller: Caller) -> HttpResponse:
    return scim_response(service_provider_config(caller.base, _documentation()))


def _one_of(found: list[dict[str, Any]], wanted: str) -> HttpResponse:
    for document in found:
        if document["id"].lower() == wanted.lower():
            return scim_response(document)
    raise _missing()


def list_schemas(request: HttpRequest, caller: Caller) -> HttpResponse:
    found = schemas(caller.base)
    return scim_response(list_response(found, len(found), 1))


def read_schema(request: HttpRequest, caller: Caller, schema_id: str) -> HttpResponse:
    return _one_of(schemas(caller.base), schema_id)


def list_resource_types(request: HttpRequest, caller: Caller) -> HttpResponse:
    found = resource_types(caller.base)
    return scim_response(list_response(found, len(found), 1))


def read_resource_type(request: HttpRequest, caller: Caller, type_id: str) -> HttpResponse:
    return _one_of(resource_types(caller.base), type_id)


users_endpoint = scim_endpoint({"GET": list_users, "POST": create_user})
user_endpoint = scim_endpoint({"GET": read_user, "PUT": replace_user, "PATCH": patch_user, "DELETE": delete_user})
groups_endpoint = scim_endpoint({"GET": list_groups, "POST": create_group})
users_search_endpoint = scim_endpoint({"POST": search_users})
groups_search_endpoint = scim_endpoint({"POST": search_groups})
group_endpoint = scim_endpoint({"GET": read_group, "PUT": replace_group, "PATCH": patch_group, "DELETE": delete_group})
provider_config_endpoint = scim_endpoint({"GET": provider_config})
schemas_endpoint = scim_endpoint({"GET": list_schemas})
schema_endpoint = scim_endpoint({"GET": read_schema})
resource_types_endpoint = scim_endpoint({"GET": list_resource_types})
resource_type_endpoint = scim_endpoint({"GET": read_resource_type})
