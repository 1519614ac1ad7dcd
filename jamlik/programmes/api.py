"""Programmes in the API: public programmes and seats; a person's registrations; hosts' rosters."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from jamlik.lib.api.fields import Key
from jamlik.lib.api.pagination import Page, paginate
from jamlik.people.api_auth import AUTHENTICATED, api_user
from jamlik.programmes import actions, calendar
from jamlik.programmes.access import (
    get_booking_in,
    get_hosted_session,
    get_own_registration,
    get_public_programme,
    roster,
)
from jamlik.programmes.attendance import mark_attendance
from jamlik.programmes.forms import seats_left
from jamlik.programmes.models import (
    Attendance,
    Booking,
    BookingStatus,
    ModuleKind,
    Needs,
    Programme,
    ProgrammeStatus,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
)

router = Router(tags=["programmes"])


class ProgrammeOut(Schema):
    id: UUID = Field(alias="public_id")
    slug: str
    title: str
    summary: str
    status: ProgrammeStatus
    registration_deadline: datetime.date
    cost: str
    language: str


class ProgrammeList(Schema):
    items: list[ProgrammeOut]
    count: int


class SessionOut(Schema):
    id: UUID = Field(alias="public_id")
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    status: SessionStatus
    venue_name: str
    street_address: str
    city: str
    room: str
    online: bool = Field(alias="is_online")
    capacity: int
    seats_left: int
    host: str = Field(alias="host_organisation.slug")
    language: str
    registration_deadline: datetime.date

    @staticmethod
    def resolve_registration_deadline(obj: Session) -> datetime.date:
        return obj.deadline()

    @staticmethod
    def resolve_seats_left(obj: Session) -> int:
        return seats_left(obj)


class ProgrammeModuleOut(Schema):
    position: int
    title: str
    kind: ModuleKind
    required: bool
    course: str | None = Field(None, alias="course.slug")
    sessions: list[SessionOut]

    @staticmethod
    def resolve_sessions(obj: Any) -> list[Session]:
        return list(obj.sessions.all())


class TrainerOut(Schema):
    name: str
    title: str
    organisation: str


class ProgrammeDetail(ProgrammeOut):
    objectives: list[str]
    outline: str
    audience: str
    contact_name: str
    contact_email: str
    requires_approval: bool
    trainers: list[TrainerOut]
    modules: list[ProgrammeModuleOut]

    @staticmethod
    def resolve_trainers(obj: Programme) -> list[Any]:
        return list(obj.trainers.all())

    @staticmethod
    def resolve_modules(obj: Programme) -> list[Any]:
        return list(obj.modules.all())


class RegistrationIn(Schema):
    sessions: list[UUID] = Field(
        default_factory=list, description="The chosen session of each module with alternatives"
    )
    answers: dict[Key, str] = Field(default_factory=dict, description="Answers to the organiser's questions, by id")
    dietary: str = Field("", max_length=300)
    accessibility: str = Field("", max_length=300)


class BookingOut(Schema):
    session: UUID = Field(alias="session.public_id")
    module: str = Field(alias="session.module.title")
    status: BookingStatus
    attendance: Attendance
    switch_from: UUID | None = Field(
        None,
        description="Set on a switch request: waiting for a seat in this session while keeping the booking in "
        "the session named here, which is released when the seat comes.",
    )

    @staticmethod
    def resolve_switch_from(obj: Booking) -> UUID | None:
        return obj.replaces.session.public_id if obj.is_switch_request and obj.replaces else None


class RegistrationOut(Schema):
    id: UUID = Field(alias="public_id")
    programme: str = Field(alias="programme.slug")
    status: RegistrationStatus
    created_at: datetime.datetime
    bookings: list[BookingOut]

    @staticmethod
    def resolve_bookings(obj: Registration) -> list[Booking]:
        return [b for b in obj.bookings.all() if b.status != BookingStatus.CANCELLED]


class RegistrationList(Schema):
    items: list[RegistrationOut]
    count: int


class ParticipantOut(Schema):
    booking: UUID = Field(alias="public_id")
    name: str = Field(alias="registration.user.name")
    email: str = Field(alias="registration.user.email")
    status: BookingStatus
    attendance: Attendance
    dietary: str = ""
    accessibility: str = ""

    @staticmethod
    def resolve_dietary(obj: Booking) -> str:
        try:
            return obj.needs.dietary
        except Needs.DoesNotExist:
            return ""

    @staticmethod
    def resolve_accessibility(obj: Booking) -> str:
        try:
            return obj.needs.accessibility
        except Needs.DoesNotExist:
            return ""


class ParticipantList(Schema):
    items: list[ParticipantOut]
    count: int


class AttendanceIn(Schema):
    booking: UUID
    attended: bool


def _registrations_of(user: Any) -> Any:
    return (
        Registration.objects.filter(user=user)
        .select_related("programme")
        .prefetch_related("bookings__session__module", "bookings__replaces__session")
        .order_by("-created_at", "-pk")
    )


@router.get("", response=ProgrammeList, auth=None, summary="List published programmes")
def list_programmes(request: HttpRequest, page: Query[Page]) -> dict[str, Any]:
    return paginate(Programme.objects.public().order_by("registration_deadline", "title"), page)


@router.get("/registrations", response=RegistrationList, auth=AUTHENTICATED, summary="My registrations")
def my_registrations(request: HttpRequest, page: Query[Page]) -> dict[str, Any]:
    return paginate(_registrations_of(api_user(request)), page)


@router.post(
    "/registrations/{uuid:registration_id}/cancel",
    response=RegistrationOut,
    auth=AUTHENTICATED,
    summary="Cancel my registration",
)
def cancel_registration(request: HttpRequest, registration_id: UUID) -> Registration:
    user = api_user(request)
    registration = actions.cancel_registration(user, get_own_registration(user, registration_id))
    return _registrations_of(user).get(pk=registration.pk)  # type: ignore[no-any-return]


@router.get(
    "/registrations/{uuid:registration_id}/calendar",
    auth=AUTHENTICATED,
    summary="My confirmed sessions as an iCalendar file",
    description="The same events (UIDs) as the emailed invitations, in Europe/Stockholm time, to import "
    "into a calendar program. A cancelled registration has no sessions.",
    openapi_extra={
        "responses": {
            200: {"description": "An iCalendar file", "content": {"text/calendar": {"schema": {"type": "string"}}}}
        }
    },
)
def registration_calendar(request: HttpRequest, registration_id: UUID) -> HttpResponse:
    registration = get_own_registration(api_user(request), registration_id)
    return calendar.file_response(calendar.registration_file(registration), registration.programme.slug)


class SwitchIn(Schema):
    session: UUID = Field(description="Another alternative of a module you are booked for")
    wait: bool = Field(
        False,
        description="If that session is full, join its waiting list and keep your current booking until a seat "
        "is free (a switch request). Without it, a full session is refused.",
    )


@router.post(
    "/registrations/{uuid:registration_id}/switch",
    response=RegistrationOut,
    auth=AUTHENTICATED,
    summary="Change to another alternative session, or wait for a seat in it",
)
def switch_session(request: HttpRequest, registration_id: UUID, payload: SwitchIn) -> Registration:
    user = api_user(request)
    registration = get_own_registration(user, registration_id)
    session = (
        Session.objects.select_related("module__programme")
        .filter(public_id=payload.session, module__programme_id=registration.programme_id)
        .first()
    )
    if session is None:
        raise Http404
    actions.switch_session(user, registration, session, wait=payload.wait)
    return _registrations_of(user).get(pk=registration.pk)  # type: ignore[no-any-return]


@router.get(
    "/sessions/{uuid:session_id}/participants",
    response=ParticipantList,
    auth=AUTHENTICATED,
    summary="Participants of a session I host",
)
def participants(request: HttpRequest, session_id: UUID) -> dict[str, Any]:
    rows = roster(get_hosted_session(api_user(request), session_id))
    return {"items": rows, "count": len(rows)}


@router.post(
    "/sessions/{uuid:session_id}/attendance",
    response=ParticipantOut,
    auth=AUTHENTICATED,
    summary="Mark attendance in a session I host",
)
def attendance(request: HttpRequest, session_id: UUID, payload: AttendanceIn) -> Booking:
    user = api_user(request)
    session = get_hosted_session(user, session_id)
    booking = mark_attendance(user, get_booking_in(session, payload.booking), payload.attended)
    return next(b for b in roster(session) if b.pk == booking.pk)


@router.get("/{uuid:programme_id}", response=ProgrammeDetail, auth=None, summary="One programme with seats left")
def get_programme(request: HttpRequest, programme_id: UUID) -> Programme:
    return get_public_programme(public_id=programme_id)


@router.post(
    "/{uuid:programme_id}/registrations",
    response={201: RegistrationOut},
    auth=AUTHENTICATED,
    summary="Register for a programme",
)
def register(request: HttpRequest, programme_id: UUID, payload: RegistrationIn) -> Status[Any]:
    user = api_user(request)
    programme = get_public_programme(public_id=programme_id, registering=True)
    ids = {s.public_id: s.pk for module in programme.modules.all() for s in module.sessions.all()}
    if any(s not in ids for s in payload.sessions):
        raise Http404
    registration = actions.register(
        user,
        programme,
        [ids[s] for s in payload.sessions],
        answers=payload.answers,
        dietary=payload.dietary,
        accessibility=payload.accessibility,
    )
    return Status(201, _registrations_of(user).get(pk=registration.pk))
