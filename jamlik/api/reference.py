"""The API reference at ``/api/v1/docs``, built on the server from the OpenAPI document.

django-ninja's default docs page is Swagger UI, which fails WCAG 2.1 AA in its own markup
(buttons nested in buttons, unlabelled selects under "Try it out", low contrast) where no
template or stylesheet of ours can reach. This module turns the same OpenAPI document into
plain data that ``templates/ninja/swagger.html`` renders as an ordinary page: one section per
tag, one entry per operation, and every schema with its fields. The machine-readable
document stays at ``/api/v1/openapi.json`` for tools.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

Json = Mapping[str, Any]

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Field:
    """A parameter or a schema property. ``type`` is HTML: schema names link to their entry."""

    name: str
    type: SafeString
    required: bool
    description: SafeString
    location: str = ""  # "path", "query", "header" or "cookie" for parameters


@dataclass(frozen=True)
class Response:
    status: str
    description: str
    type: SafeString | None
    example: str = ""  # pretty-printed JSON
    media_type: str = ""
    shared: str = ""  # the name of the shared problem answer (``components.responses``) it is


@dataclass(frozen=True)
class Scheme:
    name: str
    description: SafeString


@dataclass(frozen=True)
class Operation:
    anchor: str
    method: str
    path: str
    summary: str
    description: SafeString
    needs_token: bool
    parameters: list[Field]
    body: SafeString | None
    responses: list[Response]
    body_example: str = ""
    body_media_type: str = ""
    problems: list[Response] = field(default_factory=list)  # the shared problem answers, listed once per page


@dataclass(frozen=True)
class Section:
    tag: str
    operations: list[Operation]
    description: SafeString = field(default_factory=SafeString)


@dataclass(frozen=True)
class SchemaEntry:
    name: str
    description: SafeString
    fields: list[Field]
    values: list[str]  # the allowed values of an enumeration


@dataclass(frozen=True)
class Reference:
    title: str
    version: str
    description: SafeString
    sections: list[Section]
    schemas: list[SchemaEntry]
    problems: list[Response] = field(default_factory=list)
    schemes: list[Scheme] = field(default_factory=list)


def schema_anchor(name: str) -> str:
    return f"schema-{name}"


def type_html(schema: Json) -> SafeString:
    """A short, readable type: ``string (date)``, ``list of OrganisationOut``, ``integer or null``."""
    if "$ref" in schema:
        name = str(schema["$ref"]).rsplit("/", 1)[-1]
        return format_html('<a href="#{}">{}</a>', schema_anchor(name), name)
    for combinator in ("anyOf", "oneOf"):
        if combinator in schema:
            return format_html_join(" or ", "{}", ((type_html(part),) for part in schema[combinator]))
    if "enum" in schema:
        return format_html("one of {}", ", ".join(str(value) for value in schema["enum"]))
    kind = str(schema.get("type", "any"))
    if kind == "array":
        return format_html("list of {}", type_html(schema.get("items", {})))
    if "format" in schema:
        return format_html("{} ({})", kind, schema["format"])
    return format_html("{}", kind)


def limits(schema: Json) -> str:
    """Constraints and defaults, in words, from the schema or the non-null branch of a union."""
    parts = []
    for branch in [schema, *schema.get("anyOf", [])]:
        for key, label in (
            ("minimum", "at least"),
            ("exclusiveMinimum", "more than"),
            ("maximum", "at most"),
            ("maxLength", "at most {} characters"),
        ):
            if key in branch:
                parts.append(label.format(branch[key]) if "{}" in label else f"{label} {branch[key]}")
    if "default" in schema and schema["default"] not in ("", None):
        parts.append(f"default {schema['default']}")
    return "; ".join(parts)


def describe(schema: Json, description: str = "") -> str:
    text = description or str(schema.get("description", ""))
    extra = limits(schema)
    if text and extra:
        return f"{text.rstrip('.')}. {extra[0].upper()}{extra[1:]}."
    return text or (f"{extra[0].upper()}{extra[1:]}." if extra else "")


def body_type(content: Json) -> SafeString | None:
    for media in content.values():
        if "schema" in media:
            return type_html(media["schema"])
    return None


def example_text(content: Json) -> tuple[str, str]:
    """The first JSON example of a body, pretty-printed, and its media type."""
    for media_type, media in content.items():
        if "example" in media:
            return json.dumps(media["example"], indent=2, ensure_ascii=False), str(media_type)
    return "", next(iter(content), "")


def response(status: object, spec: Json, shared: Json) -> Response:
    name = ""
    if "$ref" in spec:
        name = str(spec["$ref"]).rsplit("/", 1)[-1]
        spec = shared.get(name, {})
    content = spec.get("content", {})
    example, media_type = example_text(content)
    return Response(
        status=str(status),
        description=str(spec.get("description", "")),
        type=body_type(content),
        example=example,
        media_type=media_type,
        shared=name,
    )


def operation(path: str, method: str, spec: Json, shared: Json | None = None) -> Operation:
    parameters = [
        Field(
            name=str(p["name"]),
            type=type_html(p.get("schema", {})),
            required=bool(p.get("required", False)),
            description=inline_code(describe(p.get("schema", {}), str(p.get("description", "")))),
            location=str(p.get("in", "")),
        )
        for p in spec.get("parameters", [])
    ]
    answers = [response(status, r, shared or {}) for status, r in spec.get("responses", {}).items()]
    body = spec.get("requestBody", {}).get("content", {})
    body_example, body_media_type = example_text(body)
    return Operation(
        anchor=str(spec.get("operationId") or f"{method}-{path}"),
        method=method.upper(),
        path=path,
        summary=str(spec.get("summary") or f"{method.upper()} {path}"),
        description=inline_code(str(spec.get("description", ""))),
        needs_token=bool(spec.get("security")),
        parameters=parameters,
        body=body_type(body),
        responses=[r for r in answers if not r.shared],
        body_example=body_example,
        body_media_type=body_media_type,
        problems=sorted((r for r in answers if r.shared), key=lambda r: r.status),
    )


def schema_entry(name: str, schema: Json) -> SchemaEntry:
    required = set(schema.get("required", []))
    fields = [
        Field(
            name=str(field), type=type_html(spec), required=field in required, description=inline_code(describe(spec))
        )
        for field, spec in schema.get("properties", {}).items()
    ]
    values = [str(value) for value in schema.get("enum", [])]
    return SchemaEntry(
        name=name, description=inline_code(str(schema.get("description", ""))), fields=fields, values=values
    )


def build_reference(document: Json) -> Reference:
    components = document.get("components", {})
    shared = components.get("responses", {})
    sections: dict[str, list[Operation]] = {}
    for path, methods in document.get("paths", {}).items():
        for method in HTTP_METHODS:
            if method in methods:
                spec = methods[method]
                tag = str((spec.get("tags") or ["other"])[0])
                sections.setdefault(tag, []).append(operation(path, method, spec, shared))
    tags = {str(t["name"]): str(t.get("description", "")) for t in document.get("tags", [])}
    schemas = [schema_entry(name, components.get("schemas", {})[name]) for name in referenced_schemas(document)]
    info = document.get("info", {})
    return Reference(
        title=str(info.get("title", "API")),
        version=str(info.get("version", "")),
        description=inline_code(str(info.get("description", ""))),
        sections=[
            Section(tag=tag, operations=ops, description=inline_code(tags.get(tag, "")))
            for tag, ops in sections.items()
        ],
        schemas=schemas,
        problems=sorted(
            (response(status_of(answer), {"$ref": name}, shared) for name, answer in shared.items()),
            key=lambda r: r.status,
        ),
        schemes=[
            Scheme(name=name, description=inline_code(str(scheme.get("description", ""))))
            for name, scheme in components.get("securitySchemes", {}).items()
        ],
    )


def status_of(answer: Json) -> str:
    """The status a shared problem answer stands for, as its example says."""
    for media in answer.get("content", {}).values():
        example = media.get("example")
        if isinstance(example, Mapping) and "status" in example:
            return str(example["status"])
    return ""


def inline_code(text: str) -> SafeString:
    """Escape ``text`` and show its `backticked` parts as code, as the descriptions are written."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unmatched backtick: show the text as it is
        return format_html("{}", text)
    return format_html_join(
        "", "{}", ((format_html("<code>{}</code>" if i % 2 else "{}", part),) for i, part in enumerate(parts))
    )


def referenced_schemas(document: Json) -> list[str]:
    """Names of the schemas the operations use, directly or through other schemas, in document order."""
    components = document.get("components", {}).get("schemas", {})
    seen: set[str] = set()
    pending = refs_in(document.get("paths", {}))
    while pending:
        name = pending.pop()
        if name not in seen and name in components:
            seen.add(name)
            pending.extend(refs_in(components[name]))
    return [name for name in components if name in seen]


def refs_in(value: object) -> list[str]:
    if isinstance(value, Mapping):
        found = [str(value["$ref"]).rsplit("/", 1)[-1]] if "$ref" in value else []
        for item in value.values():
            found.extend(refs_in(item))
        return found
    if isinstance(value, list):
        return [name for item in value for name in refs_in(item)]
    return []
