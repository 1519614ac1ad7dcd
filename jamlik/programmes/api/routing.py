"""The programmes router and what its operations share: the caller, lookups, versions, field names."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from jamlik.courses.models import Course
from jamlik.lib.api.etag import etag_for
from jamlik.lib.api.lookup import as_uuid, get_by_id_or_slug
from jamlik.people.api_auth import AUTHENTICATED
from jamlik.people.models import Organisation, User
from jamlik.programmes.authoring_forms import DETAIL_FIELDS
from jamlik.programmes.models import Programme, ProgrammeModule, Session
from jamlik.programmes.organiser import CHANGEABLE

# Programmes under /programmes/{programme}; modules, sessions and a person's registrations each under
# a path of their own, so no path is ambiguous (/programmes/{programme}/open and /…/sessions/{id}).
router = Router(tags=["programmes"])
module_router = Router(tags=["programmes"])
session_router = Router(tags=["programmes"])
registration_router = Router(tags=["programmes"])


def _anyone(request: HttpRequest) -> object | None:
    """Lets a caller without credentials through as anonymous; a bad token is still refused (401)."""
    return None if "Authorization" in request.headers else _ANONYMOUS


_ANONYMOUS = object()

ANYONE = [*AUTHENTICATED, _anyone]
"""Public operations that show more to a signed-in caller (an organiser sees their drafts)."""


_PROBLEMS = {
    409: "The programme's, module's or session's state refuses the change (a final status, booked sessions, "
    "already cancelled); `detail` says why.",
    412: "`If-Match` names an older version: read it again and retry. Nothing is changed.",
}


def problem_responses(*statuses: int) -> dict[str, Any]:
    """``openapi_extra`` documenting the problem answers an operation gives beyond the shared ones."""
    problem = {"application/problem+json": {"schema": {"type": "object"}}}
    return {"responses": {s: {"description": _PROBLEMS[s], "content": problem} for s in statuses}}


def viewer(request: HttpRequest) -> User | None:
    user = getattr(request, "auth", None)
    return user if isinstance(user, User) else None


def refuse(field: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


@contextmanager
def fields_under(prefix: str) -> Iterator[None]:
    """Name the fields of a refusal raised inside as parts of ``prefix`` (``modules.0.title``)."""
    try:
        yield
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise ValidationError(
                {f"{prefix}.{name}" if name != "__all__" else prefix: errors for name, errors in exc.error_dict.items()}
            ) from None
        raise ValidationError({prefix: exc.error_list}) from None


def organisation_by_ref(ident: str, field: str) -> Organisation:
    """An organisation named in a body by its id or slug; 422 naming ``field`` when there is none."""
    try:
        return get_by_id_or_slug(Organisation.objects.all(), ident)
    except Http404:
        raise refuse(field, _("There is no such organisation: %(ref)s") % {"ref": ident}, "unknown") from None


def course_by_ref(ident: str, field: str) -> Course:
    """A published course named by its id or slug; 422 naming ``field`` when there is none."""
    rows = Course.objects.filter(published_version__isnull=False)
    found_id = as_uuid(ident)
    found = rows.filter(public_id=found_id).first() if found_id else rows.filter(slug=ident).first()
    if found is None:
        raise refuse(field, _("There is no such published course: %(ref)s") % {"ref": ident}, "unknown")
    return found


def programme_etag(programme: Programme) -> str:
    """Changes with every detail an editor sets (not with registrations or seats)."""
    return etag_for(
        programme.pk,
        programme.status,
        programme.objectives,
        [getattr(programme, name) for name in DETAIL_FIELDS],
        sorted(o.pk for o in programme.organisers.all()),
        [(t.public_id, t.name, t.title, t.organisation) for t in programme.trainers.all()],
        [(q.public_id, q.text, q.required) for q in programme.questions.all()],
    )


def module_etag(module: ProgrammeModule) -> str:
    return etag_for(
        module.pk, module.position, module.title, module.kind, module.required, module.description, module.course_id
    )


def session_etag(session: Session) -> str:
    """Changes with every change to the session (``change_session`` and ``cancel_session``)."""
    values = [session.host_organisation_id if f == "host_organisation" else getattr(session, f) for f in CHANGEABLE]
    return etag_for(session.pk, session.status, values)


def with_etag(response: Any, tag: str) -> None:
    response["ETag"] = tag
