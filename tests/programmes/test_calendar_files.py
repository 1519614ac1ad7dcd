"""Calendar files follow RFC 5545: stable UIDs, rising SEQUENCE, REQUEST then CANCEL, Stockholm time."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from icalendar import Calendar

from jamlik.people.models import Organisation, User
from jamlik.programmes import actions, organiser
from tests.programmes.factories import make_programme


def _calendars(message: Any) -> list[Calendar]:
    return [Calendar.from_ical(content) for name, content, _type in message.attachments if name.endswith(".ics")]


@pytest.mark.django_db
def test_the_confirmation_carries_one_event_per_session_in_stockholm_time(
    learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    shape = make_programme(org_a)
    with django_capture_on_commit_callbacks(execute=True):
        registration = actions.register(learner_a, shape.programme, [shape.goteborg.pk])
    (cal,) = _calendars(mail.outbox[0])
    assert cal["METHOD"] == "REQUEST"
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    events = cal.walk("VEVENT")
    assert len(events) == 3
    goteborg = next(e for e in events if "Göteborg" in str(e["LOCATION"]))
    assert str(goteborg["UID"]) == f"{registration.public_id}-{shape.goteborg.public_id}@jamlik"
    assert goteborg["SEQUENCE"] == 0
    assert goteborg["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert goteborg["DTSTART"].dt == shape.goteborg.starts_at
    assert goteborg["DTSTART"].dt.hour == 9 and goteborg["DTSTART"].dt.minute == 30
    webinar = next(e for e in events if e is not goteborg and shape.webinar.online_url in str(e["DESCRIPTION"]))
    assert webinar is not None


@pytest.mark.django_db
def test_a_moved_session_sends_the_same_uid_with_a_higher_sequence(
    learner_a: User, programme_manager: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    shape = make_programme(org_a)
    with django_capture_on_commit_callbacks(execute=True):
        actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    first_uid = str(
        next(e for e in _calendars(mail.outbox[0])[0].walk("VEVENT") if "Stockholm" in str(e["LOCATION"]))["UID"]
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        organiser.change_session(
            programme_manager,
            shape.stockholm,
            starts_at=shape.stockholm.starts_at + datetime.timedelta(days=1),
            ends_at=shape.stockholm.ends_at + datetime.timedelta(days=1),
        )
    (message,) = mail.outbox
    assert message.to == [learner_a.email]
    (event,) = _calendars(message)[0].walk("VEVENT")
    assert str(event["UID"]) == first_uid
    assert event["SEQUENCE"] == 1


@pytest.mark.django_db
def test_cancelling_sends_method_cancel_for_the_same_events(
    learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    shape = make_programme(org_a)
    with django_capture_on_commit_callbacks(execute=True):
        registration = actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    uids = {str(e["UID"]) for e in _calendars(mail.outbox[0])[0].walk("VEVENT")}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.cancel_registration(learner_a, registration)
    (cal,) = _calendars(mail.outbox[0])
    assert cal["METHOD"] == "CANCEL"
    events = cal.walk("VEVENT")
    assert {str(e["UID"]) for e in events} == uids
    assert {e["SEQUENCE"] for e in events} == {1}
    assert {str(e["STATUS"]) for e in events} == {"CANCELLED"}


@pytest.mark.django_db
def test_the_public_feed_lists_upcoming_sessions_without_meeting_links(client: Client, org_a: Organisation) -> None:
    shape = make_programme(org_a)
    response = client.get("/program/kalender.ics")
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = cal.walk("VEVENT")
    assert len(events) == 4
    assert shape.webinar.online_url not in response.content.decode()
