"""My data (Art. 15): everything held about me on one page, by purpose and organisation."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jamlik.audit.models import AuditEntry
from jamlik.networks import space
from jamlik.networks.models import NetworkMember, Thread
from jamlik.people import actions as people_actions
from jamlik.people.models import Organisation, User
from jamlik.privacy.views.mine import PAGE_LIMIT
from tests.conftest import client_for
from tests.networks.factories import place_of
from tests.privacy.kit import Everything

URL = "/min-sida/mina-uppgifter/"


@pytest.mark.django_db
def test_the_page_lists_data_from_every_app_with_its_basis_viewers_and_retention(
    coordinator_a: User, everything: Everything
) -> None:
    body = client_for(coordinator_a).get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for text in (
        "malin@sater.se",
        "Kalkylark",  # API token
        "lina.larande@sater.se",  # sign-in identity
        "192.0.2.10",  # sign-in session
        "Bemötande",  # enrolment, completion
        "Lektion 1",  # lesson progress
        everything.reflection,
        "Del 1",  # SCORM attempt
        "För att lära mig mer.",  # registration answer
        "Vegetarisk",
        "Attended",
        "The autumn contest",  # counted in the campaign
        "Nätverk strateger",
        "Vi använder **enkäter**.",
        "plan.pdf",
        "Uppföljning 2025",
        # The catalogue's words for each group
        "Task in the public interest",
        "Coordinators of the organisation it was recorded for",
        "12 months after the course was completed",
        "Recorded for Säters kommun",
    ):
        assert text in body, text


@pytest.mark.django_db
def test_the_page_is_in_swedish_for_a_swedish_speaker(coordinator_a: User, everything: Everything) -> None:
    coordinator_a.preferred_language = "sv"
    coordinator_a.save(update_fields=["preferred_language"])
    body = client_for(coordinator_a).get(URL).content.decode()
    assert '<html lang="sv">' in body
    assert "Uppgifter som vi har om dig" in body
    assert "Registrerat för Säters kommun" in body
    assert "Hösttävlingen" in body


@pytest.mark.django_db
def test_the_page_shows_nobody_elses_data(as_learner_a: Client, learner_a: User, everything: Everything) -> None:
    body = as_learner_a.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert learner_a.email in body
    assert "malin@sater.se" not in body
    assert everything.reflection not in body
    assert "Vegetarisk" not in body
    assert "Kalkylark" not in body


@pytest.mark.django_db
def test_the_page_needs_sign_in(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_the_page_reads_lots_of_data_in_as_many_queries_as_a_little(
    coordinator_a: User, everything: Everything, org_a: Organisation
) -> None:
    client = client_for(coordinator_a)
    few = _queries(client)
    # Many more rows of every growing kind, and far more than the page shows of some.
    for n in range(30):
        people_actions.create_api_token(coordinator_a, name=f"Nyckel {n}")
    network = NetworkMember.objects.filter(user=coordinator_a).select_related("network").get().network
    thread = Thread.objects.get(network=network)
    for n in range(30):
        space.reply(coordinator_a, place_of(coordinator_a, network), thread, f"Svar {n}")
    AuditEntry.objects.bulk_create(
        AuditEntry(actor=coordinator_a, organisation=org_a, action="test.something", summary=str(n))
        for n in range(PAGE_LIMIT + 20)
    )
    many = _queries(client)
    assert many == few + 1, (few, many)  # the same, and one count for the audit entries past the page's cap
    assert few <= 45  # one a table, the retention rules once per organisation, the session and the layout
    body = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "more rows are in your download" in body


@pytest.mark.django_db
def test_the_page_leads_to_deleting_the_account(as_learner_a: Client) -> None:
    # My data named no way to erasure: the erasure page was reachable by its address only.
    body = as_learner_a.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/min-sida/radera-kontot/"' in body
