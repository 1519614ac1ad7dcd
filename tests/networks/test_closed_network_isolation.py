"""A person outside a closed network never sees its threads, posts, documents, meetings or members: not through pages, downloads or the API."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from jamlik.networks import actions, space
from jamlik.networks.models import Document, Meeting, Network, Thread, Visibility
from jamlik.people.models import User
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.networks.factories import make_document, make_network, make_thread, place_of

SECRET = "Budgetläget i Säter"


@dataclass
class Closed:
    network: Network
    thread: Thread
    document: Document
    meeting: Meeting


@pytest.fixture
def closed(programme_manager: User, coordinator_a: User) -> Closed:
    network = make_network(programme_manager, coordinator_a, slug="stangt")
    thread = make_thread(network, coordinator_a, title=SECRET, body=f"{SECRET}: hemligt")
    document = make_document(network, coordinator_a, title=SECRET)
    start = timezone.now() + datetime.timedelta(days=3)
    meeting = space.add_meeting(
        programme_manager,
        place_of(programme_manager, network),
        space.MeetingFields(title=SECRET, starts_at=start, ends_at=start + datetime.timedelta(hours=2)),
    )
    return Closed(network, thread, document, meeting)


def _space_paths(c: Closed) -> list[str]:
    slug = c.network.slug
    version = c.document.versions.get()
    return [
        f"/natverk/{slug}/diskussioner/",
        f"/natverk/{slug}/diskussioner/ny/",
        f"/natverk/{slug}/diskussioner/{c.thread.public_id}/",
        f"/natverk/{slug}/dokument/",
        f"/natverk/{slug}/dokument/{c.document.public_id}/",
        f"/natverk/{slug}/dokument/fil/{version.public_id}/",
        f"/natverk/{slug}/moten/{c.meeting.public_id}/",
        f"/natverk/{slug}/medlemmar/",
        f"/natverk/{slug}/e-post/",
        f"/natverk/{slug}/anmalda-inlagg/",
        f"/natverk/{slug}/inlagg/{c.thread.posts.get().public_id}/anmal/",
        f"/api/v1/networks/{slug}/threads",
        f"/api/v1/networks/{slug}/threads/{c.thread.public_id}/posts",
        f"/api/v1/networks/{slug}/meetings",
        f"/api/v1/networks/{slug}/documents",
    ]


def _outsiders(coordinator_b: User, closed: Closed, programme_manager: User) -> list[User]:
    """Someone from another organisation, someone waiting for an answer, and someone who left."""
    asked = UserFactory(name="Väntar Svar")
    actions.request_to_join(asked, closed.network)
    left = UserFactory(name="Har Gått")
    member = actions.approve_request(programme_manager, actions.request_to_join(left, closed.network))
    actions.leave(left, member)
    return [coordinator_b, asked, left]


@pytest.mark.django_db
def test_a_member_reaches_every_part_of_the_space(closed: Closed, coordinator_a: User) -> None:
    client = client_for(coordinator_a)
    for path in _space_paths(closed):
        if path.endswith("/anmalda-inlagg/"):
            continue  # moderators only
        assert client.get(path).status_code == 200, path


@pytest.mark.django_db
def test_people_outside_a_closed_network_get_404_for_every_part_of_its_space(
    closed: Closed, coordinator_b: User, programme_manager: User
) -> None:
    for outsider in _outsiders(coordinator_b, closed, programme_manager):
        client = client_for(outsider)
        for path in _space_paths(closed):
            response = client.get(path)
            assert response.status_code == 404, (outsider, path)
            assert SECRET not in response.content.decode()


@pytest.mark.django_db
def test_outsiders_cannot_post_upload_or_report_in_a_closed_network(closed: Closed, coordinator_b: User) -> None:
    client = client_for(coordinator_b)
    slug = closed.network.slug
    assert client.post(f"/natverk/{slug}/diskussioner/ny/", {"title": "x", "body": "y"}).status_code == 404
    assert client.post(f"/natverk/{slug}/diskussioner/{closed.thread.public_id}/", {"body": "y"}).status_code == 404
    post = closed.thread.posts.get()
    assert client.post(f"/natverk/{slug}/inlagg/{post.public_id}/anmal/", {"reason": "x"}).status_code == 404
    assert client.post(f"/natverk/{slug}/inlagg/{post.public_id}/dolj/", {"reason": "x"}).status_code == 404
    assert closed.thread.posts.count() == 1 and not post.reports.exists()


@pytest.mark.django_db
def test_the_public_never_sees_a_closed_network_or_its_space(client: Client, closed: Closed) -> None:
    assert SECRET not in client.get("/natverk/").content.decode()
    assert client.get("/natverk/stangt/").status_code == 404
    for path in _space_paths(closed):
        response = client.get(path)
        assert response.status_code in (302, 401, 404), path
        assert SECRET not in response.content.decode()


@pytest.mark.django_db
def test_my_networks_in_the_api_lists_only_active_memberships(closed: Closed, coordinator_b: User) -> None:
    client = client_for(coordinator_b)
    actions.request_to_join(coordinator_b, closed.network)
    assert client.get("/api/v1/networks").json() == {"items": [], "count": 0}


@pytest.mark.django_db
def test_an_id_from_a_closed_network_is_not_found_through_an_open_one(
    closed: Closed, programme_manager: User, coordinator_b: User
) -> None:
    make_network(programme_manager, visibility=Visibility.OPEN, slug="oppet")
    client = client_for(coordinator_b)
    version = closed.document.versions.get()
    for path in (
        f"/natverk/oppet/diskussioner/{closed.thread.public_id}/",
        f"/natverk/oppet/dokument/{closed.document.public_id}/",
        f"/natverk/oppet/dokument/fil/{version.public_id}/",
        f"/natverk/oppet/moten/{closed.meeting.public_id}/",
        f"/api/v1/networks/oppet/threads/{closed.thread.public_id}/posts",
    ):
        assert client.get(path).status_code == 404, path
