"""The networks API: my networks, threads and posts, meetings, documents; paginated, constant queries, 404 outside."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jamlik.networks import space
from jamlik.networks.models import Network, Visibility
from jamlik.people.models import User
from tests.conftest import client_for
from tests.networks.factories import make_document, make_network, make_thread, pdf_upload, place_of


def _meeting(network: Network, moderator: User, title: str, days: int) -> None:
    start = timezone.now() + datetime.timedelta(days=days)
    space.add_meeting(
        moderator,
        place_of(moderator, network),
        space.MeetingFields(title=title, starts_at=start, ends_at=start + datetime.timedelta(hours=1)),
    )


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_api_needs_a_signed_in_caller(client: Client) -> None:
    response = client.get("/api/v1/networks")
    assert response.status_code == 401 and response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_my_networks_lists_active_memberships_with_my_role(programme_manager: User, coordinator_a: User) -> None:
    make_network(programme_manager, coordinator_a, slug="b-stangt")
    make_network(programme_manager, coordinator_a, visibility=Visibility.OPEN, slug="a-oppet")
    make_network(programme_manager, slug="c-utan-mig")
    body = client_for(coordinator_a).get("/api/v1/networks").json()
    assert body["count"] == 2
    assert [(n["slug"], n["visibility"], n["member_count"], n["my_role"]) for n in body["items"]] == [
        ("a-oppet", "open", 2, "member"),
        ("b-stangt", "closed", 2, "member"),
    ]
    page = client_for(coordinator_a).get("/api/v1/networks?limit=1&offset=1").json()
    assert page["count"] == 2 and [n["slug"] for n in page["items"]] == ["b-stangt"]


@pytest.mark.django_db
def test_threads_and_posts_come_paginated_and_hidden_posts_without_their_text(
    programme_manager: User, coordinator_a: User
) -> None:
    network = make_network(programme_manager, coordinator_a, slug="stangt")
    thread = make_thread(network, coordinator_a, title="Indikatorer", body="Vilka **mått**?")
    bad = space.reply(programme_manager, place_of(programme_manager, network), thread, "Fel sak")
    space.hide_post(programme_manager, place_of(programme_manager, network), bad, "Fel tråd")
    client = client_for(coordinator_a)
    threads = client.get("/api/v1/networks/stangt/threads").json()
    assert threads["count"] == 1 and threads["items"][0]["title"] == "Indikatorer"
    assert threads["items"][0]["post_count"] == 1  # the hidden one is not counted for members
    posts = client.get(f"/api/v1/networks/stangt/threads/{thread.public_id}/posts").json()
    assert [(p["body"], p["hidden"]) for p in posts["items"]] == [("Vilka **mått**?", False), ("", True)]
    assert posts["items"][0]["html"] == "<p>Vilka <strong>mått</strong>?</p>\n"
    assert posts["items"][0]["author"] == "Malin Samordnare"


@pytest.mark.django_db
def test_meetings_and_documents_come_with_their_details(programme_manager: User, coordinator_a: User) -> None:
    network = make_network(programme_manager, coordinator_a, slug="stangt")
    _meeting(network, programme_manager, "Vårträffen", 30)
    _meeting(network, programme_manager, "Vinterträffen", 3)
    document = make_document(network, coordinator_a, title="Mall")
    client = client_for(coordinator_a)
    meetings = client.get("/api/v1/networks/stangt/meetings").json()
    assert [m["title"] for m in meetings["items"]] == ["Vinterträffen", "Vårträffen"]
    documents = client.get("/api/v1/networks/stangt/documents").json()
    item = documents["items"][0]
    assert item["id"] == str(document.public_id) and item["title"] == "Mall"
    version = item["versions"][0]
    assert (version["number"], version["filename"], version["content_type"]) == (1, "plan.pdf", "application/pdf")
    assert client.get(version["download"]).status_code == 200


@pytest.mark.django_db
def test_api_lists_take_the_same_queries_for_one_row_or_many(
    programme_manager: User, coordinator_a: User, django_assert_max_num_queries: object
) -> None:
    network = make_network(programme_manager, coordinator_a, slug="stangt")
    thread = make_thread(network, coordinator_a)
    _meeting(network, programme_manager, "Träff 0", 1)
    make_document(network, coordinator_a)
    client = client_for(coordinator_a)
    paths = [
        "/api/v1/networks",
        "/api/v1/networks/stangt/threads",
        f"/api/v1/networks/stangt/threads/{thread.public_id}/posts",
        "/api/v1/networks/stangt/meetings",
        "/api/v1/networks/stangt/documents",
    ]
    baseline = {path: _queries(client, path) for path in paths}
    for n in range(1, 6):
        make_network(programme_manager, coordinator_a, slug=f"fler-{n}")
        make_thread(network, programme_manager, title=f"Tråd {n}")
        space.reply(programme_manager, place_of(programme_manager, network), thread, f"Svar {n}")
        _meeting(network, programme_manager, f"Träff {n}", n + 1)
        document = make_document(network, programme_manager, title=f"Dokument {n}")
        space.add_version(programme_manager, place_of(programme_manager, network), document, pdf_upload("ny.pdf"), "v2")
    for path, count in baseline.items():
        with django_assert_max_num_queries(count):  # type: ignore[operator]
            assert client.get(path).status_code == 200
