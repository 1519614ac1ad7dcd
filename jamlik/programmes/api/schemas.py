"""What the programmes API answers: programmes with modules, sessions, trainers and questions;
registrations with their bookings and answers; participants and waiting lists."""

from __future__ import annotations

import datetime
from typing import Any, Literal
from uuid import UUID

from ninja import Schema
from pydantic import Field

from jamlik.programmes.forms import seats_left
from jamlik.programmes.models import (
    Attendance,
    Booking,
    BookingStatus,
    ModuleKind,
    Needs,
    Programme,
    ProgrammeModule,
    ProgrammeStatus,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
)


class OrganisationRef(Schema):
    id: UUID = Field(alias="public_id")
    slug: str
    name: str


class ProgrammeOut(Schema):
    id: UUID = Field(alias="public_id")
    slug: str = Field(description="Accepted instead of the id in paths that say `{programme}`")
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
    module: UUID = Field(alias="module.public_id")
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
    waitlisted: int = Field(description="People on the waiting list")
    host_organisation: OrganisationRef
    language: str
    registration_deadline: datetime.date = Field(description="The session's own last day, else the programme's")

    @staticmethod
    def resolve_registration_deadline(obj: Session) -> datetime.date:
        return obj.deadline()

    @staticmethod
    def resolve_seats_left(obj: Session) -> int:
        return seats_left(obj)

    @staticmethod
    def resolve_waitlisted(obj: Session) -> int:
        return int(getattr(obj, "waitlisted_count", 0))


class OrganiserSessionOut(SessionOut):
    """A session as its organisers and hosts see it: with the meeting link and its own last day."""

    online_url: str
    own_registration_deadline: datetime.date | None = Field(None, alias="registration_deadline")


class ProgrammeModuleOut(Schema):
    id: UUID = Field(alias="public_id")
    position: int
    title: str
    kind: ModuleKind
    required: bool
    description: str
    course: UUID | None = Field(None, alias="course.public_id", description="A self-paced module's course")
    sessions: list[SessionOut] = Field(description="Alternatives: a participant books one")

    @staticmethod
    def resolve_sessions(obj: ProgrammeModule) -> list[Session]:
        return list(obj.sessions.all())


class TrainerOut(Schema):
    id: UUID = Field(alias="public_id")
    name: str
    title: str
    organisation: str


class ProgrammeQuestionOut(Schema):
    id: UUID = Field(alias="public_id", description="The key of its answer in a registration's `answers`")
    text: str
    type: Literal["text"] = Field("text", description="Every question is answered with a text (≤ 300 characters)")
    required: bool
    choices: list[str] = Field(default_factory=list, description="Empty: answers are free text")


class ProgrammeDetail(ProgrammeOut):
    description: str
    objectives: list[str]
    outline: str
    audience: str
    contact_name: str
    contact_email: str
    requires_approval: bool
    issues_diploma: bool
    needs_retention_days: int
    organisers: list[OrganisationRef]
    trainers: list[TrainerOut]
    questions: list[ProgrammeQuestionOut] = Field(
        description="Asked of everyone who registers; answers are keyed by id"
    )
    modules: list[ProgrammeModuleOut]

    @staticmethod
    def resolve_organisers(obj: Programme) -> list[Any]:
        return sorted(obj.organisers.all(), key=lambda o: o.name)

    @staticmethod
    def resolve_trainers(obj: Programme) -> list[Any]:
        return list(obj.trainers.all())

    @staticmethod
    def resolve_questions(obj: Programme) -> list[Any]:
        return list(obj.questions.all())

    @staticmethod
    def resolve_modules(obj: Programme) -> list[Any]:
        return list(obj.modules.all())


def _waiting_position(obj: Booking) -> int | None:
    if obj.status != BookingStatus.WAITLISTED:
        return None
    return int(getattr(obj, "waiting_ahead", 0)) + 1


class BookingOut(Schema):
    id: UUID = Field(alias="public_id")
    session: UUID = Field(alias="session.public_id")
    module: UUID = Field(alias="session.module.public_id")
    status: BookingStatus
    attendance: Attendance
    queued_at: datetime.datetime = Field(
        description="When this place was taken: the order of the waiting list (oldest first)"
    )
    waiting_position: int | None = Field(None, description="1 is next in line; set while on the waiting list")
    switch_from: UUID | None = Field(
        None,
        description="Set on a switch request: waiting for a seat in this session while keeping the booking in "
        "the session named here, which is released when the seat comes.",
    )

    @staticmethod
    def resolve_waiting_position(obj: Booking) -> int | None:
        return _waiting_position(obj)

    @staticmethod
    def resolve_switch_from(obj: Booking) -> UUID | None:
        return obj.replaces.session.public_id if obj.is_switch_request and obj.replaces else None


def _answers(obj: Registration) -> dict[str, str]:
    return {str(a.question.public_id): a.text for a in obj.answers.all()}


class RegistrationOut(Schema):
    id: UUID = Field(alias="public_id")
    programme: UUID = Field(alias="programme.public_id")
    status: RegistrationStatus
    created_at: datetime.datetime
    cancelled_at: datetime.datetime | None
    bookings: list[BookingOut]
    answers: dict[str, str] = Field(description="Answers by question id")

    @staticmethod
    def resolve_bookings(obj: Registration) -> list[Booking]:
        return [b for b in obj.bookings.all() if b.status != BookingStatus.CANCELLED]

    @staticmethod
    def resolve_answers(obj: Registration) -> dict[str, str]:
        return _answers(obj)


class RegistrationList(Schema):
    items: list[RegistrationOut]
    count: int


class PersonRef(Schema):
    id: UUID = Field(alias="public_id")
    name: str
    email: str


class ManagedRegistrationOut(RegistrationOut):
    person: PersonRef = Field(alias="user")


class ManagedRegistrationList(Schema):
    items: list[ManagedRegistrationOut]
    count: int


def _needs(obj: Booking) -> tuple[str, str]:
    try:
        return obj.needs.dietary, obj.needs.accessibility
    except Needs.DoesNotExist:
        return "", ""


class ParticipantOut(Schema):
    booking: UUID = Field(alias="public_id")
    registration: UUID = Field(alias="registration.public_id")
    name: str = Field(alias="registration.user.name")
    email: str = Field(alias="registration.user.email")
    status: BookingStatus
    attendance: Attendance
    queued_at: datetime.datetime
    waiting_position: int | None = None
    dietary: str = ""
    accessibility: str = ""
    answers: dict[str, str] = Field(default_factory=dict, description="Answers by question id")

    @staticmethod
    def resolve_waiting_position(obj: Booking) -> int | None:
        return _waiting_position(obj)

    @staticmethod
    def resolve_dietary(obj: Booking) -> str:
        return _needs(obj)[0]

    @staticmethod
    def resolve_accessibility(obj: Booking) -> str:
        return _needs(obj)[1]

    @staticmethod
    def resolve_answers(obj: Booking) -> dict[str, str]:
        return dict(getattr(obj, "answers_by_question", {}))


class ParticipantList(Schema):
    items: list[ParticipantOut]
    count: int


class WaitingOut(Schema):
    position: int = Field(description="1 is offered the next free seat")
    booking: UUID = Field(alias="public_id")
    registration: UUID = Field(alias="registration.public_id")
    name: str = Field(alias="registration.user.name")
    email: str = Field(alias="registration.user.email")
    queued_at: datetime.datetime = Field(description="When the place in the queue was taken")
    switch_from: UUID | None = Field(None, description="Keeps a seat in this session until one is free here")

    @staticmethod
    def resolve_switch_from(obj: Booking) -> UUID | None:
        return BookingOut.resolve_switch_from(obj)


class WaitingList(Schema):
    items: list[WaitingOut]
    count: int
