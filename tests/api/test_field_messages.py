"""Problems speak the caller's language (Accept-Language), field messages included, and name it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from ninja import Router

from jamlik.api.api import api
from jamlik.lib.api.messages import field_message, known_types
from jamlik.people.models import Organisation, User
from tests.api.helpers import assert_problem, bearer

# The error types each kind of pydantic core schema can produce (pydantic_core's ErrorType).
CONSTRAINTS = {
    "gt": "greater_than",
    "ge": "greater_than_equal",
    "lt": "less_than",
    "le": "less_than_equal",
    "multiple_of": "multiple_of",
    "min_length": "too_short",
    "max_length": "too_long",
    "max_digits": "decimal_max_digits",
    "decimal_places": "decimal_max_places",
}
TYPES_OF_KIND = {
    "int": {"int_type", "int_parsing", "int_from_float", "int_parsing_size"},
    "float": {"float_type", "float_parsing", "finite_number"},
    "decimal": {"decimal_type", "decimal_parsing", "decimal_whole_digits", "finite_number"},
    "str": {"string_type", "string_unicode", "string_pattern_mismatch"},
    "bool": {"bool_type", "bool_parsing"},
    "uuid": {"uuid_type", "uuid_parsing", "uuid_version"},
    "date": {"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"},
    "datetime": {"datetime_type", "datetime_parsing", "datetime_from_date_parsing", "datetime_object_invalid"},
    "time": {"time_type", "time_parsing"},
    "list": {"list_type"},
    "set": {"set_type"},
    "tuple": {"tuple_type"},
    "dict": {"dict_type"},
    "enum": {"enum"},
    "literal": {"literal_error"},
    "model": {"model_type", "model_attributes_type"},
    "model-fields": {"missing", "extra_forbidden", "model_attributes_type"},
    "function-before": {"value_error", "assertion_error"},
    "function-after": {"value_error", "assertion_error"},
    "function-plain": {"value_error", "assertion_error"},
    "function-wrap": {"value_error", "assertion_error"},
    "url": {"url_type", "url_parsing", "url_syntax_violation", "url_too_long", "url_scheme"},
    "none": {"none_required"},
}
# Kinds that only hold others (their errors are their parts').
STRUCTURAL = {
    "default",
    "nullable",
    "union",
    "model-field",
    "with-info",
    "no-info",
    "definitions",
    "definition-ref",
    "any",
}


def _routers(router: Router) -> Iterator[Router]:
    yield router
    for entry in router._routers:  # (prefix, router[, tags])
        yield from _routers(entry[1])


def _input_schemas() -> Iterator[Any]:
    for entry in api._routers:
        for router in _routers(entry[1]):
            for path_view in router.path_operations.values():
                for operation in path_view.operations:
                    for model in operation.models:
                        yield model.__pydantic_core_schema__


def _possible_types(node: Any, found: set[str], unknown: set[str]) -> None:
    if isinstance(node, dict):
        kind = node.get("type")
        if isinstance(kind, str) and ("schema" in node or kind in TYPES_OF_KIND or kind in STRUCTURAL):
            if kind in TYPES_OF_KIND:
                found |= TYPES_OF_KIND[kind]
                if kind == "str":
                    found |= {
                        "string_too_short" if c == "min_length" else "string_too_long"
                        for c in node
                        if c in ("min_length", "max_length")
                    }
                    found |= {
                        CONSTRAINTS[c] for c in node if c in CONSTRAINTS and c not in ("min_length", "max_length")
                    }
                else:
                    found |= {CONSTRAINTS[c] for c in node if c in CONSTRAINTS}
            elif kind not in STRUCTURAL:
                unknown.add(kind)
        for value in node.values():
            _possible_types(value, found, unknown)
    elif isinstance(node, list | tuple):
        for value in node:
            _possible_types(value, found, unknown)


def test_every_error_our_input_schemas_can_produce_has_a_message_of_ours() -> None:
    found: set[str] = set()
    unknown: set[str] = set()
    for schema in _input_schemas():
        _possible_types(schema, found, unknown)
    assert unknown == set(), "new kinds of schema: list their error types in TYPES_OF_KIND and in messages.py"
    assert {"missing", "extra_forbidden", "uuid_parsing", "string_too_long"} <= found  # the walk found schemas
    assert sorted(found - known_types()) == []


SAMPLE_CONTEXT = {
    "gt": 0, "ge": 1, "lt": 10, "le": 500, "multiple_of": 5, "min_length": 2, "max_length": 3,
    "max_digits": 4, "decimal_places": 2, "whole_digits": 2, "pattern": "^a", "expected": "'a', 'b' or 'c'",
    "expected_schemes": "'https'", "error": "own",
}  # fmt: skip


@pytest.mark.parametrize("error_type", sorted(known_types() - {"value_error", "assertion_error"}))
def test_each_message_is_written_in_swedish_too(error_type: str) -> None:
    error = {"type": error_type, "ctx": SAMPLE_CONTEXT}
    with translation.override("en"):
        english = field_message(error)
    with translation.override("sv"):
        swedish = field_message(error)
    assert english and swedish and english != swedish
    assert "%(" not in english + swedish


def test_the_allowed_values_are_listed_in_the_language() -> None:
    error = {"type": "literal_error", "ctx": {"expected": "'draft', 'open' or 'closed'"}}
    with translation.override("sv"):
        assert field_message(error) == "Måste vara ett av: 'draft', 'open', 'closed'."
    with translation.override("en"):
        assert field_message(error) == "Must be one of: 'draft', 'open', 'closed'."


@pytest.fixture
def invalid_headcount(client: Client, coordinator_a: User, org_a: Organisation) -> Any:
    auth = bearer(coordinator_a)

    def send(language: str) -> Any:
        return client.post(
            f"/api/v1/organisations/{org_a.public_id}/headcount",
            {"headcount": "many", "source_note": "x" * 600},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE=language,
            **auth,
        )

    return send


@pytest.mark.django_db
def test_a_422_is_told_in_swedish_when_asked(invalid_headcount: Any) -> None:
    response = invalid_headcount("sv-SE,sv;q=0.9,en;q=0.5")
    body = assert_problem(response, 422)
    assert response["Content-Language"] == "sv"
    assert "Accept-Language" in response["Vary"]
    assert body["title"] == "Anropet är inte giltigt."
    assert body["errors"]["headcount"] == ["Skriv ett heltal."]
    assert body["errors"]["as_of"] == ["Fältet måste fyllas i."]
    assert body["errors"]["source_note"] == ["Skriv högst 300 tecken."]


@pytest.mark.django_db
def test_a_422_is_told_in_english_when_asked(invalid_headcount: Any) -> None:
    response = invalid_headcount("en-GB,en;q=0.8")
    body = assert_problem(response, 422)
    assert response["Content-Language"] == "en"
    assert body["title"] == "The request is not valid."
    assert body["errors"]["headcount"] == ["Write a whole number."]
    assert body["errors"]["as_of"] == ["This field is required."]
    assert body["errors"]["source_note"] == ["Write at most 300 characters."]


@pytest.mark.django_db
def test_without_accept_language_the_api_speaks_swedish_whatever_the_cookie(
    client: Client, coordinator_a: User
) -> None:
    client.cookies["django_language"] = "en"
    response = client.get("/api/v1/no-such-thing")
    assert response["Content-Language"] == "sv"
    assert response.json()["title"] == "Hittades inte."
    assert client.get("/api/v1/news", HTTP_ACCEPT_LANGUAGE="fr, en;q=0.5")["Content-Language"] == "en"


@pytest.mark.django_db
def test_a_bound_is_named_in_the_message(client: Client) -> None:
    body = client.get("/api/v1/news?limit=501", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["errors"]["limit"] == ["Must be at most 500."]
    body = client.get("/api/v1/news?limit=0", HTTP_ACCEPT_LANGUAGE="sv").json()
    assert body["errors"]["limit"] == ["Måste vara minst 1."]
