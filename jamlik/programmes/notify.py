"""Emails to participants, each in the recipient's language, with calendar files where they help.

Called from the actions inside their transaction; ``send_email`` sends after commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from jamlik.lib.mail import Attachment, send_email
from jamlik.programmes.calendar import MIMETYPE, bookings_ics
from jamlik.programmes.models import Booking, BookingStatus, Registration


def _language(registration: Registration) -> str:
    return registration.user.preferred_language or settings.LANGUAGE_CODE


def _ics(bookings: Sequence[Booking], language: str, *, cancel: bool = False) -> list[Attachment]:
    if not bookings:
        return []
    with translation.override(language):
        content = bookings_ics(bookings, cancel=cancel)
    return [("cancel.ics" if cancel else "invite.ics", content, MIMETYPE)]


def _send(
    registration: Registration, template: str, context: dict[str, Any], attachments: Sequence[Attachment] = ()
) -> None:
    page = reverse("programmes:my_registration", args=[registration.programme.slug])
    ctx = {"registration": registration, "programme": registration.programme, "page_path": page, **context}
    send_email(registration.user.email, template, ctx, _language(registration), attachments)


def registered(registration: Registration, bookings: Sequence[Booking]) -> None:
    confirmed = [b for b in bookings if b.status == BookingStatus.CONFIRMED]
    _send(registration, "programme_registered", {"bookings": bookings}, _ics(confirmed, _language(registration)))


def promoted(booking: Booking) -> None:
    registration = booking.registration
    _send(registration, "programme_promoted", {"booking": booking}, _ics([booking], _language(registration)))


def cancelled(registration: Registration, bookings: Sequence[Booking]) -> None:
    _send(registration, "programme_cancelled", {}, _ics(bookings, _language(registration), cancel=True))


def switched(old: Booking, new: Booking, *, from_waiting_list: bool = False) -> None:
    language = _language(new.registration)
    files = _ics([old], language, cancel=True) + _ics([new], language)
    context = {"old": old, "booking": new, "from_waiting_list": from_waiting_list}
    _send(new.registration, "programme_switched", context, files)


def session_changed(booking: Booking) -> None:
    registration = booking.registration
    files = _ics([booking], _language(registration)) if booking.status == BookingStatus.CONFIRMED else []
    _send(registration, "programme_session_changed", {"booking": booking}, files)


def session_cancelled(booking: Booking) -> None:
    registration = booking.registration
    _send(
        registration,
        "programme_session_cancelled",
        {"booking": booking},
        _ics([booking], _language(registration), cancel=True),
    )


def reminder(booking: Booking) -> None:
    _send(booking.registration, "programme_reminder", {"booking": booking})
