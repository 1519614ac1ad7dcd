"""The list of networks, a network's home page, and starting a network."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jamlik.audit.models import AuditEntry
from jamlik.networks.models import MemberRole, Network, NetworkMember, Visibility
from jamlik.people.models import User
from tests.conftest import client_for
from tests.networks.factories import make_network, make_thread


@pytest.fixture
def two_networks(programme_manager: User, coordinator_a: User) -> tuple[Network, Network]:
    open_one = make_network(programme_manager, coordinator_a, visibility=Visibility.OPEN, slug="oppet")
    closed = make_network(programme_manager, coordinator_a, slug="stangt")
    make_thread(closed, coordinator_a, title="Hemlig tråd om budgeten")
    return open_one, closed


@pytest.mark.django_db
def test_the_public_sees_only_open_networks(client: Client, two_networks: tuple[Network, Network]) -> None:
    page = client.get("/natverk/").content.decode()
    assert "Nätverk oppet" in page
    assert "Nätverk stangt" not in page
    assert client.get("/natverk/stangt/").status_code == 404


@pytest.mark.django_db
def test_signed_in_people_see_a_closed_network_by_its_description_only(
    as_coordinator_b: Client, two_networks: tuple[Network, Network]
) -> None:
    listing = as_coordinator_b.get("/natverk/").content.decode()
    assert "Nätverk stangt" in listing
    home = as_coordinator_b.get("/natverk/stangt/").content.decode()
    assert "<strong>stangt</strong>" in home  # the description, rendered
    assert "Hemlig tråd om budgeten" not in home
    assert "/natverk/stangt/ga-med/" in home


@pytest.mark.django_db
def test_a_member_sees_the_space_on_the_home_page(
    as_coordinator_a: Client, two_networks: tuple[Network, Network]
) -> None:
    home = as_coordinator_a.get("/natverk/stangt/").content.decode()
    assert "Hemlig tråd om budgeten" in home


def _queries_for(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_list_page_answers_in_the_same_number_of_queries_for_one_network_or_many(
    programme_manager: User, coordinator_a: User, django_assert_max_num_queries: object
) -> None:
    make_network(programme_manager, coordinator_a, slug="natverk-0")
    client = client_for(coordinator_a)
    one = _queries_for(client, "/natverk/")
    for n in range(1, 7):
        make_network(programme_manager, coordinator_a, slug=f"natverk-{n}")
    with django_assert_max_num_queries(one):  # type: ignore[operator]
        assert client.get("/natverk/").status_code == 200


@pytest.mark.django_db
def test_a_programme_manager_starts_a_network_and_moderates_it(
    as_programme_manager: Client, programme_manager: User
) -> None:
    response = as_programme_manager.post(
        "/natverk/nytt/",
        {
            "name": "Jämställdhetsstrateger",
            "slug": "strateger",
            "description": "Vi lär av varandra.",
            "visibility": "closed",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/natverk/strateger/"
    member = NetworkMember.objects.get(network__slug="strateger")
    assert member.user == programme_manager and member.role == MemberRole.MODERATOR
    assert AuditEntry.objects.filter(action="networks.network.create", actor=programme_manager).exists()


@pytest.mark.django_db
def test_a_taken_short_address_is_refused_and_the_form_keeps_the_text(
    as_programme_manager: Client, programme_manager: User
) -> None:
    make_network(programme_manager, slug="strateger")
    as_programme_manager.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = as_programme_manager.post(
        "/natverk/nytt/", {"name": "Ett till", "slug": "strateger", "description": "Min text", "visibility": "open"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Another network already uses this short address." in page
    assert "Min text" in page
    assert Network.objects.count() == 1


@pytest.mark.django_db
def test_only_programme_managers_start_networks(as_coordinator_a: Client) -> None:
    assert as_coordinator_a.get("/natverk/nytt/").status_code == 404
    response = as_coordinator_a.post(
        "/natverk/nytt/", {"name": "X", "slug": "x", "description": "x", "visibility": "open"}
    )
    assert response.status_code == 404
    assert not Network.objects.exists()


@pytest.mark.django_db
def test_scripts_in_the_description_are_removed(as_programme_manager: Client, programme_manager: User) -> None:
    network = make_network(programme_manager, visibility=Visibility.OPEN, slug="skript")
    Network.objects.filter(pk=network.pk).update(
        description='Hej <script>alert(1)</script> [länk](javascript:alert(1)) <b style="color:red">fet</b>'
    )
    page = as_programme_manager.get("/natverk/skript/").content.decode()
    assert "<script>alert(1)" not in page
    assert 'href="javascript' not in page
    assert '<b style="color:red">' not in page
