"""The reference page at /api/v1/docs: a page of the site, made from the OpenAPI document."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from jamlik.api.api import api
from jamlik.api.reference import build_reference


@pytest.mark.django_db
def test_the_reference_page_speaks_the_language_the_visitor_chose(client: Client) -> None:
    """A page follows the language cookie, as every page does; the API's operations follow Accept-Language."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/api/v1/docs", HTTP_ACCEPT_LANGUAGE="sv")
    assert page.status_code == 200
    assert '<html lang="en"' in page.content.decode()
    assert page["Content-Language"] == "en"
    operation = client.get("/api/v1/organisations/nobody", HTTP_ACCEPT_LANGUAGE="sv")
    assert operation["Content-Language"] == "sv"


@pytest.mark.django_db
def test_each_operation_shows_its_examples_and_links_its_errors(client: Client) -> None:
    html = client.get("/api/v1/docs").content.decode()
    assert 'id="first-integration"' in html
    assert 'id="problem-404"' in html
    assert 'href="#problem-401"' in html
    assert "&quot;count&quot;: 1" in html  # a list's example answer


def test_the_reference_groups_operations_by_tag_with_their_description() -> None:
    document: Any = api.get_openapi_schema()
    reference = build_reference(document)
    described = {tag["name"]: tag["description"] for tag in document["tags"]}
    assert [section.tag for section in reference.sections] == list(described)
    assert all(str(section.description) for section in reference.sections)
    members = next(op for s in reference.sections for op in s.operations if op.anchor == "listMembers")
    assert [r.status for r in members.responses] == ["200"]  # its own; the shared errors are listed once
    assert {"401", "403", "404", "429", "500", "503"} <= {r.status for r in members.problems}
