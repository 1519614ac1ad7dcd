"""A session's roster and a programme's registrations to approve: searched (name or email),
filtered (the roster by status) and paged (50) on the server, with the same queries for more rows;
actions return to the page they were taken on; the exports keep everyone."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jamlik.people.models import Organisation, User
from jamlik.programmes import actions
from jamlik.programmes.models import Booking, BookingStatus, Question, Registration, RegistrationStatus
from tests.confirming import asks_first
from tests.factories import UserFactory
from tests.programmes.factories import Shape, during, make_programme

pytestmark = pytest.mark.django_db


def _register(shape: Shape, n: int, *, session: Any = None, prefix: str = "deltagare") -> list[Registration]:
    question = Question.objects.get_or_create(programme=shape.programme, text="Titel", position=1)[0]
    target = session or shape.stockholm
    return [
        actions.register(
            UserFactory(name=f"{prefix.title()} {i:03}", email=f"{prefix}{i:03}@example.org"),
            shape.programme,
            [target.pk],
            answers={question.pk: f"Svar {i}"},
        )
        for i in range(n)
    ]


@pytest.fixture
def full_session(org_a: Organisation, org_b: Organisation) -> Shape:
    """Stockholm (hosted by A, two seats) with 60 people: two confirmed, 58 on the waiting list."""
    shape = make_programme(org_a, org_b, seats=2)
    _register(shape, 60)
    return shape


@pytest.fixture
def many_pending(org_a: Organisation, org_b: Organisation) -> Shape:
    """55 registrations waiting for approval of Stockholm (host A), one of Göteborg (host B); B
    hosts the webinars too, so the one choosing Göteborg chose nothing of A's."""
    shape = make_programme(org_a, org_b, requires_approval=True)
    for webinar in (shape.webinar, shape.closing):
        webinar.host_organisation = org_b
        webinar.save()
    _register(shape, 55)
    _register(shape, 1, session=shape.goteborg, prefix="annan")
    return shape


def _roster(client: Client, shape: Shape, **params: str) -> str:
    client.cookies["django_language"] = "en"
    response = client.get(f"/program/vard/{shape.stockholm.public_id}/", params)
    assert response.status_code == 200
    return response.content.decode()


def _approvals(client: Client, shape: Shape, **params: str) -> str:
    client.cookies["django_language"] = "en"
    response = client.get(f"/program/{shape.programme.slug}/godkannanden/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_roster_shows_fifty_a_page(as_coordinator_a: Client, full_session: Shape) -> None:
    first = _roster(as_coordinator_a, full_session)
    assert first.count("@example.org</span>") == 50
    assert "Page 1 of 2" in first and "1\u201350 shown" in first and "60 people" in first
    second = _roster(as_coordinator_a, full_session, sida="2")
    assert second.count("@example.org</span>") == 10 and "deltagare059@example.org" in second
    assert "deltagare059@example.org" not in first


def test_the_roster_is_searched_by_name_or_email(as_coordinator_a: Client, full_session: Shape) -> None:
    by_email = _roster(as_coordinator_a, full_session, q="deltagare007@")
    assert "deltagare007@example.org" in by_email and by_email.count("@example.org</span>") == 1
    by_name = _roster(as_coordinator_a, full_session, q="Deltagare 042")
    assert "deltagare042@example.org" in by_name and by_name.count("@example.org</span>") == 1
    assert "Svar 42" in by_name  # the answers of the page's people
    nobody = _roster(as_coordinator_a, full_session, q="ingen-sådan")
    assert "Nobody matches" in nobody and "Show everyone" in nobody


def test_the_roster_is_filtered_by_status(as_coordinator_a: Client, full_session: Shape) -> None:
    confirmed = _roster(as_coordinator_a, full_session, status="confirmed")
    assert confirmed.count("@example.org</span>") == 2 and "2 people" in confirmed
    waiting = _roster(as_coordinator_a, full_session, status="waitlisted")
    assert "58 people" in waiting
    everyone = _roster(as_coordinator_a, full_session, status="nonsense")  # ignored, not an error
    assert "60 people" in everyone


def test_the_roster_makes_the_same_queries_with_more_people(as_coordinator_a: Client, org_a: Organisation) -> None:
    shape = make_programme(org_a, seats=2)
    _register(shape, 3)

    def count(**params: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            _roster(as_coordinator_a, shape, **params)
        return len(queries)

    count()
    few = count(q="e", sida="1")
    _register(shape, 70, prefix="fler")
    assert count(q="e", sida="1") == few
    assert count(q="e", sida="2") == few
    assert count(status="waitlisted") == few


def test_the_exports_keep_everyone_whatever_the_page(as_coordinator_a: Client, full_session: Shape) -> None:
    csv = as_coordinator_a.get(f"/program/vard/{full_session.stockholm.public_id}/deltagare.csv", {"sida": "2"})
    text = csv.content.decode("utf-8-sig")
    assert csv.status_code == 200 and text.count("@example.org") == 60


def test_marking_attendance_returns_to_the_same_page(coordinator_a: User, full_session: Shape) -> None:
    booking = Booking.objects.get(session=full_session.stockholm, registration__user__email="deltagare001@example.org")
    assert booking.status == BookingStatus.CONFIRMED
    url = f"/program/vard/{full_session.stockholm.public_id}/narvaro/{booking.public_id}/"
    with during(full_session.stockholm):
        client = Client()
        client.force_login(coordinator_a)
        page = _roster(client, full_session, status="confirmed", q="deltagare001")
        assert f'action="{url}?q=deltagare001&amp;status=confirmed"' in page
        response = client.post(f"{url}?q=deltagare001&status=confirmed", {"attended": "1"})
    assert response.status_code == 302
    assert response["Location"].endswith("/?q=deltagare001&status=confirmed")
    booking.refresh_from_db()
    assert booking.attendance == "attended"


def test_another_organisations_host_cannot_search_the_roster(as_coordinator_b: Client, full_session: Shape) -> None:
    url = f"/program/vard/{full_session.stockholm.public_id}/"
    assert as_coordinator_b.get(url, {"q": "deltagare", "sida": "2"}).status_code == 404


def test_the_approvals_show_fifty_a_page_and_only_the_hosts_sessions(
    as_coordinator_a: Client, many_pending: Shape
) -> None:
    first = _approvals(as_coordinator_a, many_pending)
    assert first.count("@example.org</span>") == 50 and "Page 1 of 2" in first and "1\u201350 of 55 shown" in first
    second = _approvals(as_coordinator_a, many_pending, sida="2")
    assert second.count("@example.org</span>") == 5
    assert "annan000@example.org" not in first + second  # chose B's session: B approves it
    assert "Nobody matches" in _approvals(as_coordinator_a, many_pending, q="annan000")


def test_the_approvals_are_searched_by_name_or_email(as_coordinator_a: Client, many_pending: Shape) -> None:
    found = _approvals(as_coordinator_a, many_pending, q="Deltagare 013")
    assert "deltagare013@example.org" in found and found.count("@example.org</span>") == 1
    assert "Svar 13" in found


def test_the_approvals_make_the_same_queries_with_more_registrations(
    as_coordinator_a: Client, org_a: Organisation
) -> None:
    shape = make_programme(org_a, requires_approval=True)
    _register(shape, 3)

    def count(**params: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            _approvals(as_coordinator_a, shape, **params)
        return len(queries)

    count()
    few = count(q="e", sida="1")
    _register(shape, 70, prefix="fler")
    assert count(q="e", sida="1") == few
    assert count(q="e", sida="2") == few


def test_deciding_returns_to_the_same_search_and_page(coordinator_a: User, many_pending: Shape) -> None:
    client = Client()
    client.force_login(coordinator_a)
    registration = Registration.objects.get(user__email="deltagare020@example.org")
    base = f"/program/{many_pending.programme.slug}/godkannanden/"
    page = _approvals(client, many_pending, q="deltagare02")
    decline = f"{base}{registration.public_id}/avsla/?q=deltagare02"
    assert asks_first(page, decline.replace("&", "&amp;"), "Decline")
    response = client.post(f"{base}{registration.public_id}/godkann/?q=deltagare02&sida=1")
    assert response.status_code == 302 and response["Location"] == f"{base}?q=deltagare02&sida=1"
    registration.refresh_from_db()
    assert registration.status != RegistrationStatus.PENDING
    other = Registration.objects.get(user__email="deltagare021@example.org")
    response = client.post(f"{base}{other.public_id}/avsla/?q=deltagare02")
    assert response["Location"] == f"{base}?q=deltagare02"
    other.refresh_from_db()
    assert other.status == RegistrationStatus.CANCELLED
