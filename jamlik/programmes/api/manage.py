"""Hosts and organisers: participants, waiting lists and attendance of a session; a programme's
registrations with their answers; approving and declining."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Schema
from pydantic import Field

from jamlik.lib.api.lookup import get_by_id_or_slug, lookup_filter
from jamlik.lib.api.pagination import Page, paginate
from jamlik.people.api_auth import AUTHENTICATED, api_user
from jamlik.programmes import actions
from jamlik.programmes.access import (
    authorable_programmes,
    get_booking_in,
    get_hosted_session,
    get_programme_to_approve,
    get_registration_to_approve,
    roster_rows,
    waiting_list,
    with_bookings_and_answers,
    with_waiting_position,
)
from jamlik.programmes.api.inputs import AttendanceIn
from jamlik.programmes.api.routing import router, session_router
from jamlik.programmes.api.schemas import (
    ManagedRegistrationList,
    ManagedRegistrationOut,
    ParticipantList,
    ParticipantOut,
    WaitingList,
)
from jamlik.programmes.attendance import mark_attendance
from jamlik.programmes.models import Answer, Booking, Registration, RegistrationStatus


def _with_answers(bookings: list[Booking]) -> list[Booking]:
    """Each booking's registration's answers by question id, in one query for the page."""
    rows = Answer.objects.filter(registration_id__in={b.registration_id for b in bookings}).values_list(
        "registration_id", "question__public_id", "text"
    )
    found: dict[int, dict[str, str]] = {}
    for registration_id, question_id, text in rows:
        found.setdefault(registration_id, {})[str(question_id)] = text
    for booking in bookings:
        booking.answers_by_question = found.get(booking.registration_id, {})  # type: ignore[attr-defined]
    return bookings


@session_router.get(
    "/{uuid:session_id}/participants",
    response=ParticipantList,
    auth=AUTHENTICATED,
    summary="Participants of a session I host",
    description="Seats first, then the waiting list in order (with positions), then those awaiting approval; "
    "with needs and answers by question id. Hosts only (coordinators of the host organisation): 404 otherwise.",
)
def session_participants(request: HttpRequest, session_id: UUID, page: Query[Page]) -> dict[str, Any]:
    session = get_hosted_session(api_user(request), session_id)
    found = paginate(with_waiting_position(roster_rows(session)), page)
    found["items"] = _with_answers(found["items"])
    return found


@session_router.get(
    "/{uuid:session_id}/waiting-list",
    response=WaitingList,
    auth=AUTHENTICATED,
    summary="The waiting list of a session I host",
    description="In the order seats are offered (position 1 first), with the time each place was taken. "
    "Hosts only: 404 otherwise.",
)
def session_waiting_list(request: HttpRequest, session_id: UUID, page: Query[Page]) -> dict[str, Any]:
    session = get_hosted_session(api_user(request), session_id)
    found = paginate(waiting_list(session), page)
    for position, booking in enumerate(found["items"], start=page.offset + 1):
        booking.position = position
    return found


@session_router.post(
    "/{uuid:session_id}/attendance",
    response=ParticipantOut,
    auth=AUTHENTICATED,
    summary="Mark attendance in a session I host",
    description="Only once the session has started, only confirmed participants (422 otherwise). "
    "404: not a session you host, or not a booking in it.",
)
def mark_session_attendance(request: HttpRequest, session_id: UUID, payload: AttendanceIn) -> Booking:
    user = api_user(request)
    session = get_hosted_session(user, session_id)
    booking = mark_attendance(user, get_booking_in(session, payload.booking), payload.attended)
    return _with_answers([with_waiting_position(roster_rows(session)).get(pk=booking.pk)])[0]


class RegistrationFilter(Schema):
    status: RegistrationStatus | None = Field(None, description="Only registrations in this state")


@router.get(
    "/{programme}/registrations",
    response=ManagedRegistrationList,
    auth=AUTHENTICATED,
    summary="A programme's registrations (its organisers)",
    description="`{programme}` is its id or slug. Oldest first, with the person, every booking (waiting "
    "positions included) and the answers by question id. Organisers and programme managers only: 404 "
    "otherwise.",
)
def programme_registrations(
    request: HttpRequest, programme: str, page: Query[Page], filters: Query[RegistrationFilter]
) -> dict[str, Any]:
    found = get_by_id_or_slug(authorable_programmes(api_user(request)), programme)
    rows = Registration.objects.filter(programme=found)
    if filters.status:
        rows = rows.filter(status=filters.status)
    return paginate(with_bookings_and_answers(rows).order_by("created_at", "pk"), page)


def _to_approve(request: HttpRequest, programme: str, registration_id: UUID) -> Registration:
    user = api_user(request)
    lookup = lookup_filter(programme)
    found = get_programme_to_approve(user, lookup.get("slug"), public_id=lookup.get("public_id"))
    return get_registration_to_approve(user, found, registration_id)


def _managed(registration: Registration) -> Registration:
    return with_bookings_and_answers(Registration.objects.filter(pk=registration.pk)).get()  # type: ignore[no-any-return]


@router.post(
    "/{programme}/registrations/{uuid:registration_id}/approve",
    response=ManagedRegistrationOut,
    auth=AUTHENTICATED,
    summary="Approve a registration waiting for approval",
    description="Seats are given as at registration: confirmed where one is free, else the waiting list. "
    "Programme managers, and hosts for registrations that chose their session: 404 otherwise.",
)
def approve_registration(request: HttpRequest, programme: str, registration_id: UUID) -> Registration:
    registration = _to_approve(request, programme, registration_id)
    return _managed(actions.approve_registration(api_user(request), registration))


@router.post(
    "/{programme}/registrations/{uuid:registration_id}/decline",
    response=ManagedRegistrationOut,
    auth=AUTHENTICATED,
    summary="Decline a registration waiting for approval",
    description="The registration is cancelled and the person emailed, as on the approvals page.",
)
def decline_registration(request: HttpRequest, programme: str, registration_id: UUID) -> Registration:
    registration = _to_approve(request, programme, registration_id)
    return _managed(actions.decline_registration(api_user(request), registration))
