"""Calendar files follow RFC 5545, 5546 and 6047: stable UIDs, rising SEQUENCE, REQUEST then CANCEL,
Stockholm time, one event per iCalendar object, each in a ``text/calendar`` part whose ``method``
matches the METHOD inside, the programme's contact as organiser; and a download for participants."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from icalendar import Calendar

from jamlik.people.models import Organisation, User
from jamlik.programmes import actions, organiser
from jamlik.programmes.authoring import publish_problems
from jamlik.programmes.models import Programme
from tests.programmes.factories import make_programme


def _calendars(message: Any) -> list[Calendar]:
    return [Calendar.from_ical(content) for name, content, _type in message.attachments if name.endswith(".ics")]


def _calendar_parts(message: Any) -> list[tuple[str | None, Calendar]]:
    """The ``text/calendar`` parts of the message as it is sent: (method parameter, parsed object)."""
    parts = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    return [(p.get_param("method"), Calendar.from_ical(p.get_payload(decode=True))) for p in parts]


def _events(message: Any) -> list[Any]:
    return [event for _method, cal in _calendar_parts(message) for event in cal.walk("VEVENT")]


@pytest.mark.django_db
def test_the_confirmation_carries_each_session_as_its_own_invitation_in_stockholm_time(
    learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    shape = make_programme(org_a)
    with django_capture_on_commit_callbacks(execute=True):
        registration = actions.register(learner_a, shape.programme, [shape.goteborg.pk])
    parts = _calendar_parts(mail.outbox[0])
    assert len(parts) == 3
    for method, cal in parts:
        assert method == "REQUEST" == cal["METHOD"]
        assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Stockholm"]
        assert len(cal.walk("VEVENT")) == 1
    events = _events(mail.outbox[0])
    assert len({str(e["UID"]) for e in events}) == 3
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
    first_uid = str(next(e for e in _events(mail.outbox[0]) if "Stockholm" in str(e["LOCATION"]))["UID"])
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
    ((method, cal),) = _calendar_parts(message)
    assert method == "REQUEST"
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == first_uid
    assert event["SEQUENCE"] == 1


@pytest.mark.django_db
def test_cancelling_sends_method_cancel_for_the_same_events(
    learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    shape = make_programme(org_a)
    with django_capture_on_commit_callbacks(execute=True):
        registration = actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    uids = {str(e["UID"]) for e in _events(mail.outbox[0])}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.cancel_registration(learner_a, registration)
    parts = _calendar_parts(mail.outbox[0])
    assert {(method, cal["METHOD"]) for method, cal in parts} == {("CANCEL", "CANCEL")}
    events = _events(mail.outbox[0])
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


@pytest.mark.django_db
def test_the_organiser_is_the_programmes_contact_and_the_participant_has_accepted(
    learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    shape = make_programme(org_a, contact_name="Saga Programansvarig", contact_email="saga@lansstyrelsen.se")
    with django_capture_on_commit_callbacks(execute=True):
        actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    for event in _events(mail.outbox[0]):
        organiser_ = event["ORGANIZER"]
        assert str(organiser_) == "mailto:saga@lansstyrelsen.se"
        assert organiser_.params["CN"] == "Saga Programansvarig"
        attendee = event["ATTENDEE"]
        assert str(attendee) == f"mailto:{learner_a.email}"
        assert attendee.params["PARTSTAT"] == "ACCEPTED"


@pytest.mark.django_db
def test_a_programme_without_a_contact_email_cannot_open(org_a: Organisation) -> None:
    shape = make_programme(org_a, contact_email="")
    programme = Programme.objects.get(pk=shape.programme.pk)
    with translation.override("en"):
        assert any("contact email" in problem for problem in publish_problems(programme))


@pytest.mark.django_db
def test_a_switch_sends_the_cancellation_and_the_new_invitation_as_two_parts(
    learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    shape = make_programme(org_a)
    registration = actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.switch_session(learner_a, registration, shape.goteborg)
    parts = _calendar_parts(mail.outbox[0])
    assert [(method, cal["METHOD"]) for method, cal in parts] == [("CANCEL", "CANCEL"), ("REQUEST", "REQUEST")]
    (cancelled,) = parts[0][1].walk("VEVENT")
    (invited,) = parts[1][1].walk("VEVENT")
    assert str(shape.stockholm.public_id) in str(cancelled["UID"])
    assert str(shape.goteborg.public_id) in str(invited["UID"])


@pytest.mark.django_db
def test_the_participant_downloads_their_confirmed_sessions_with_the_invitations_uids(
    as_learner_a: Client, learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    shape = make_programme(org_a)
    with django_capture_on_commit_callbacks(execute=True):
        actions.register(learner_a, shape.programme, [shape.goteborg.pk])
    page = as_learner_a.get(f"/program/{shape.programme.slug}/min-anmalan/").content.decode()
    assert f"/program/{shape.programme.slug}/min-anmalan/kalender.ics" in page
    response = as_learner_a.get(f"/program/{shape.programme.slug}/min-anmalan/kalender.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    cal = Calendar.from_ical(response.content)
    assert {str(e["UID"]) for e in cal.walk("VEVENT")} == {str(e["UID"]) for e in _events(mail.outbox[0])}
    assert shape.webinar.online_url in response.content.decode()


@pytest.mark.django_db
def test_nobody_else_downloads_a_participants_calendar(
    client: Client, as_coordinator_a: Client, learner_a: User, org_a: Organisation
) -> None:
    shape = make_programme(org_a)
    actions.register(learner_a, shape.programme, [shape.goteborg.pk])
    url = f"/program/{shape.programme.slug}/min-anmalan/kalender.ics"
    assert as_coordinator_a.get(url).status_code == 404
    assert client.get(url).status_code == 302  # to sign in


@pytest.mark.django_db
def test_the_api_gives_my_registration_as_a_calendar_file_and_nobody_elses(
    as_learner_a: Client, as_coordinator_a: Client, learner_a: User, org_a: Organisation
) -> None:
    shape = make_programme(org_a)
    registration = actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    url = f"/api/v1/programme-registrations/{registration.public_id}/calendar"
    response = as_learner_a.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 3
    assert as_coordinator_a.get(url).status_code == 404
    schema = as_learner_a.get("/api/v1/openapi.json").json()
    documented = schema["paths"]["/api/v1/programme-registrations/{registration_id}/calendar"]["get"]
    assert "text/calendar" in documented["responses"]["200"]["content"]


@pytest.mark.django_db
def test_the_meeting_link_is_labelled_in_the_participants_language_whatever_the_page_uses(
    as_learner_a: Client, learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    shape = make_programme(org_a)
    with django_capture_on_commit_callbacks(execute=True):
        actions.register(learner_a, shape.programme, [shape.goteborg.pk])
    url = f"/program/{shape.programme.slug}/min-anmalan/kalender.ics"
    learner_a.preferred_language = "sv"
    learner_a.save(update_fields=["preferred_language"])
    swedish = as_learner_a.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode().replace("\r\n ", "")
    assert "Länk till mötet: " + shape.webinar.online_url in swedish and "Meeting link" not in swedish
    assert "Länk till mötet:" in mail.outbox[0].attachments[0][1].replace("\r\n ", "")
    learner_a.preferred_language = "en"
    learner_a.save(update_fields=["preferred_language"])
    english = as_learner_a.get(url).content.decode().replace("\r\n ", "")
    assert "Meeting link: " + shape.webinar.online_url in english
