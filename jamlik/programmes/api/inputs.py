"""What the programmes API accepts: every body refuses unknown fields (``Payload``) and bounds its values."""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _
from pydantic import AfterValidator, Field

from jamlik.lib.api.fields import FIRST_DAY, LAST_DAY, Day
from jamlik.lib.api.payload import Patch, Payload
from jamlik.people.models import Language
from jamlik.programmes.models import ModuleKind

Ref = Annotated[str, Field(min_length=1, max_length=200, description="An id, or a slug")]


def _aware(value: datetime.datetime) -> datetime.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(_("Give the time with its offset, e.g. 2027-01-22T09:30:00+01:00."))
    if not FIRST_DAY.year <= value.year <= LAST_DAY.year:
        raise ValueError(_("Give a time between %(first)s and %(last)s.") % {"first": FIRST_DAY, "last": LAST_DAY})
    return value


def _url(value: str) -> str:
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            raise ValueError(_("Enter a web address that starts with https://.")) from None
    return value


def _email(value: str) -> str:
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise ValueError(_("Enter a valid email address.")) from None
    return value


When = Annotated[datetime.datetime, AfterValidator(_aware)]
Url = Annotated[str, Field(max_length=200), AfterValidator(_url)]
Email = Annotated[str, Field(max_length=254), AfterValidator(_email)]
Text = Annotated[str, Field(max_length=10_000)]
Line = Annotated[str, Field(max_length=300)]


class TrainerIn(Payload):
    id: UUID | None = Field(None, description="An existing trainer to keep (in an update)")
    name: str = Field(min_length=1, max_length=150)
    title: str = Field("", max_length=150)
    organisation: str = Field("", max_length=200)


class QuestionIn(Payload):
    id: UUID | None = Field(None, description="An existing question to keep or reword (in an update)")
    text: str = Field(min_length=1, max_length=200)
    type: Literal["text"] = "text"
    required: bool = True


class SessionIn(Payload):
    starts_at: When
    ends_at: When
    venue_name: str = Field("", max_length=200)
    street_address: str = Field("", max_length=200)
    city: str = Field("", max_length=100)
    room: str = Field("", max_length=100)
    online_url: Url = Field("", description="A webinar's meeting link: shown only to confirmed participants")
    capacity: int = Field(ge=1, le=100_000)
    host_organisation: Ref = Field(description="The organisation whose coordinators host it: its id or slug")
    language: Language = Language.SV
    registration_deadline: Day | None = Field(None, description="Its own last day to register")


class SessionPatch(Patch):
    starts_at: When | None = None
    ends_at: When | None = None
    venue_name: str | None = Field(None, max_length=200)
    street_address: str | None = Field(None, max_length=200)
    city: str | None = Field(None, max_length=100)
    room: str | None = Field(None, max_length=100)
    online_url: Url | None = None
    capacity: int | None = Field(None, ge=1, le=100_000)
    host_organisation: Ref | None = None
    language: Language | None = None
    registration_deadline: Day | None = Field(None, description="null: the programme's last day")


class ProgrammeModuleIn(Payload):
    title: str = Field(min_length=1, max_length=200)
    kind: ModuleKind
    required: bool = True
    description: str = Field("", max_length=2000)
    course: Ref | None = Field(None, description="A self-paced module's published course: its id or slug")
    sessions: list[SessionIn] = Field(default_factory=list, max_length=100)


class ProgrammeModulePatch(Patch):
    title: str | None = Field(None, min_length=1, max_length=200)
    kind: ModuleKind | None = None
    required: bool | None = None
    description: str | None = Field(None, max_length=2000)
    course: Ref | None = None


class MoveIn(Payload):
    direction: Literal["up", "down"]


class ProgrammeIn(Payload):
    slug: str = Field(min_length=1, max_length=80, description="Its short address; cannot change later")
    title: str = Field(min_length=1, max_length=200)
    summary: str = Field(min_length=1, max_length=2000)
    description: Text = ""
    objectives: list[Line] = Field(default_factory=list, max_length=50)
    outline: Text = ""
    audience: str = Field("", max_length=300)
    cost: str = Field("", max_length=300)
    contact_name: str = Field("", max_length=150)
    contact_email: Email = ""
    language: Language = Language.SV
    registration_deadline: Day
    requires_approval: bool = False
    issues_diploma: bool = True
    needs_retention_days: int = Field(14, ge=0, le=365)
    organisers: list[Ref] = Field(min_length=1, max_length=20, description="Ids or slugs; one must be yours")
    trainers: list[TrainerIn] = Field(default_factory=list, max_length=50)
    questions: list[QuestionIn] = Field(default_factory=list, max_length=50)
    modules: list[ProgrammeModuleIn] = Field(default_factory=list, max_length=50)

    def details(self) -> dict[str, Any]:
        skip = {"organisers", "trainers", "questions", "modules"}
        return {name: getattr(self, name) for name in type(self).model_fields if name not in skip}


class ProgrammePatch(Patch):
    title: str | None = Field(None, min_length=1, max_length=200)
    summary: str | None = Field(None, min_length=1, max_length=2000)
    description: Text | None = None
    objectives: list[Line] | None = Field(None, max_length=50)
    outline: Text | None = None
    audience: str | None = Field(None, max_length=300)
    cost: str | None = Field(None, max_length=300)
    contact_name: str | None = Field(None, max_length=150)
    contact_email: Email | None = None
    language: Language | None = None
    registration_deadline: Day | None = None
    requires_approval: bool | None = None
    issues_diploma: bool | None = None
    needs_retention_days: int | None = Field(None, ge=0, le=365)
    organisers: list[Ref] | None = Field(None, min_length=1, max_length=20)
    trainers: list[TrainerIn] | None = Field(None, max_length=50, description="The whole list; ids keep trainers")
    questions: list[QuestionIn] | None = Field(
        None, max_length=50, description="The whole list; ids keep (and may reword) questions and their answers"
    )


class RegistrationIn(Payload):
    sessions: list[UUID] = Field(
        default_factory=list, max_length=100, description="The chosen session of each module with alternatives"
    )
    answers: dict[Annotated[str, Field(max_length=100)], Line] = Field(
        default_factory=dict, description="Answers to the programme's questions, by question id"
    )
    dietary: str = Field("", max_length=300)
    accessibility: str = Field("", max_length=300)


class SwitchIn(Payload):
    session: UUID = Field(description="Another alternative of a module you are booked for")
    wait: bool = Field(
        False,
        description="If that session is full, join its waiting list and keep your current booking until a seat "
        "is free (a switch request). Without it, a full session is refused.",
    )


class AttendanceIn(Payload):
    booking: UUID
    attended: bool
