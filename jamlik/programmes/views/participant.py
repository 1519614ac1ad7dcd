"""A participant's actions: register, see the registration, cancel, change session."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jamlik.lib.forms import add_action_errors
from jamlik.lib.site import absolute
from jamlik.people.http import authenticated_user
from jamlik.programmes import actions, calendar
from jamlik.programmes.access import get_live_registration, get_public_programme
from jamlik.programmes.attendance import checkin_token
from jamlik.programmes.forms import RegistrationForm, SwitchForm, seats_left
from jamlik.programmes.models import Booking, BookingStatus, RegistrationStatus, Session, SessionStatus
from jamlik.programmes.views.public import programme_page


@login_required
@require_POST
def register(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_public_programme(slug, registering=True)
    form = RegistrationForm(programme, request.POST)
    if form.is_valid():
        try:
            actions.register(
                authenticated_user(request),
                programme,
                form.session_ids(),
                answers=form.answers(),
                dietary=form.cleaned_data.get("dietary", ""),
                accessibility=form.cleaned_data.get("accessibility", ""),
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("You are registered. We have emailed you the details."))
            return redirect("programmes:my_registration", slug=slug)
    form.tie_errors()
    return programme_page(request, slug, form=form)


def _qr_svg(url: str) -> str:
    return str(segno.make(url, error="m").svg_inline(scale=4, title=_("Check-in code")))


@login_required
def my_registration(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_public_programme(slug)
    registration = get_live_registration(request.user, programme)
    if registration is None:
        raise Http404
    live = list(
        registration.bookings.exclude(status=BookingStatus.CANCELLED)
        .select_related("session__module", "session__host_organisation", "replaces")
        .order_by("session__module__position", "session__starts_at")
    )
    requests = {b.replaces_id: b for b in live if b.is_switch_request}
    bookings = [b for b in live if not b.is_switch_request]
    alternatives = {
        b.pk: [
            (s, seats_left(s))
            for s in Session.objects.with_seats()
            .filter(module_id=b.session.module_id, status=SessionStatus.SCHEDULED)
            .exclude(pk=b.session_id)
        ]
        for b in bookings
    }
    rows = []
    for booking in bookings:
        qr = ""
        if booking.status == BookingStatus.CONFIRMED and not booking.session.is_online:
            url = absolute(reverse("programmes:checkin", args=[checkin_token(booking)]))
            qr = _qr_svg(url)
        rows.append((booking, qr, alternatives[booking.pk], requests.get(booking.pk)))
    context = {"programme": programme, "registration": registration, "rows": rows}
    return render(request, "programmes/my_registration.html", context)


@login_required
@never_cache
def my_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """The participant's confirmed sessions as an .ics file to import (the same events as the emails)."""
    programme = get_public_programme(slug)
    registration = get_live_registration(request.user, programme)
    if registration is None:
        raise Http404
    return calendar.file_response(calendar.registration_file(registration), programme.slug)


@login_required
@require_POST
def cancel(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_public_programme(slug)
    registration = get_live_registration(request.user, programme)
    if registration is None:
        raise Http404
    try:
        actions.cancel_registration(authenticated_user(request), registration)
    except ValidationError as error:
        # A second submit that lost the race to the first finds the registration cancelled:
        # what the person asked for is done, so they are told so rather than shown an error.
        registration.refresh_from_db(fields=["status"])
        if registration.status != RegistrationStatus.CANCELLED:
            messages.error(request, " ".join(error.messages))
            return redirect("programmes:my_registration", slug=slug)
    messages.success(request, _("Your registration is cancelled."))
    return redirect("programmes:programme", slug=slug)


@login_required
@require_POST
def switch(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_public_programme(slug)
    registration = get_live_registration(request.user, programme)
    form = SwitchForm(request.POST)
    if registration is None or not form.is_valid():
        raise Http404
    session = (
        Session.objects.select_related("module__programme")
        .filter(public_id=form.cleaned_data["session"], module__programme=programme)
        .first()
    )
    if session is None:
        raise Http404
    try:
        booking: Booking = actions.switch_session(
            authenticated_user(request), registration, session, wait=form.cleaned_data["wait"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if booking.status == BookingStatus.WAITLISTED:
            messages.success(
                request,
                _(
                    "You are on the waiting list for the session on %(when)s. You keep your current seat until "
                    "one is free there; then we change your booking and email you."
                )
                % {"when": booking.session},
            )
        else:
            messages.success(request, _("You changed to the session on %(when)s.") % {"when": booking.session})
    return redirect("programmes:my_registration", slug=slug)


@login_required
@require_POST
def withdraw_switch(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_public_programme(slug)
    registration = get_live_registration(request.user, programme)
    form = SwitchForm(request.POST)
    if registration is None or not form.is_valid():
        raise Http404
    session = (
        Session.objects.select_related("module__programme", "host_organisation")
        .filter(public_id=form.cleaned_data["session"], module__programme=programme)
        .first()
    )
    if session is None:
        raise Http404
    try:
        actions.withdraw_switch_request(authenticated_user(request), registration, session)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You left the waiting list. Your booking is unchanged."))
    return redirect("programmes:my_registration", slug=slug)
