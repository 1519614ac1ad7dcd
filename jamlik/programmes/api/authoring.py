"""Authoring through the API: a programme with its modules, sessions, trainers and questions; its status.

The same actions as the authoring pages (``jamlik.programmes.authoring`` and ``organiser``), which
check that the caller organises the programme. Lookups go through ``access.authorable_programmes``,
so a programme someone else organises answers 404. A request that makes several things (a
programme with modules and sessions) is one transaction: refused anywhere, nothing is kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Status
from ninja.errors import HttpError

from jamlik.lib.api.etag import check_if_match
from jamlik.lib.api.lookup import get_by_id_or_slug
from jamlik.people.api_auth import AUTHENTICATED, api_user
from jamlik.people.models import User
from jamlik.programmes import authoring, organiser
from jamlik.programmes.access import (
    authorable_programmes,
    get_module_for_organiser,
    get_session_for_organiser,
    may_author_programmes,
)
from jamlik.programmes.api.inputs import (
    MoveIn,
    ProgrammeIn,
    ProgrammeModuleIn,
    ProgrammeModulePatch,
    ProgrammePatch,
    QuestionIn,
    SessionIn,
    SessionPatch,
    TrainerIn,
)
from jamlik.programmes.api.public import detail
from jamlik.programmes.api.routing import (
    course_by_ref,
    fields_under,
    module_etag,
    module_router,
    organisation_by_ref,
    problem_responses,
    programme_etag,
    refuse,
    router,
    session_etag,
    session_router,
)
from jamlik.programmes.api.schemas import OrganiserSessionOut, ProgrammeDetail, ProgrammeModuleOut
from jamlik.programmes.authoring_forms import DETAIL_FIELDS
from jamlik.programmes.models import ModuleKind, Programme, ProgrammeModule, ProgrammeStatus, Session
from jamlik.programmes.seats import lock_sessions

REFUSED = "422: a problem naming each refused field (`modules.0.sessions.1.online_url`); nothing is kept."
STALE = "412: `If-Match` names an older version (read it again); nothing is changed."


@contextmanager
def conflicts(*codes: str) -> Iterator[None]:
    """A refusal because of the thing's state (already cancelled, booked, a final status) answers 409."""
    try:
        yield
    except ValidationError as exc:
        found = list(exc.error_list) if not hasattr(exc, "error_dict") else []
        for errors in getattr(exc, "error_dict", {}).values():
            found.extend(errors)
        if any(e.code in codes for e in found):
            raise HttpError(409, " ".join(exc.messages)) from None
        raise


def _no_nulls(changes: dict[str, Any], nullable: tuple[str, ...] = ()) -> None:
    empty = [name for name, value in changes.items() if value is None and name not in nullable]
    if empty:
        raise ValidationError(
            {name: ValidationError(_("This field cannot be null."), code="null") for name in sorted(empty)}
        )


def _trainers(rows: list[TrainerIn]) -> list[authoring.TrainerRow]:
    return [authoring.TrainerRow(t.name.strip(), t.title.strip(), t.organisation.strip(), t.id) for t in rows]


def _questions(rows: list[QuestionIn]) -> list[authoring.QuestionRow]:
    return [authoring.QuestionRow(q.text.strip(), q.required, q.id) for q in rows]


def _organisers(refs: list[str]) -> list[Any]:
    return [organisation_by_ref(ref, f"organisers.{i}") for i, ref in enumerate(refs)]


def _session_fields(payload: SessionIn | SessionPatch, prefix: str = "") -> dict[str, Any]:
    fields = payload.model_dump(exclude_unset=isinstance(payload, SessionPatch))
    if fields.get("host_organisation") is not None:
        fields["host_organisation"] = organisation_by_ref(fields["host_organisation"], prefix + "host_organisation")
    return fields


def _add_sessions(user: User, module: ProgrammeModule, sessions: list[SessionIn], prefix: str) -> None:
    for i, row in enumerate(sessions):
        where = f"{prefix}sessions.{i}"
        fields = _session_fields(row, where + ".")
        with fields_under(where):
            authoring.add_session(user, module, **fields)


def _add_module(user: User, programme: Programme, payload: ProgrammeModuleIn, prefix: str = "") -> ProgrammeModule:
    course = course_by_ref(payload.course, prefix + "course") if payload.course else None
    if payload.kind == ModuleKind.SELF_PACED and payload.sessions:
        raise refuse(prefix + "sessions", _("A self-paced module has no sessions."), "self_paced")
    with fields_under(prefix.rstrip(".")) if prefix else _same():
        module = authoring.add_module(
            user,
            programme,
            title=payload.title,
            kind=payload.kind,
            required=payload.required,
            description=payload.description,
            course=course,
        )
    _add_sessions(user, module, payload.sessions, prefix)
    return module


@contextmanager
def _same() -> Iterator[None]:
    yield


def _organised(request: HttpRequest, ident: str) -> Programme:
    found: Programme = get_by_id_or_slug(authorable_programmes(api_user(request)), ident)
    return found


def _module_detail(module: ProgrammeModule) -> ProgrammeModule:
    sessions = Session.objects.with_seats().select_related("host_organisation", "module").order_by("starts_at", "pk")
    rows = ProgrammeModule.objects.select_related("course").prefetch_related(Prefetch("sessions", queryset=sessions))
    return rows.get(pk=module.pk)


def _session_detail(session: Session) -> Session:
    rows = Session.objects.with_seats().select_related("module__programme", "host_organisation")
    return rows.get(pk=session.pk)


@router.post(
    "",
    response={201: ProgrammeDetail},
    auth=AUTHENTICATED,
    summary="Create a programme (a draft) with its modules, sessions, trainers and questions",
    description="Programme managers, and coordinators for a programme one of their organisations "
    "organises (403 otherwise). Modules come in order; each webinar or in-person module may list its "
    "sessions (alternatives, e.g. in different cities), each with seats, times (with their offset), a "
    "place or a meeting link and a host organisation. Open it with `POST …/open` when it is complete.\n\n" + REFUSED,
)
def create_programme(request: HttpRequest, payload: ProgrammeIn, response: HttpResponse) -> Any:
    user = api_user(request)
    if not may_author_programmes(user):
        raise PermissionDenied
    organisers = _organisers(payload.organisers)
    with transaction.atomic():
        programme = authoring.create_programme(
            user,
            fields=payload.details(),
            organisers=organisers,
            trainers=_trainers(payload.trainers),
            questions=_questions(payload.questions),
        )
        for i, module in enumerate(payload.modules):
            _add_module(user, programme, module, f"modules.{i}.")
    found = detail(programme)
    response["Location"] = reverse("api-v1:programme", kwargs={"programme": programme.public_id})
    response["ETag"] = programme_etag(found)
    return Status(201, found)


@router.patch(
    "/{programme}",
    response=ProgrammeDetail,
    auth=AUTHENTICATED,
    summary="Change a programme's details, organisers, trainers or questions",
    description="`{programme}` is its id or slug; only the fields sent change. `trainers` and `questions` "
    "are whole lists: an item with an `id` keeps (and may reword) that one, an item without one is new, "
    "and one left out is removed (refused for a question someone has answered). Its organisers only: 404 "
    "otherwise.\n\n" + STALE + " " + REFUSED,
    openapi_extra=problem_responses(412),
)
def update_programme(request: HttpRequest, programme: str, payload: ProgrammePatch, response: HttpResponse) -> Any:
    user = api_user(request)
    found = _organised(request, programme)
    changes = payload.changes()
    _no_nulls(changes)
    with transaction.atomic():
        current = detail(Programme.objects.select_for_update().get(pk=found.pk))
        check_if_match(request, programme_etag(current))
        organisers = _organisers(changes["organisers"]) if "organisers" in changes else list(current.organisers.all())
        trainers = (
            _trainers(payload.trainers or [])
            if "trainers" in changes
            else [authoring.TrainerRow(t.name, t.title, t.organisation, t.public_id) for t in current.trainers.all()]
        )
        questions = (
            _questions(payload.questions or [])
            if "questions" in changes
            else [authoring.QuestionRow(q.text, q.required, q.public_id) for q in current.questions.all()]
        )
        fields = {name: value for name, value in changes.items() if name in (*DETAIL_FIELDS, "objectives")}
        authoring.update_programme(
            user, current, fields=fields, organisers=organisers, trainers=trainers, questions=questions
        )
    updated = detail(found)
    response["ETag"] = programme_etag(updated)
    return updated


def _status_change(request: HttpRequest, programme: str, status: str, response: HttpResponse) -> Programme:
    found = _organised(request, programme)
    with conflicts("transition"):
        authoring.change_status(api_user(request), found, status)
    updated = detail(found)
    response["ETag"] = programme_etag(updated)
    return updated


_STATUS_OPS = "Its organisers only: 404 otherwise. 409: not possible from its present status."


@router.post(
    "/{programme}/open",
    response=ProgrammeDetail,
    auth=AUTHENTICATED,
    summary="Open a programme for registration (or reopen a closed one)",
    description="422 naming `status` lists what stands in the way (a past last day, no contact email, a "
    "module without sessions, …). " + _STATUS_OPS,
    openapi_extra=problem_responses(409),
)
def open_programme(request: HttpRequest, programme: str, response: HttpResponse) -> Programme:
    return _status_change(request, programme, ProgrammeStatus.OPEN, response)


@router.post(
    "/{programme}/close",
    response=ProgrammeDetail,
    auth=AUTHENTICATED,
    summary="Close registration",
    description="Registrations stay; nobody new can register. " + _STATUS_OPS,
    openapi_extra=problem_responses(409),
)
def close_programme(request: HttpRequest, programme: str, response: HttpResponse) -> Programme:
    return _status_change(request, programme, ProgrammeStatus.CLOSED, response)


@router.post(
    "/{programme}/finish",
    response=ProgrammeDetail,
    auth=AUTHENTICATED,
    summary="Mark a programme finished (final)",
    description=_STATUS_OPS,
    openapi_extra=problem_responses(409),
)
def finish_programme(request: HttpRequest, programme: str, response: HttpResponse) -> Programme:
    return _status_change(request, programme, ProgrammeStatus.FINISHED, response)


@router.post(
    "/{programme}/cancel",
    response=ProgrammeDetail,
    auth=AUTHENTICATED,
    summary="Cancel a programme (final)",
    description="Every scheduled session is cancelled and every registration ends; each participant is "
    "emailed a calendar cancellation, as when the organiser cancels in the page. " + _STATUS_OPS,
    openapi_extra=problem_responses(409),
)
def cancel_programme(request: HttpRequest, programme: str, response: HttpResponse) -> Programme:
    return _status_change(request, programme, ProgrammeStatus.CANCELLED, response)


@router.post(
    "/{programme}/modules",
    response={201: ProgrammeModuleOut},
    auth=AUTHENTICATED,
    summary="Add a module (last), with its sessions",
    description="Its organisers only: 404 otherwise. A self-paced module names a published `course` and "
    "has no sessions.\n\n" + REFUSED,
)
def add_programme_module(
    request: HttpRequest, programme: str, payload: ProgrammeModuleIn, response: HttpResponse
) -> Any:
    user = api_user(request)
    found = _organised(request, programme)
    with transaction.atomic():
        module = _add_module(user, found, payload)
    response["Location"] = reverse("api-v1:programme_module", kwargs={"module_id": module.public_id})
    module = _module_detail(module)
    response["ETag"] = module_etag(module)
    return Status(201, module)


@module_router.get(
    "/{uuid:module_id}",
    response=ProgrammeModuleOut,
    auth=AUTHENTICATED,
    url_name="programme_module",
    summary="A module of a programme I organise",
    description="With its `ETag`. 404: not a programme you organise.",
)
def get_programme_module(request: HttpRequest, module_id: UUID, response: HttpResponse) -> ProgrammeModule:
    module = _module_detail(get_module_for_organiser(api_user(request), module_id))
    response["ETag"] = module_etag(module)
    return module


@module_router.patch(
    "/{uuid:module_id}",
    response=ProgrammeModuleOut,
    auth=AUTHENTICATED,
    summary="Change a module: title, kind, required, description, course",
    description="Only the fields sent change. A module with sessions cannot become self-paced. 404: not a "
    "programme you organise.\n\n" + STALE + " " + REFUSED,
    openapi_extra=problem_responses(412),
)
def update_programme_module(
    request: HttpRequest, module_id: UUID, payload: ProgrammeModulePatch, response: HttpResponse
) -> Any:
    user = api_user(request)
    module = get_module_for_organiser(user, module_id)
    changes = payload.changes()
    _no_nulls(changes, nullable=("course",))
    course = module.course
    if "course" in changes:
        course = course_by_ref(changes["course"], "course") if changes["course"] else None
    with transaction.atomic():
        Programme.objects.select_for_update().filter(pk=module.programme_id).first()
        current = ProgrammeModule.objects.select_related("programme").get(pk=module.pk)
        check_if_match(request, module_etag(current))
        authoring.update_module(
            user,
            current,
            title=changes.get("title", current.title),
            kind=changes.get("kind", current.kind),
            required=changes.get("required", current.required),
            description=changes.get("description", current.description),
            course=course,
        )
    updated = _module_detail(module)
    response["ETag"] = module_etag(updated)
    return updated


@module_router.post(
    "/{uuid:module_id}/move",
    response=ProgrammeModuleOut,
    auth=AUTHENTICATED,
    summary="Move a module up or down one place",
    description="Swaps it with its neighbour; at the first or last place nothing changes. 404: not a "
    "programme you organise.",
)
def move_programme_module(request: HttpRequest, module_id: UUID, payload: MoveIn) -> ProgrammeModule:
    module = get_module_for_organiser(api_user(request), module_id)
    authoring.move_module(api_user(request), module, payload.direction)
    return _module_detail(module)


@module_router.delete(
    "/{uuid:module_id}",
    response={204: None},
    auth=AUTHENTICATED,
    summary="Remove a module and its sessions",
    description="Only while nobody has booked its sessions (409 otherwise: cancel them instead). 404: not "
    "a programme you organise.",
    openapi_extra=problem_responses(409),
)
def remove_programme_module(request: HttpRequest, module_id: UUID) -> Any:
    module = get_module_for_organiser(api_user(request), module_id)
    with conflicts("booked"):
        authoring.remove_module(api_user(request), module)
    return Status(204, None)


@module_router.post(
    "/{uuid:module_id}/sessions",
    response={201: OrganiserSessionOut},
    auth=AUTHENTICATED,
    summary="Add a session (an alternative, if the module has others)",
    description="Not for a self-paced module (422). 404: not a programme you organise.\n\n" + REFUSED,
)
def add_programme_session(request: HttpRequest, module_id: UUID, payload: SessionIn, response: HttpResponse) -> Any:
    user = api_user(request)
    module = get_module_for_organiser(user, module_id)
    fields = _session_fields(payload)
    with fields_under("kind") if module.kind == ModuleKind.SELF_PACED else _same():
        session = authoring.add_session(user, module, **fields)
    response["Location"] = reverse("api-v1:programme_session", kwargs={"session_id": session.public_id})
    session = _session_detail(session)
    response["ETag"] = session_etag(session)
    return Status(201, session)


@session_router.get(
    "/{uuid:session_id}",
    response=OrganiserSessionOut,
    auth=AUTHENTICATED,
    url_name="programme_session",
    summary="A session of a programme I organise, with its meeting link",
    description="With its `ETag`. 404: not a programme you organise.",
)
def get_programme_session(request: HttpRequest, session_id: UUID, response: HttpResponse) -> Session:
    session = get_session_for_organiser(api_user(request), session_id)
    response["ETag"] = session_etag(session)
    return session


@session_router.patch(
    "/{uuid:session_id}",
    response=OrganiserSessionOut,
    auth=AUTHENTICATED,
    summary="Move or change a session: times, place, link, seats, host, language, own last day",
    description="Only the fields sent change. Everyone booked is emailed an updated calendar entry when the "
    "time or place changes; more seats go to the waiting list at once; seats never go below the confirmed "
    "bookings (422). 404: not a programme you organise.\n\n" + STALE + " " + REFUSED,
    openapi_extra=problem_responses(412),
)
def update_programme_session(
    request: HttpRequest, session_id: UUID, payload: SessionPatch, response: HttpResponse
) -> Any:
    user = api_user(request)
    session = get_session_for_organiser(user, session_id)
    changes = _session_fields(payload)
    _no_nulls(changes, nullable=("registration_deadline",))
    with transaction.atomic():
        live = lock_sessions([session.pk])[session.pk]  # the seat locks first (docs/locking.md)
        check_if_match(request, session_etag(live))
        if changes:
            organiser.change_session(user, session, **changes)
    updated = _session_detail(session)
    response["ETag"] = session_etag(updated)
    return updated


@session_router.post(
    "/{uuid:session_id}/cancel",
    response=OrganiserSessionOut,
    auth=AUTHENTICATED,
    summary="Cancel a session",
    description="Its bookings end and each participant is emailed a calendar cancellation. 409: already "
    "cancelled. 404: not a programme you organise.",
    openapi_extra=problem_responses(409),
)
def cancel_programme_session(request: HttpRequest, session_id: UUID) -> Session:
    session = get_session_for_organiser(api_user(request), session_id)
    with conflicts("invalid"):
        organiser.cancel_session(api_user(request), session)
    return _session_detail(session)
