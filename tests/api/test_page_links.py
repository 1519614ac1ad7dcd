"""Every paged list links to its first, previous, next and last pages (RFC 8288 ``Link``)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from jamlik.people.models import Organisation, User
from tests.api.helpers import bearer
from tests.factories import OrganisationFactory

LINK = re.compile(r'<([^>]+)>; rel="(\w+)"')


def links(response: Any) -> dict[str, dict[str, list[str]]]:
    """rel → the query of its address (the address itself must be absolute)."""
    found = {}
    for url, rel in LINK.findall(response["Link"]):
        parts = urlsplit(url)
        assert parts.scheme == "http" and parts.netloc == "testserver", url
        found[rel] = parse_qs(parts.query)
    return found


@pytest.mark.django_db
def test_a_page_in_the_middle_links_every_way(client: Client, org_a: Organisation, org_b: Organisation) -> None:
    OrganisationFactory.create_batch(3)  # five organisations: pages of two are 0, 2, 4
    response = client.get("/api/v1/organisations?limit=2&offset=2")
    assert response.json()["count"] == 5
    found = links(response)
    assert {rel: query["offset"] for rel, query in found.items()} == {
        "first": ["0"],
        "prev": ["0"],
        "next": ["4"],
        "last": ["4"],
    }
    assert all(query["limit"] == ["2"] for query in found.values())


@pytest.mark.django_db
def test_the_filters_stay_in_the_links_and_the_first_page_has_no_prev(
    client: Client, coordinator_a: User, learner_a: User, org_a: Organisation
) -> None:
    response = client.get(f"/api/v1/organisations/{org_a.public_id}/members?limit=1", **bearer(coordinator_a))
    assert response.json()["count"] == 2
    found = links(response)
    assert set(found) == {"first", "next", "last"}
    assert found["next"]["offset"] == ["1"] and found["last"]["offset"] == ["1"]

    searched = client.get("/api/v1/organisations?q=säter&limit=10")
    found = links(searched)
    assert set(found) == {"first", "last"}  # one page: nothing before or after
    assert found["first"]["q"] == ["säter"]


@pytest.mark.django_db
def test_an_empty_list_links_to_its_only_page(client: Client) -> None:
    found = links(client.get("/api/v1/organisations"))
    assert {rel: query["offset"] for rel, query in found.items()} == {"first": ["0"], "last": ["0"]}


@pytest.mark.django_db
def test_an_error_or_a_single_resource_has_no_links(client: Client, org_a: Organisation) -> None:
    assert "Link" not in client.get(f"/api/v1/organisations/{org_a.public_id}")
    assert "Link" not in client.get("/api/v1/organisations?limit=0")
