"""The OpenAPI document at /api/v1/openapi.json: every answer an operation gives, lint-clean.

Redocly CLI (the linter integrators' tools commonly use) runs with ``tests/js/redocly.yaml``
against the served document. It is installed from the committed ``tests/js/package-lock.json``
(``npm ci --prefix tests/js``, done by ``.ci/run``), beside ical.js; without it that test is
skipped, except with ``JAMLIK_REQUIRE_ICALJS=1`` (CI), where it fails the run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from ninja import Router, Schema
from ninja.errors import ConfigError

from jamlik.api.openapi import JamlikAPI

JS = Path(__file__).resolve().parent / "js"
ROOT = Path(__file__).resolve().parent.parent
METHODS = ("get", "post", "put", "patch", "delete")


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, details)
        for path, methods in document["paths"].items()
        for method, details in methods.items()
        if method in METHODS
    ]


@pytest.fixture
def document(client: Client) -> dict[str, Any]:
    body: dict[str, Any] = client.get("/api/v1/openapi.json").json()
    return body


def redocly_missing_reason() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed"
    if not (JS / "node_modules" / "@redocly" / "cli" / "package.json").exists():
        return "Redocly CLI is not installed (npm ci --prefix tests/js)"
    return None


def redocly_lint(document: dict[str, Any], folder: Path) -> dict[str, Any]:
    reason = redocly_missing_reason()
    if reason is not None:
        if os.environ.get("JAMLIK_REQUIRE_ICALJS") == "1":
            pytest.fail(f"{reason}; JAMLIK_REQUIRE_ICALJS=1 requires the tests/js checks to run", pytrace=False)
        pytest.skip(reason)
    path = folder / "openapi.json"
    path.write_text(json.dumps(document))
    node = shutil.which("node") or "node"
    done = subprocess.run(  # noqa: S603 (our own pinned tool on our own file)
        [
            node,
            str(JS / "node_modules" / "@redocly" / "cli" / "bin" / "cli.js"),
            "lint",
            "--config",
            "redocly.yaml",
            "--format=json",
            str(path),
        ],
        capture_output=True,
        text=True,
        cwd=JS,
        timeout=120,
        check=False,
        env={**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"},
    )
    assert done.stdout, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


@pytest.mark.django_db
def test_redocly_finds_no_error_and_no_warning_in_the_document(document: dict[str, Any], tmp_path: Path) -> None:
    report = redocly_lint(document, tmp_path)
    problems = [f"{p['ruleId']}: {p['message']} at {p['location'][0]['pointer']}" for p in report["problems"]]
    assert report["totals"] == {"errors": 0, "warnings": 0, "ignored": 0}, "\n".join(problems[:30])


@pytest.mark.django_db
def test_redocly_reports_what_it_should(document: dict[str, Any], tmp_path: Path) -> None:
    """The lint can fail: a tag without a description and an operation without a 4xx answer are found."""
    document["tags"][0].pop("description")
    _method, _path, details = operations(document)[0]
    details["responses"] = {key: value for key, value in details["responses"].items() if not key.startswith("4")}
    report = redocly_lint(document, tmp_path)
    assert {p["ruleId"] for p in report["problems"]} == {"tag-description", "operation-4xx-response"}


@pytest.mark.django_db
def test_every_operation_documents_the_problems_it_can_answer(document: dict[str, Any]) -> None:
    responses = document["components"]["responses"]
    for method, path, details in operations(document):
        statuses = set(details["responses"])
        label = f"{method.upper()} {path}"
        assert {"429", "500", "503"} <= statuses, label
        if details["security"]:
            assert {"401", "403"} <= statuses, label
        if "{" in path:
            assert "404" in statuses, label
        if details.get("parameters") or details.get("requestBody"):
            assert {"400", "422"} <= statuses, label
        if details.get("requestBody") or method == "post":
            assert "413" in statuses, label
        for status in statuses:
            if int(status) >= 400:
                answer = details["responses"][status]
                answer = responses[answer["$ref"].rsplit("/", 1)[-1]] if "$ref" in answer else answer
                assert list(answer["content"]) == ["application/problem+json"], f"{label} {status}"
    assert responses["Unauthenticated"]["headers"]["WWW-Authenticate"]
    listed = document["paths"]["/api/v1/organisations"]["get"]["responses"]["200"]
    assert "rel=" in listed["headers"]["Link"]["description"]
    assert responses["TooManyRequests"]["headers"]["Retry-After"]
    problem = document["components"]["schemas"]["Problem"]
    assert problem["properties"]["errors"]["additionalProperties"]["items"] == {"type": "string"}


@pytest.mark.django_db
def test_each_operation_says_who_may_call_it(document: dict[str, Any]) -> None:
    schemes = document["components"]["securitySchemes"]
    assert (schemes["BearerToken"]["type"], schemes["BearerToken"]["scheme"]) == ("http", "bearer")
    assert "Bearer" in schemes["BearerToken"]["description"]
    assert schemes["Session"]["in"] == "cookie"
    by_path = {(method, path): details["security"] for method, path, details in operations(document)}
    assert by_path[("get", "/api/v1/organisations")] == []  # public
    assert by_path[("get", "/api/v1/organisations/{organisation_id}/members")] == [{"BearerToken": []}, {"Session": []}]


@pytest.mark.django_db
def test_operation_ids_are_readable_and_unique(document: dict[str, Any]) -> None:
    ids = [details["operationId"] for _method, _path, details in operations(document)]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][A-Za-z0-9]*", op_id) for op_id in ids), ids
    assert "listOrganisations" in ids


@pytest.mark.django_db
def test_the_document_names_its_server_licence_contact_and_tags(document: dict[str, Any], settings: Any) -> None:
    assert document["servers"] == [{"url": settings.SITE_URL, "description": "This installation"}]
    licence = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]
    assert document["info"]["license"]["identifier"] == licence
    assert document["info"]["contact"]["url"].startswith(settings.SITE_URL)
    used = {tag for _method, _path, details in operations(document) for tag in details.get("tags", [])}
    assert {tag["name"] for tag in document["tags"]} == used
    assert all(tag["description"] for tag in document["tags"])


def test_building_the_document_refuses_two_operations_with_one_id() -> None:
    first, second = Router(), Router()

    class Empty(Schema):
        pass

    @first.get("/a", response=Empty)
    def list_things(request: object) -> Empty:
        return Empty()

    @second.get("/b", response=Empty)
    def list_things_too(request: object) -> Empty:
        return Empty()

    list_things_too.__name__ = "list_things"  # two views of one name, as in two apps
    clashing = JamlikAPI(urls_namespace="operation-id-clash-test")
    clashing.add_router("/first", first)
    clashing.add_router("/second", second)
    with pytest.raises(ConfigError, match="listThings"):
        clashing.get_openapi_schema(path_prefix="")


def test_building_the_document_refuses_a_schema_of_ours_named_problem() -> None:
    router = Router()

    class Problem(Schema):
        rows: list[int]

    @router.get("/a", response={200: Problem})
    def get_problem(request: object) -> Problem:
        return Problem(rows=[])

    clashing = JamlikAPI(urls_namespace="problem-name-test")
    clashing.add_router("/a", router)
    with pytest.raises(ConfigError, match="Problem"):
        clashing.get_openapi_schema(path_prefix="")


@pytest.mark.django_db
def test_a_problem_type_is_about_blank_or_a_page_of_ours_describing_it(client: Client, settings: Any) -> None:
    answers = [
        client.get("/api/v1/no-such-thing"),  # 404 from outside any operation
        client.delete("/api/v1/organisations"),  # 405
        client.get("/api/v1/organisations/sater/members"),  # 401
        client.get("/api/v1/organisations?limit=0"),  # 422
        client.post("/api/v1/credentials/check", "{", content_type="application/json"),  # 400
    ]
    types = {answer.json()["type"] for answer in answers}
    assert all(answer["Content-Type"] == "application/problem+json" for answer in answers)
    for problem_type in types - {"about:blank"}:
        assert problem_type.startswith(f"{settings.SITE_URL}/"), problem_type
        assert client.get(problem_type.removeprefix(settings.SITE_URL)).status_code == 200, problem_type


@pytest.mark.django_db
def test_a_body_too_large_gets_the_413_the_document_lists(client: Client, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    body = json.dumps({"credential": "x" * 200})
    answer = client.post("/api/v1/credentials/check", body, content_type="application/json")
    assert answer.status_code == 413
    assert answer["Content-Type"] == "application/problem+json"
    document: dict[str, Any] = client.get("/api/v1/openapi.json").json()
    assert "413" in document["paths"]["/api/v1/credentials/check"]["post"]["responses"]
