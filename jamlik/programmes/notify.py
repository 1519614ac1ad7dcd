"""Emails to participants, each in the recipient's language, with calendar files where they help.

Every function here renders its email (and calendar files) only once the action's transaction has
committed, so no rendering happens while an action holds the seat locks (docs/locking.md rule 1);
outside a transaction it renders at once. ``send_email`` then queues the delivery.

Each booking's event travels as its own iCalendar object in its own ``text/calendar`` part whose
``method`` parameter matches the METHOD inside (RFC 6047 §2.4), so one email may carry a
cancellation and a new invitation side by side.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, ParamSpec

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from jamlik.lib.mail import Attachment, send_email
from jamlik.programmes.calendar import CANCEL, MIMETYPE, REQUEST, invitation, invitation_filename
from jamlik.programmes.models import Booking, BookingStatus, Registration

P = ParamSpec("P")


def _language(registration: Registration) -> str:
    return registration.user.preferred_language or settings.LANGUAGE_CODE


def _ics(bookings: Sequence[Booking], language: str, *, cancel: bool = False) -> list[Attachment]:
    mimetype = f"{MIMETYPE}; method={CANCEL if cancel else REQUEST}"
    with translation.override(language):
        return [(invitation_filename(b), invitation(b, cancel=cancel), mimetype) for b in bookings]


def _after_commit(notify: Callable[P, None]) -> Callable[P, None]:
    """Render and queue the email once the surrounding transaction commits (at once outside one)."""

    @functools.wraps(notify)
    def later(*args: P.args, **kwargs: P.kwargs) -> None:
        transaction.on_commit(lambda: notify(*args, **kwargs))

    return later


def _send(
    registration: Registration, template: str, context: dict[str, Any], attachments: Sequence[Attachment] = ()
) -> None:
    page = reverse("programmes:my_registration", args=[registration.programme.slug])
    ctx = {"registration": registration, "programme": registration.programme, "page_path": page, **context}
    send_email(registration.user.email, template, ctx, _language(registration), attachments)


@_after_commit
def registered(registration: Registration, bookings: Sequence[Booking]) -> None:
    confirmed = [b for b in bookings if b.status == BookingStatus.CONFIRMED]
    _send(registration, "programme_registered", {"bookings": bookings}, _ics(confirmed, _language(registration)))


@_after_commit
def promoted(booking: Booking) -> None:
    registration = booking.registration
    _send(registration, "programme_promoted", {"booking": booking}, _ics([booking], _language(registration)))


@_after_commit
def cancelled(registration: Registration, bookings: Sequence[Booking]) -> None:
    _send(registration, "programme_cancelled", {}, _ics(bookings, _language(registration), cancel=True))


@_after_commit
def switched(old: Booking, new: Booking, *, from_waiting_list: bool = False) -> None:
    language = _language(new.registration)
    files = _ics([old], language, cancel=True) + _ics([new], language)
    context = {"old": old, "booking": new, "from_waiting_list": from_waiting_list}
    _send(new.registration, "programme_switched", context, files)


@_after_commit
def session_changed(booking: Booking) -> None:
    registration = booking.registration
    files = _ics([booking], _language(registration)) if booking.status == BookingStatus.CONFIRMED else []
    _send(registration, "programme_session_changed", {"booking": booking}, files)


@_after_commit
def session_cancelled(booking: Booking) -> None:
    registration = booking.registration
    _send(
        registration,
        "programme_session_cancelled",
        {"booking": booking},
        _ics([booking], _language(registration), cancel=True),
    )


@_after_commit
def reminder(booking: Booking) -> None:
    _send(booking.registration, "programme_reminder", {"booking": booking})
