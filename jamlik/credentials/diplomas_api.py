"""Diplomas by hand in the API (programme managers): issue, read, revoke, re-issue.

The same actions as the pages under ``/diplom/`` (``credentials.actions``: ``issue_for_course``,
``revoke_diploma``, ``reissue_diploma``), which check the actor themselves; anyone who is not a
programme manager gets 404, as for those pages. A diploma is named by its ``id``; its verification
code (``K7Q2-M9XD-4HPT-AB3C``, case and hyphens as you like) is accepted in the path as well.
"""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import EmailStr, Field, model_validator

from jamlik.courses.api.common import IdOrSlug, problems
from jamlik.courses.models import Course
from jamlik.credentials import actions, codes
from jamlik.credentials.achievement import AchievementKind
from jamlik.credentials.models import Diploma, DiplomaStatus
from jamlik.lib.api.fields import Day
from jamlik.lib.api.lookup import as_uuid, get_by_id_or_slug
from jamlik.lib.api.pagination import Page, paginate
from jamlik.lib.api.payload import Payload
from jamlik.people.api_auth import AUTHENTICATED, api_user
from jamlik.people.models import User

router = Router(tags=["credentials"])


class DiplomaOut(Schema):
    id: UUID
    code: str = Field(description="The verification code, as printed")
    status: DiplomaStatus
    recipient: UUID = Field(description="The person's id")
    recipient_email: str
    recipient_name: str = Field(description="The name on the diploma")
    kind: AchievementKind
    title: str
    course: UUID | None = Field(description="The course's id (course diplomas)")
    completion: UUID | None = Field(description="The completion's id (course diplomas)")
    issuers: list[UUID] = Field(description="The issuing organisations' ids")
    issued_at: datetime.datetime
    issued_by: UUID | None = Field(description="Who issued it by hand; null: issued on completion")
    expires_at: datetime.datetime | None
    revoked_at: datetime.datetime | None
    revocation_reason: str
    superseded_at: datetime.datetime | None
    superseded_by: UUID | None = Field(description="The id of the diploma that replaced this one")
    verify_url: str


class DiplomaList(Schema):
    items: list[DiplomaOut]
    count: int


class DiplomaIssueIn(Payload):
    course: IdOrSlug = Field(description="The course's id (or short address); the person must have completed it")
    person: UUID | None = Field(None, description="The person's id")
    email: EmailStr | None = Field(None, description="Or their email address")

    @model_validator(mode="after")
    def one_person(self) -> DiplomaIssueIn:
        if (self.person is None) == (self.email is None):
            raise ValueError(_("Send either person (an id) or email, not both."))
        return self


class RevokeIn(Payload):
    reason: str = Field(min_length=1, max_length=300, description="Shown to anyone who checks the diploma")


class ReissueIn(Payload):
    recipient_name: str | None = Field(None, min_length=1, max_length=150, description="Default: the name it has")
    expires_on: Day | None = Field(None, description="Valid until the end of this day; default: as it was")


class DiplomaFilter(Schema):
    course: IdOrSlug | None = Field(None, description="A course's id (or short address)")
    person: UUID | None = Field(None, description="A person's id")


class DiplomaPath(Schema):
    diploma: str = Field(max_length=64, description="The diploma's id, or its verification code")


def _manager(request: HttpRequest) -> User:
    user = api_user(request)
    if not user.is_programme_manager:
        raise Http404  # as the pages answer anyone else
    return user


def _diplomas() -> QuerySet[Diploma]:
    return Diploma.objects.select_related(
        "recipient", "issued_by", "superseded_by", "completion", "course_version__course"
    ).prefetch_related("issuers")


def _find(ident: str) -> Diploma:
    found = as_uuid(ident)
    qs = _diplomas()
    diploma = qs.filter(public_id=found).first() if found else None
    if found is None and (code := codes.normalise(ident)) is not None:
        diploma = qs.filter(code=code).first()
    if diploma is None:
        raise Http404
    return diploma


def _out(diploma: Diploma) -> dict[str, Any]:
    version = diploma.course_version
    return {
        "id": diploma.public_id,
        "code": diploma.display_code,
        "status": diploma.status(),
        "recipient": diploma.recipient.public_id,
        "recipient_email": diploma.recipient.email,
        "recipient_name": diploma.recipient_name,
        "kind": diploma.kind,
        "title": diploma.title,
        "course": version.course.public_id if version else None,
        "completion": diploma.completion.public_id if diploma.completion else None,
        "issuers": [org.public_id for org in diploma.issuers.all()],
        "issued_at": diploma.issued_at,
        "issued_by": diploma.issued_by.public_id if diploma.issued_by else None,
        "expires_at": diploma.expires_at,
        "revoked_at": diploma.revoked_at,
        "revocation_reason": diploma.revocation_reason,
        "superseded_at": diploma.superseded_at,
        "superseded_by": diploma.superseded_by.public_id if diploma.superseded_by else None,
        "verify_url": diploma.verify_url(),
    }


def _response(diploma: Diploma, status: int = 200) -> HttpResponse:
    diploma = _diplomas().get(pk=diploma.pk)
    response = JsonResponse(DiplomaOut(**_out(diploma)).model_dump(mode="json"), status=status)
    if status == 201:
        response["Location"] = reverse("api-v1:diploma", kwargs={"diploma": diploma.public_id})
    return response


@router.get(
    "/diplomas",
    response={200: DiplomaList, **problems(404)},
    auth=AUTHENTICATED,
    summary="Diplomas issued here (programme managers)",
    description="Newest first, by course or person if asked.",
)
def list_diplomas(request: HttpRequest, filters: Query[DiplomaFilter], page: Query[Page]) -> dict[str, Any]:
    _manager(request)
    qs = _diplomas().order_by("-issued_at", "-id")
    if filters.course:
        course = get_by_id_or_slug(Course.objects.all(), filters.course)
        qs = qs.filter(course_version__course=course)
    if filters.person:
        qs = qs.filter(recipient__public_id=filters.person)
    paged = paginate(qs, page)
    return {**paged, "items": [_out(d) for d in paged["items"]]}


@router.post(
    "/diplomas",
    response={200: DiplomaOut, 201: DiplomaOut, **problems(404)},
    auth=AUTHENTICATED,
    summary="Issue a diploma for a completed course to one person (programme managers)",
    description=(
        "As the page “Issue diplomas” with one email address. 201 with the new diploma; 200 with the "
        "current one when the person has it already (nothing changes). 422 when they have not completed "
        "the course, or have not given their name yet (the diploma is then issued when they do). "
        "Everyone who completed a course at once: `POST /credentials/bulk-issues`."
    ),
)
def issue(request: HttpRequest, body: DiplomaIssueIn) -> HttpResponse:
    manager = _manager(request)
    course = get_by_id_or_slug(Course.objects.filter(published_version__isnull=False), body.course)
    people = User.objects.filter(is_active=True)
    person = (
        people.filter(public_id=body.person) if body.person else people.filter(email=str(body.email).lower())
    ).first()
    if person is None:
        raise Http404
    had = Diploma.objects.filter(
        recipient=person, achievement_key=actions.course_key(course.pk), superseded_at__isnull=True
    ).exists()
    diploma = actions.issue_for_course(manager, person, course)
    return _response(diploma, 200 if had else 201)


@router.get(
    "/diplomas/{diploma}",
    response={200: DiplomaOut, **problems(404)},
    auth=AUTHENTICATED,
    url_name="diploma",
    summary="A diploma, by its id or verification code (programme managers)",
)
def get_diploma(request: HttpRequest, path: Path[DiplomaPath]) -> dict[str, Any]:
    _manager(request)
    return _out(_find(path.diploma))


@router.post(
    "/diplomas/{diploma}/revoke",
    response={200: DiplomaOut, **problems(404, 409)},
    auth=AUTHENTICATED,
    summary="Revoke a diploma, saying why (programme managers)",
    description="Anyone who checks the code sees it revoked, with the reason. 409 when it is revoked already.",
)
def revoke(request: HttpRequest, path: Path[DiplomaPath], body: RevokeIn) -> HttpResponse:
    manager = _manager(request)
    diploma = _find(path.diploma)
    if diploma.revoked_at is not None:
        raise HttpError(409, _("This diploma is already revoked."))
    return _response(actions.revoke_diploma(manager, diploma, body.reason))


@router.post(
    "/diplomas/{diploma}/reissue",
    response={201: DiplomaOut, **problems(404, 409)},
    auth=AUTHENTICATED,
    summary="Re-issue a diploma with a corrected name or validity (programme managers)",
    description=(
        "A new diploma with a new code replaces this one, whose check then says so. 201 with the new "
        "diploma; 409 for a diploma that is revoked or replaced already."
    ),
)
def reissue(request: HttpRequest, path: Path[DiplomaPath], body: ReissueIn) -> HttpResponse:
    manager = _manager(request)
    diploma = _find(path.diploma)
    if diploma.revoked_at is not None or diploma.superseded_at is not None:
        raise HttpError(409, _("Only a diploma that is neither revoked nor replaced can be re-issued."))
    expires = None
    if body.expires_on is not None:
        expires = timezone.make_aware(datetime.datetime.combine(body.expires_on, datetime.time.max))
    new = actions.reissue_diploma(manager, diploma, recipient_name=body.recipient_name, expires_at=expires)
    return _response(new, 201)
