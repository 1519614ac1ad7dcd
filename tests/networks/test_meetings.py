"""Meetings: moderators add and change them (Stockholm time); a meeting may be a programme session whose registration it shows."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from jamlik.audit.models import AuditEntry
from jamlik.networks.models import Meeting
from jamlik.people.models import Organisation, User
from jamlik.programmes import actions as programme_actions
from tests.conftest import client_for
from tests.networks.factories import make_network
from tests.programmes.factories import make_programme

STOCKHOLM = datetime.timezone(datetime.timedelta(hours=1))  # winter time


def _form(**changes: str) -> dict[str, str]:
    data = {
        "title": "Nätverksträff i Falun",
        "starts_at": "2027-01-20T09:30",
        "ends_at": "2027-01-20T12:00",
        "place": "Åsgatan 38, Falun",
        "online_url": "",
        "agenda": "1. Laget runt\n2. Rapporten",
        "minutes": "",
        "session": "",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_a_moderator_adds_a_meeting_in_stockholm_time(programme_manager: User, coordinator_a: User) -> None:
    make_network(programme_manager, coordinator_a, slug="stangt")
    response = client_for(programme_manager).post("/natverk/stangt/moten/nytt/", _form())
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and str(meeting.public_id) in response["Location"]
    assert meeting.starts_at == datetime.datetime(2027, 1, 20, 9, 30, tzinfo=STOCKHOLM)
    page = client_for(coordinator_a).get(f"/natverk/stangt/moten/{meeting.public_id}/").content.decode()
    assert "09:30" in page and "12:00" in page and "<ol>" in page
    assert AuditEntry.objects.filter(action="networks.meeting.create").exists()


@pytest.mark.django_db
def test_a_meeting_that_ends_before_it_starts_is_refused_with_the_form_kept(
    programme_manager: User, coordinator_a: User
) -> None:
    make_network(programme_manager, coordinator_a, slug="stangt")
    client = client_for(programme_manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post("/natverk/stangt/moten/nytt/", _form(ends_at="2027-01-20T08:00"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "The meeting must end after it starts." in page and "Laget runt" in page
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_a_moderator_writes_the_minutes_afterwards(programme_manager: User, coordinator_a: User) -> None:
    make_network(programme_manager, coordinator_a, slug="stangt")
    client = client_for(programme_manager)
    client.post("/natverk/stangt/moten/nytt/", _form())
    meeting = Meeting.objects.get()
    assert "Laget runt" in client.get(f"/natverk/stangt/moten/{meeting.public_id}/andra/").content.decode()
    client.post(f"/natverk/stangt/moten/{meeting.public_id}/andra/", _form(minutes="## Beslut\nVi delar mallen."))
    meeting.refresh_from_db()
    assert meeting.minutes.startswith("## Beslut")
    entry = AuditEntry.objects.get(action="networks.meeting.change")
    assert entry.before is not None and entry.before["minutes"] == ""


@pytest.mark.django_db
def test_members_who_are_not_moderators_cannot_add_meetings(programme_manager: User, coordinator_a: User) -> None:
    make_network(programme_manager, coordinator_a, slug="stangt")
    assert client_for(coordinator_a).post("/natverk/stangt/moten/nytt/", _form()).status_code == 404
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_a_meeting_that_is_a_programme_session_shows_the_programme_registration(
    programme_manager: User, coordinator_a: User, org_a: Organisation
) -> None:
    shape = make_programme(org_a, seats=5)
    make_network(programme_manager, coordinator_a, slug="stangt")
    client_for(programme_manager).post(
        "/natverk/stangt/moten/nytt/", _form(session=str(shape.stockholm.pk), starts_at="2027-01-20T09:30")
    )
    meeting = Meeting.objects.get()
    assert meeting.session == shape.stockholm
    client = client_for(coordinator_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/natverk/stangt/moten/{meeting.public_id}/").content.decode()
    assert f"/program/{shape.programme.slug}/" in page and "Register through the programme" in page
    programme_actions.register(coordinator_a, shape.programme, [shape.stockholm.pk])
    page = client.get(f"/natverk/stangt/moten/{meeting.public_id}/").content.decode()
    assert "Your registration: Confirmed." in page
    assert f"/program/{shape.programme.slug}/min-anmalan/" in page


@pytest.mark.django_db
def test_upcoming_meetings_show_on_the_network_home(programme_manager: User, coordinator_a: User) -> None:
    make_network(programme_manager, coordinator_a, slug="stangt")
    soon = timezone.localtime() + datetime.timedelta(days=5)
    client_for(programme_manager).post(
        "/natverk/stangt/moten/nytt/",
        _form(
            starts_at=soon.strftime("%Y-%m-%dT%H:%M"),
            ends_at=(soon + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    assert "Nätverksträff i Falun" in client_for(coordinator_a).get("/natverk/stangt/").content.decode()
