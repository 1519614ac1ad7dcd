"""iCalendar (RFC 5545) files: invitations, cancellations, a participant's download and the public feed.

A participant's event for a session has the UID of their booking (stable per registration and
session) and the booking's SEQUENCE, which every change raises, so calendar programs replace
the entry they already have. Times carry TZID Europe/Stockholm with a VTIMEZONE written out as
the rule (``stockholm_timezone``), which every calendar program expands for any year.

Emails carry one iCalendar object per event (``invitation``): iTIP (RFC 5546) is about one event
at a time, and calendar programs act on one invitation per object, so a registration for three
sessions sends three objects, each in its own ``text/calendar; method=…`` part (RFC 6047 §2.4).
The organiser is the programme's contact, where replies from calendar programs should go.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress

from jamlik.programmes.models import Booking, BookingStatus, Programme, Registration, Session

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
TZID = "Europe/Stockholm"
PRODID = "-//Jämlik//Programmes//SV"
MIMETYPE = "text/calendar"
REQUEST = "REQUEST"
CANCEL = "CANCEL"


def stockholm_timezone() -> Timezone:
    """Europe/Stockholm as the EU rule: summer time from the last Sunday in March at 02:00 (CET)
    to the last Sunday in October at 03:00 (CEST), every year since 1996.

    Written as two RRULEs, as Outlook and Google publish it, rather than as a list of dates
    (which ends in some year and which some calendar programs read only the first date of).
    ``tests/programmes/test_calendar_parsers.py`` compares it with the tz database hour by hour
    for the coming years, so a change of the law shows up as a failing test.
    """
    zone = Timezone()
    zone.add("tzid", TZID)
    summer = TimezoneDaylight()
    summer.add("dtstart", datetime.datetime(1996, 3, 31, 2, 0))  # noqa: DTZ001 (local time, by RFC 5545)
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    summer.add("tzoffsetfrom", datetime.timedelta(hours=1))
    summer.add("tzoffsetto", datetime.timedelta(hours=2))
    summer.add("tzname", "CEST")
    winter = TimezoneStandard()
    winter.add("dtstart", datetime.datetime(1996, 10, 27, 3, 0))  # noqa: DTZ001 (local time, by RFC 5545)
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    winter.add("tzoffsetfrom", datetime.timedelta(hours=2))
    winter.add("tzoffsetto", datetime.timedelta(hours=1))
    winter.add("tzname", "CET")
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def _calendar(method: str | None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    cal.add_component(stockholm_timezone())
    return cal


def _finish(cal: Calendar) -> str:
    return str(cal.to_ical().decode("utf-8"))


def _where(session: Session, *, with_link: bool) -> str:
    place = session.place()
    if session.room:
        room = _("room")  # outside the f-string, or makemessages would not see it
        place = f"{place} ({room} {session.room})" if place else session.room
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
        meeting_link = _("Meeting link")  # outside the f-string, or makemessages would not see it
        description.append(f"{meeting_link}: {session.online_url}")
    event.add("description", "\n\n".join(description))
    return event


def organiser_address(programme: Programme) -> vCalAddress:
    """The programme's contact; the site's sender only for a programme without one (none can open now)."""
    email = programme.contact_email or settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">")
    address = vCalAddress(f"mailto:{email}")
    name = programme.contact_name if programme.contact_email else ""
    if name:
        address.params["cn"] = name
    return address


def _participant_event(booking: Booking, *, cancel: bool) -> Event:
    event = _session_event(booking.session, booking.calendar_uid, booking.sequence, with_link=not cancel)
    event.add("organizer", organiser_address(booking.session.module.programme))
    attendee = vCalAddress(f"mailto:{booking.registration.user.email}")
    # Registering is accepting: calendar programs need not ask the participant to reply.
    attendee.params["partstat"] = "DECLINED" if cancel else "ACCEPTED"
    attendee.params["rsvp"] = "FALSE"
    event.add("attendee", attendee)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    return event


def invitation(booking: Booking, *, cancel: bool = False) -> str:
    """One booking's event as its own iTIP message: METHOD:REQUEST, or METHOD:CANCEL to withdraw it."""
    cal = _calendar(CANCEL if cancel else REQUEST)
    cal.add_component(_participant_event(booking, cancel=cancel))
    return _finish(cal)


def invitation_filename(booking: Booking) -> str:
    """A file name per event, so the parts of one email are told apart: ``webbinarium-1-2027-01-22.ics``."""
    day = timezone.localdate(booking.session.starts_at)
    return f"{slugify(booking.session.module.title) or 'session'}-{day:%Y-%m-%d}.ics"


def registration_download(bookings: Iterable[Booking]) -> str:
    """A participant's confirmed sessions as one file to import (no METHOD: not a scheduling message).

    The UIDs are those of the emailed invitations, so importing it after an invitation updates
    the same entries instead of adding copies.
    """
    cal = _calendar(None)
    cal.add("x-wr-calname", _("My sessions"))
    for booking in bookings:
        cal.add_component(_participant_event(booking, cancel=False))
    return _finish(cal)


def registration_file(registration: Registration) -> str:
    """``registration_download`` of the registration's confirmed sessions, in time order, in the
    participant's language (as the emails' files are), whatever language the page or API used."""
    bookings = (
        registration.bookings.filter(status=BookingStatus.CONFIRMED)
        .select_related("session__module__programme", "registration__user")
        .order_by("session__starts_at", "pk")
    )
    with translation.override(registration.user.preferred_language or settings.LANGUAGE_CODE):
        return registration_download(bookings)


def public_feed(sessions: Iterable[Session]) -> str:
    """The public feed: upcoming sessions, without meeting links (those are for participants)."""
    cal = _calendar(None)
    cal.add("x-wr-calname", _("Jämlik programme sessions"))
    for session in sessions:
        cal.add_component(
            _session_event(session, f"session-{session.public_id}@jamlik", session.sequence, with_link=False)
        )
    return _finish(cal)


def file_response(content: str, name: str) -> HttpResponse:
    """A calendar file to download (and open in a calendar program)."""
    response = HttpResponse(content, content_type=f"{MIMETYPE}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(name) or "kalender"}.ics"'
    return response
