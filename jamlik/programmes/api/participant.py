"""A person's own registrations: register (with answers by question id), list, switch, cancel, calendar."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Status

from jamlik.lib.api.lookup import as_uuid, lookup_filter
from jamlik.lib.api.pagination import Page, paginate
from jamlik.people.api_auth import AUTHENTICATED, api_user
from jamlik.programmes import actions, calendar
from jamlik.programmes.access import get_own_registration, get_public_programme, with_bookings_and_answers
from jamlik.programmes.api.inputs import RegistrationIn, SwitchIn
from jamlik.programmes.api.routing import refuse, registration_router, router
from jamlik.programmes.api.schemas import RegistrationList, RegistrationOut
from jamlik.programmes.models import Registration, Session

REFUSED = "A problem naming each refused field; nothing is kept."


def _registrations_of(user: Any) -> Any:
    return with_bookings_and_answers(Registration.objects.filter(user=user)).order_by("-created_at", "-pk")


@registration_router.get(
    "",
    response=RegistrationList,
    auth=AUTHENTICATED,
    summary="My registrations",
    description="Newest first, cancelled ones included. Each booking gives its place on a waiting list.",
)
def my_programme_registrations(request: HttpRequest, page: Query[Page]) -> dict[str, Any]:
    return paginate(_registrations_of(api_user(request)), page)


@registration_router.post(
    "/{uuid:registration_id}/cancel",
    response=RegistrationOut,
    auth=AUTHENTICATED,
    summary="Cancel my registration",
    description="Every booking ends; freed seats go to the first on each waiting list, who are emailed. "
    "404: not yours. 422: already cancelled.",
)
def cancel_my_registration(request: HttpRequest, registration_id: UUID) -> Registration:
    user = api_user(request)
    registration = actions.cancel_registration(user, get_own_registration(user, registration_id))
    return _registrations_of(user).get(pk=registration.pk)  # type: ignore[no-any-return]


@registration_router.get(
    "/{uuid:registration_id}/calendar",
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


@registration_router.post(
    "/{uuid:registration_id}/switch",
    response=RegistrationOut,
    auth=AUTHENTICATED,
    summary="Change to another alternative session, or wait for a seat in it",
    description="404: not your registration. 422 naming `session`: not an alternative of a module you are "
    "booked for, full (without `wait`), cancelled or past its last day.",
)
def switch_my_session(request: HttpRequest, registration_id: UUID, payload: SwitchIn) -> Registration:
    user = api_user(request)
    registration = get_own_registration(user, registration_id)
    session = (
        Session.objects.select_related("module__programme")
        .filter(public_id=payload.session, module__programme_id=registration.programme_id)
        .first()
    )
    if session is None:
        raise refuse("session", _("Choose another session of a module you are registered for."), "unknown")
    actions.switch_session(user, registration, session, wait=payload.wait)
    return _registrations_of(user).get(pk=registration.pk)  # type: ignore[no-any-return]


def _answers_by_pk(programme: Any, answers: dict[str, str]) -> dict[int, str]:
    """The answers keyed by the questions' database ids; unknown question ids are refused by name."""
    questions = {str(q.public_id): q.pk for q in programme.questions.all()}
    unknown = [key for key in answers if str(as_uuid(key)) not in questions]
    if unknown:
        raise ValidationError(
            {
                f"answers.{key}": ValidationError(_("This programme has no such question."), code="unknown")
                for key in unknown
            }
        )
    return {questions[str(as_uuid(key))]: text for key, text in answers.items()}


def _question_fields(programme: Any, exc: ValidationError) -> ValidationError:
    """The action names a missing answer ``question_<pk>`` (the page's field); the API names it by id."""
    if not hasattr(exc, "error_dict"):
        return exc
    names = {f"question_{q.pk}": f"answers.{q.public_id}" for q in programme.questions.all()}
    return ValidationError({names.get(name, name): errors for name, errors in exc.error_dict.items()})


@router.post(
    "/{programme}/registrations",
    response={201: RegistrationOut},
    auth=AUTHENTICATED,
    summary="Register for a programme",
    description="`{programme}` is its id or slug. Choose one session of each module with alternatives "
    "(`sessions`); a module with one session is booked for you. Answer the programme's `questions` in "
    "`answers`, keyed by question id: a required question left out, or an id that is not one of this "
    "programme's questions, is refused (422 naming `answers.<id>`), as is a session of another programme "
    "(`sessions`). A full session puts you on its waiting list; with approval on, the registration waits "
    "for the organiser. The same locked action as the page, so two people never get the last seat.\n\n" + REFUSED,
)
def register_for_programme(
    request: HttpRequest, programme: str, payload: RegistrationIn, response: HttpResponse
) -> Any:
    user = api_user(request)
    found = get_public_programme(registering=True, **_public_lookup(programme))
    ids = {s.public_id: s.pk for module in found.modules.all() for s in module.sessions.all()}
    strangers = [str(s) for s in payload.sessions if s not in ids]
    if strangers:
        message = _("Not a session of this programme: %(ids)s") % {"ids": ", ".join(strangers)}
        raise refuse("sessions", message, "unknown")
    answers = _answers_by_pk(found, payload.answers)
    try:
        registration = actions.register(
            user,
            found,
            [ids[s] for s in payload.sessions],
            answers=answers,
            dietary=payload.dietary,
            accessibility=payload.accessibility,
        )
    except ValidationError as exc:
        raise _question_fields(found, exc) from None
    response["Location"] = reverse("api-v1:programme_registration", kwargs={"registration_id": registration.public_id})
    return Status(201, _registrations_of(user).get(pk=registration.pk))


@registration_router.get(
    "/{uuid:registration_id}",
    response=RegistrationOut,
    auth=AUTHENTICATED,
    url_name="programme_registration",
    summary="One of my registrations",
    description="404: not yours (an organiser reads registrations under their programme).",
)
def my_programme_registration(request: HttpRequest, registration_id: UUID) -> Registration:
    user = api_user(request)
    registration = get_own_registration(user, registration_id)
    return _registrations_of(user).get(pk=registration.pk)  # type: ignore[no-any-return]


def _public_lookup(ident: str) -> dict[str, Any]:
    found = lookup_filter(ident)
    return {"public_id": found["public_id"]} if "public_id" in found else {"slug": found["slug"]}
