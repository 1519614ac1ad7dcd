"""Meetings of a network: the meeting page (agenda, minutes, the programme session's registration) and the moderators' form."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jamlik.lib.forms import add_action_errors
from jamlik.networks import space
from jamlik.networks.access import Place, get_meeting_in, get_moderated_place, get_readable_place
from jamlik.networks.forms import MeetingForm
from jamlik.networks.models import Meeting
from jamlik.people.http import authenticated_user
from jamlik.programmes.access import get_live_registration


@login_required
def meeting(request: HttpRequest, slug: str, meeting_id: UUID) -> HttpResponse:
    place = get_readable_place(request.user, slug)
    found = get_meeting_in(place.network, meeting_id)
    registration = None
    booking = None
    if found.session is not None:
        registration = get_live_registration(request.user, found.session.module.programme)
        if registration is not None:
            booking = registration.bookings.filter(session=found.session).first()
    context = {
        "place": place,
        "network": place.network,
        "meeting": found,
        "registration": registration,
        "booking": booking,
    }
    return render(request, "networks/meeting.html", context)


def _meeting_form(request: HttpRequest, place: Place, form: MeetingForm, meeting: Meeting | None) -> HttpResponse:
    context = {"place": place, "network": place.network, "form": form, "meeting": meeting}
    return render(request, "networks/meeting_form.html", context, status=400 if form.errors else 200)


@login_required
def new_meeting(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_moderated_place(request.user, slug)
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            created = space.add_meeting(authenticated_user(request), place, form.fields_for_action())
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The meeting is added."))
            return redirect("networks:meeting", slug=slug, meeting_id=created.public_id)
    return _meeting_form(request, place, form, None)


@login_required
def edit_meeting(request: HttpRequest, slug: str, meeting_id: UUID) -> HttpResponse:
    place = get_moderated_place(request.user, slug)
    found = get_meeting_in(place.network, meeting_id)
    form = MeetingForm(request.POST) if request.method == "POST" else MeetingForm.for_meeting(found)
    if request.method == "POST" and form.is_valid():
        try:
            space.change_meeting(authenticated_user(request), place, found, form.fields_for_action())
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect("networks:meeting", slug=slug, meeting_id=found.public_id)
    return _meeting_form(request, place, form, found)
