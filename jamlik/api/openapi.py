"""The OpenAPI document: every operation with every answer it can give, built in one place.

Routers describe what is theirs (the success answers, the errors only they give). This module
adds what every operation shares, from what ninja knows about it, so no router has to repeat it:

- the problem answers (RFC 9457, ``application/problem+json``, one ``Problem`` schema): 401 and
  403 on authenticated operations, 404 where the path names something, 400 and 422 where the
  caller sends input, 429 and 500/503 everywhere; an error a router declares itself is answered
  as a problem too, so its media type becomes ``application/problem+json``;
- ``security: []`` on public operations (none at all would mean "the document's default");
- the ``Idempotency-Key`` header on every POST (``jamlik.api.idempotency``);
- readable operation ids (the view's name in camelCase, unique: building fails on a clash);
- the licence, a contact, the server (``SITE_URL``), tag descriptions and a request and response
  example on every body (``jamlik.api.examples``).

Ninja files every schema under its class name and a later one silently replaces an earlier
one, so two ``ModuleOut`` classes documented one operation with the other's fields. Building
the document fails instead, naming the clash.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from ninja import NinjaAPI
from ninja.errors import ConfigError
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from jamlik.api import examples
from jamlik.api.idempotency import IDEMPOTENCY_KEY_PARAMETER

PROBLEM_JSON = "application/problem+json"
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "description": (
        "An error, as RFC 9457 problem details. `title` and the messages in `errors` are in the language "
        "the request asked for (`Accept-Language`). `type` is `about:blank` (the status says what kind of "
        "problem it is) or the address of a page describing the problem type."
    ),
    "properties": {
        "type": {"type": "string", "default": "about:blank", "examples": ["about:blank"]},
        "title": {"type": "string", "description": "What went wrong, in a sentence", "examples": ["Not found."]},
        "status": {"type": "integer", "minimum": 400, "maximum": 599, "examples": [404]},
        "detail": {"type": "string", "description": "What to do about it"},
        "instance": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "The messages for each field that was not accepted, by the field's name",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["type", "title", "status"],
}

PAGE_LINKS = {
    "description": 'The pages of the list (RFC 8288): `<…?limit=50&offset=50>; rel="next"`, first, prev, last',
    "schema": {"type": "string"},
}
RETRY_AFTER = {
    "description": "Seconds to wait before trying again",
    "schema": {"type": "integer", "minimum": 0},
}


def _problem_response(description: str, example: dict[str, Any], **headers: Any) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {PROBLEM_JSON: {"schema": PROBLEM_REF, "example": {"type": "about:blank", **example}}},
    }
    if headers:
        response["headers"] = {name.replace("_", "-"): header for name, header in headers.items()}
    return response


# (status, component name, response): the answers operations share.
SHARED_RESPONSES: dict[int, tuple[str, dict[str, Any]]] = {
    400: (
        "BadRequest",
        _problem_response(
            "The request cannot be read (not JSON, a NUL character, a malformed form)",
            {"title": "The request cannot be read.", "status": 400, "detail": "The body is not valid JSON."},
        ),
    ),
    401: (
        "Unauthenticated",
        _problem_response(
            "No valid token or session",
            {"title": "Sign-in required.", "status": 401},
            WWW_Authenticate={"description": "`Bearer`", "schema": {"type": "string"}},
        ),
    ),
    403: ("Forbidden", _problem_response("Not allowed for you", {"title": "You may not do this.", "status": 403})),
    404: (
        "NotFound",
        _problem_response(
            "Nothing by that id (in the path or the request), or nothing of yours",
            {"title": "Not found.", "status": 404},
        ),
    ),
    413: (
        "TooLarge",
        _problem_response(
            "The body is larger than the server takes", {"title": "The request is too large.", "status": 413}
        ),
    ),
    422: (
        "Invalid",
        _problem_response(
            "Input not accepted; `errors` names each field",
            {
                "title": "The request is not valid.",
                "status": 422,
                "detail": "See errors for each field.",
                "errors": {"limit": ["Input should be greater than or equal to 1"]},
            },
        ),
    ),
    429: (
        "TooManyRequests",
        _problem_response(
            "Too many requests from this client for now",
            {"title": "Too many requests.", "status": 429},
            Retry_After=RETRY_AFTER,
        ),
    ),
    500: (
        "ServerError",
        _problem_response("Something went wrong on our side", {"title": "Something went wrong.", "status": 500}),
    ),
    503: (
        "Unavailable",
        _problem_response(
            "The service (its database) is away for a moment",
            {"title": "The service is unavailable for a moment.", "status": 503},
            Retry_After=RETRY_AFTER,
        ),
    ),
}


def shared_statuses(details: dict[str, Any]) -> list[int]:
    """The problem answers an operation can give besides its own, from what it takes."""
    statuses = [429, 500, 503]
    parameters = details.get("parameters") or []
    if details.get("security"):
        statuses += [401, 403]
    if names_something(details):
        statuses.append(404)
    if parameters or "requestBody" in details:
        statuses += [400, 422]
    if "requestBody" in details or any(p.get("name") == "Idempotency-Key" for p in parameters):
        statuses.append(413)  # a body past DATA_UPLOAD_MAX_MEMORY_SIZE (the key's check reads it too)
    return sorted(statuses)


def names_something(details: dict[str, Any]) -> bool:
    """Whether the request can name a thing that is missing or another organisation's (answered 404
    alike): an id in the path, a body (its references), a required query parameter or one that takes an id."""
    if "requestBody" in details:
        return True
    for parameter in details.get("parameters") or []:
        schema = parameter.get("schema", {})
        branches = [schema, *schema.get("anyOf", [])]
        if parameter.get("in") == "path" or parameter.get("required"):
            return True
        if any(branch.get("format") == "uuid" for branch in branches):
            return True
    return False


def camel_case(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


class JamlikDocument(OpenAPISchema):
    api: JamlikAPI

    def __init__(self, api: JamlikAPI, path_prefix: str) -> None:
        self.operation_views: dict[str, Any] = {}
        super().__init__(api, path_prefix)
        components = self["components"]
        components["schemas"]["Problem"] = PROBLEM_SCHEMA
        self.drop_unused_schemas()
        components["responses"] = dict(SHARED_RESPONSES.values())
        for name, scheme in components.get("securitySchemes", {}).items():
            if name in api.security_descriptions:
                scheme.setdefault("description", api.security_descriptions[name])
        self["info"].setdefault("license", {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"})
        self["info"].setdefault("contact", {"name": "Jämlik", "url": f"{settings.SITE_URL}/"})
        self["servers"] = [{"url": settings.SITE_URL, "description": "This installation"}]
        self["tags"] = [{"name": tag, "description": api.tag_descriptions.get(tag, "")} for tag in self.tags_in_use()]
        examples.add_examples(self)

    def drop_unused_schemas(self) -> None:
        """Ninja files the schemas of query parameters too, though it spells their fields out."""
        schemas = self["components"]["schemas"]
        used: set[str] = set()
        pending = refs_in(self["paths"])
        while pending:
            name = pending.pop()
            if name not in used and name in schemas:
                used.add(name)
                pending.extend(refs_in(schemas[name]))
        for name in [name for name in schemas if name not in used and name != "Problem"]:
            del schemas[name]

    def tags_in_use(self) -> list[str]:
        found: list[str] = []
        for methods in self["paths"].values():
            for details in methods.values():
                found.extend(tag for tag in details.get("tags", []) if tag not in found)
        return found

    def operation_details(self, operation: Operation) -> dict[str, Any]:
        details: dict[str, Any] = super().operation_details(operation)
        op_id = details["operationId"]
        other = self.operation_views.setdefault(op_id, operation.view_func)
        if other is not operation.view_func:
            raise ConfigError(
                f"Two API operations have the id {op_id!r} ({other.__module__}.{other.__qualname__} and "
                f"{operation.view_func.__module__}.{operation.view_func.__qualname__}); "
                "rename one view or give it operation_id=."
            )
        details.setdefault("security", [])
        responses = details["responses"]
        for status, response in responses.items():
            if int(status) >= 400:
                self.answer_as_problem(response, int(status) in shared_statuses(details))
            elif self.is_page(response):
                response.setdefault("headers", {})["Link"] = PAGE_LINKS
        for status in shared_statuses(details):
            if status not in responses and str(status) not in responses:
                responses[status] = {"$ref": f"#/components/responses/{SHARED_RESPONSES[status][0]}"}
        return details

    def operation_parameters(self, operation: Operation) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().operation_parameters(operation)
        if "POST" in operation.methods:  # handled for every POST by jamlik.api.idempotency
            parameters.append(IDEMPOTENCY_KEY_PARAMETER)
        return parameters

    def is_page(self, response: dict[str, Any]) -> bool:
        """A list answer, ``{items, count}`` (``paginate``): its pages are linked in ``Link``."""
        for media in (response.get("content") or {}).values():
            ref = str(media.get("schema", {}).get("$ref", "")).rsplit("/", 1)[-1]
            if set(self.schemas.get(ref, {}).get("properties", {})) == {"items", "count"}:
                return True
        return False

    @staticmethod
    def answer_as_problem(response: dict[str, Any], shared: bool) -> None:
        """A router's own error answer is a problem document; where the shared answer can come too
        (a 422 from the parameters' validation), the schema allows either."""
        content = response.get("content") or {}
        schema = next((media["schema"] for media in content.values() if "schema" in media), PROBLEM_REF)
        if shared and schema != PROBLEM_REF:
            schema = {"anyOf": [schema, PROBLEM_REF]}
        response["content"] = {PROBLEM_JSON: {"schema": schema}}

    def add_schema_definitions(self, definitions: dict[str, Any]) -> None:
        for name, definition in definitions.items():
            if name in self.schemas and self.schemas[name] != definition:
                raise ConfigError(f"Two different API schemas are named {name!r}; rename one of the classes.")
            if name == "Problem":
                raise ConfigError("The schema name 'Problem' is the document's own; rename the class.")
        super().add_schema_definitions(definitions)


def refs_in(value: object) -> list[str]:
    """The names of the schemas ``value`` refers to (``#/components/schemas/…``)."""
    if isinstance(value, dict):
        ref = str(value.get("$ref", ""))
        found = [ref.rsplit("/", 1)[-1]] if ref.startswith("#/components/schemas/") else []
        for item in value.values():
            found.extend(refs_in(item))
        return found
    if isinstance(value, list):
        return [name for item in value for name in refs_in(item)]
    return []


class JamlikAPI(NinjaAPI):
    def __init__(
        self,
        *args: Any,
        tag_descriptions: dict[str, str] | None = None,
        security_descriptions: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        self.tag_descriptions = tag_descriptions or {}
        self.security_descriptions = security_descriptions or {}
        super().__init__(*args, **kwargs)

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return JamlikDocument(api=self, path_prefix=path_prefix)

    def get_openapi_operation_id(self, operation: Operation) -> str:
        """``list_organisations`` → ``listOrganisations``."""
        return camel_case(re.sub(r"^_+", "", operation.view_func.__name__))
