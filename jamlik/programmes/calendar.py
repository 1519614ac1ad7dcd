"""iCalendar (RFC 5545) files: a participant's sessions, their cancellation, and the public feed.

A participant's event for a session has the UID of their booking (stable per registration and
session) and the booking's SEQUENCE, which every change raises, so calendar programs replace
the entry they already have. Times carry TZID Europe/Stockholm with its VTIMEZONE.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from jamlik.programmes.models import Booking, Session

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
PRODID = "-//Jämlik//Programmes//SV"
MIMETYPE = "text/calendar"


def _calendar(method: str | None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    return cal


def _finish(cal: Calendar) -> str:
    cal.add_missing_timezones()
    return str(cal.to_ical().decode("utf-8"))


def _where(session: Session, *, with_link: bool) -> str:
    place = session.place()
    if session.room:
        place = f"{place} ({_('room')} {session.room})" if place else session.room
    if not place and with_link and session.online_url:
        return session.online_url
    return place or str(_("Online"))


def _session_event(session: Session, uid: str, sequence: int, *, with_link: bool) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", session.starts_at.astimezone(STOCKHOLM))
    event.add("dtend", session.ends_at.astimezone(STOCKHOLM))
    event.add("summary", f"{session.module.programme.title}: {session.module.title}")
    event.add("location", _where(session, with_link=with_link))
    url = settings.SITE_URL + reverse("programmes:programme", args=[session.module.programme.slug])
    event.add("url", url)
    description = [session.module.programme.summary]
    if with_link and session.online_url:
        description.append(f"{_('Meeting link')}: {session.online_url}")
    event.add("description", "\n\n".join(description))
    return event


def bookings_ics(bookings: Iterable[Booking], *, cancel: bool = False) -> str:
    """One VEVENT per booking: METHOD:REQUEST for confirmed sessions, METHOD:CANCEL to withdraw them."""
    cal = _calendar("CANCEL" if cancel else "REQUEST")
    organiser = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">")
    for booking in bookings:
        event = _session_event(booking.session, booking.calendar_uid, booking.sequence, with_link=not cancel)
        event.add("organizer", f"mailto:{organiser}")
        event.add("attendee", f"mailto:{booking.registration.user.email}")
        event.add("status", "CANCELLED" if cancel else "CONFIRMED")
        cal.add_component(event)
    return _finish(cal)


def public_feed(sessions: Iterable[Session]) -> str:
    """The public feed: upcoming sessions, without meeting links (those are for participants)."""
    cal = _calendar(None)
    cal.add("x-wr-calname", _("Jämlik programme sessions"))
    for session in sessions:
        cal.add_component(
            _session_event(session, f"session-{session.public_id}@jamlik", session.sequence, with_link=False)
        )
    return _finish(cal)
