"""What the service provider tells about itself (RFC 7643 §5 to §7): configuration, resource types, schemas.

The schemas list only the attributes Jämlik keeps, so a client (or a compliance checker) that
reads them knows exactly what comes back; the others are accepted and dropped (users.py).
"""

from __future__ import annotations

from typing import Any

from jamlik.identity.scim.groups import GROUP_SCHEMA
from jamlik.identity.scim.users import ENTERPRISE_SCHEMA, USER_SCHEMA

LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
MAX_RESULTS = 500
MAX_BODY_BYTES = 1_000_000


def _attr(name: str, kind: str = "string", **options: Any) -> dict[str, Any]:
    attribute: dict[str, Any] = {
        "name": name,
        "type": kind,
        "multiValued": False,
        "description": "",
        "required": False,
        "mutability": "readWrite",
        "returned": "default",
        "uniqueness": "none",
    }
    if kind in ("string", "reference"):
        attribute["caseExact"] = False
    attribute.update(options)
    return attribute


USER_ATTRIBUTES = [
    _attr("userName", required=True, uniqueness="server",
          description="The person's email address, or an identifier when the work address is sent in emails."),
    _attr("name", "complex", description="The person's name.", subAttributes=[
        _attr("familyName", description="Family name."),
        _attr("givenName", description="Given name."),
    ]),
    _attr("displayName", description="The name shown; taken as the person's name when given."),
    # Required: Jämlik knows people by address. (A userName that is an address would do, but a
    # schema cannot say "one of the two", and a client reading it should send one.)
    _attr("emails", "complex", multiValued=True, required=True, description="The work address is kept.", subAttributes=[
        _attr("value", required=True, description="The work email address."),
        _attr("type", canonicalValues=["work"], description="Always work."),
        _attr("primary", "boolean", description="Always true."),
    ]),
    _attr("active", "boolean", description="False ends the person's membership of the organisation."),
]  # fmt: skip
ENTERPRISE_ATTRIBUTES = [
    _attr("department", description="The unit the person belongs to; created when it does not exist."),
]
GROUP_ATTRIBUTES = [
    _attr("displayName", required=True, uniqueness="server", description="The unit's name."),
    _attr("members", "complex", multiValued=True, description="Provisioned users whose unit this is.", subAttributes=[
        _attr("value", mutability="immutable", caseExact=True, description="The user's id."),
        _attr("$ref", "reference", mutability="immutable", referenceTypes=["User"], description="The user's address."),
    ]),
]  # fmt: skip


def _meta(base: str, resource_type: str, path: str) -> dict[str, str]:
    return {"resourceType": resource_type, "location": f"{base}/{path}"}


def schemas(base: str) -> list[dict[str, Any]]:
    found = [
        (USER_SCHEMA, "User", "A person who takes part in the organisation's training.", USER_ATTRIBUTES),
        (ENTERPRISE_SCHEMA, "EnterpriseUser", "The department, which names the person's unit.", ENTERPRISE_ATTRIBUTES),
        (GROUP_SCHEMA, "Group", "A unit of the organisation.", GROUP_ATTRIBUTES),
    ]
    return [
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
            "id": urn,
            "name": name,
            "description": description,
            "attributes": attributes,
            "meta": _meta(base, "Schema", f"Schemas/{urn}"),
        }
        for urn, name, description, attributes in found
    ]


def resource_types(base: str) -> list[dict[str, Any]]:
    kind = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
    return [
        {
            "schemas": [kind],
            "id": "User",
            "name": "User",
            "endpoint": "/Users",
            "description": "People provisioned into the organisation.",
            "schema": USER_SCHEMA,
            "schemaExtensions": [{"schema": ENTERPRISE_SCHEMA, "required": False}],
            "meta": _meta(base, "ResourceType", "ResourceTypes/User"),
        },
        {
            "schemas": [kind],
            "id": "Group",
            "name": "Group",
            "endpoint": "/Groups",
            "description": "Units of the organisation.",
            "schema": GROUP_SCHEMA,
            "schemaExtensions": [],
            "meta": _meta(base, "ResourceType", "ResourceTypes/Group"),
        },
    ]


def service_provider_config(base: str, documentation: str) -> dict[str, Any]:
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "documentationUri": documentation,
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": MAX_BODY_BYTES},
        "filter": {"supported": True, "maxResults": MAX_RESULTS},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": False},
        "authenticationSchemes": [
            {
                "type": "oauthbearertoken",
                "name": "Bearer token",
                "description": "A token a coordinator creates on the organisation's SCIM page.",
                "primary": True,
            }
        ],
        "meta": _meta(base, "ServiceProviderConfig", "ServiceProviderConfig"),
    }


def list_response(resources: list[dict[str, Any]], total: int, start: int) -> dict[str, Any]:
    return {
        "schemas": [LIST_SCHEMA],
        "totalResults": total,
        "startIndex": start,
        "itemsPerPage": len(resources),
        "Resources": resources,
    }
