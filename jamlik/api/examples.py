"""Request and response examples for the OpenAPI document, made from the schemas themselves.

A schema (or one of its fields) that carries ``examples`` (``Field(examples=[...])``) gives its
own; otherwise a value is made from the type, the format, the limits and, for a few common field
names, a plausible Swedish value. Every example is valid against its schema (the linter checks
them), so an integrator can copy one as a starting point. The reference page shows them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Json = Mapping[str, Any]

JSON_TYPES = ("application/json", "application/problem+json")

BY_FORMAT = {
    "uuid": "8c1f3a52-6d0e-4b7a-9f21-3e5d7c9a0b14",
    "date": "2027-03-01",
    "date-time": "2027-03-01T09:30:00+01:00",
    "email": "anna.svensson@example.se",
    "uri": "https://jamlik.example.se/",
}
BY_NAME = {  # "Schema.field" before "field"
    "OrganisationOut.name": "Säters kommun",
    "OrganisationOut.parent": "dalarnas-lan",
    "org_number": "212000-2171",
    "municipality_code": "2082",
    "county_code": "20",
    "email": "anna.svensson@example.se",
    "contact_email": "anna.svensson@example.se",
    "name": "Anna Svensson",
    "contact_name": "Anna Svensson",
    "title": "Jämställd rekrytering",
    "title_sv": "Jämställd rekrytering",
    "title_en": "Gender-equal recruitment",
    "round_title": "Uppföljning 2027",
    "summary": "En kort introduktion för nya medarbetare.",
    "description": "En kort introduktion för nya medarbetare.",
    "description_en": "A short introduction for new staff.",
    "source_note": "Personalregistret 1 mars",
    "OrganisationOut.slug": "sater",
    "slug": "jamstalld-rekrytering",
    "reason": "Två personer slutade före frysdagen.",
    "organisation": "sater",
    "organisation_name": "Säters kommun",
    "unit": "Socialtjänsten",
    "county": "Dalarnas län",
    "city": "Falun",
    "place": "Falun",
    "language": "sv",
    "url": "https://jamlik.example.se/",
    "message": "Anmälan är bekräftad.",
    "detail": "Se felen för varje fält.",
    "column": "E-postadress",
    "submitted_at": "2027-03-01T09:30:00+01:00",
    "published_at": "2027-03-01T09:30:00+01:00",
    "completed_at": "2027-03-01T09:30:00+01:00",
    "expires_at": "2029-03-01T09:30:00+01:00",
}


def example_of(schema: Json, components: Json, name: str = "", within: frozenset[str] = frozenset()) -> Any:
    """A value valid against ``schema`` (``name`` is the field's, for a friendlier string).

    ``within`` holds the schemas being filled in: a schema inside itself gets no example."""
    if "$ref" in schema:
        ref = str(schema["$ref"]).rsplit("/", 1)[-1]
        if ref in within:
            return None
        return example_of(components.get(ref, {}), components, name, within | {ref})
    for key in ("example", "const"):
        if key in schema:
            return schema[key]
    if schema.get("examples"):
        return schema["examples"][0]
    if schema.get("default") not in (None, ""):  # an empty default reads as nothing to copy
        return schema["default"]
    if schema.get("enum"):
        return schema["enum"][0]
    for combinator in ("anyOf", "oneOf"):
        if combinator in schema:
            branches = [b for b in schema[combinator] if b.get("type") != "null"] or schema[combinator]
            return example_of(branches[0], components, name, within)
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = example_of(part, components, name, within)
            if isinstance(value, dict):
                merged.update(value)
        return merged
    kind = schema.get("type", "object" if "properties" in schema else None)
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        properties = schema.get("properties", {})
        owner = str(schema.get("title", ""))
        return {
            key: example_of(spec, components, f"{owner}.{key}" if f"{owner}.{key}" in BY_NAME else key, within)
            for key, spec in properties.items()
        }
    if kind == "array":
        item = example_of(schema.get("items", {}), components, name, within)
        return [item] * max(1, int(schema.get("minItems", 1)))
    if kind in ("integer", "number"):
        return number_in(schema)
    if kind == "boolean":
        return True
    if kind == "string":
        return string_for(schema, name)
    return None


def number_in(schema: Json) -> int:
    low = schema.get("minimum", schema.get("exclusiveMinimum", 0) + 1 if "exclusiveMinimum" in schema else 1)
    high = schema.get("maximum", schema.get("exclusiveMaximum", low + 2) - 1)
    return int(max(low, min(1, high)))


def string_for(schema: Json, name: str) -> str:
    bare = name.removesuffix("_sv").removesuffix("_en")
    value = BY_FORMAT.get(str(schema.get("format", ""))) or BY_NAME.get(name) or BY_NAME.get(bare)
    if value is None and schema.get("pattern") == r"^\d{4}-\d{2}-\d{2}$":
        value = BY_FORMAT["date"]
    if value is None:
        value = "text"
    low, high = int(schema.get("minLength", 0)), int(schema.get("maxLength", len(value)))
    return (value + "x" * low)[: max(low, min(high, len(value)))]


def add_examples(document: dict[str, Any]) -> None:
    """An example on every JSON request and response body that has none yet."""
    components = document.get("components", {}).get("schemas", {})
    for methods in document.get("paths", {}).values():
        for details in methods.values():
            bodies = [details.get("requestBody", {}), *details.get("responses", {}).values()]
            for body in bodies:
                for media_type, media in body.get("content", {}).items():
                    if media_type in JSON_TYPES and "schema" in media and "example" not in media:
                        media["example"] = example_of(media["schema"], components)
