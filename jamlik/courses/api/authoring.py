"""Course authoring in the API: create a course, its versions, their settings (audience too), publish.

The same actions as the authoring pages (``courses.versions``, ``courses.authoring.actions``) and
the same rule of who may author (``courses.authoring.access``): programme managers every course,
a coordinator the courses their organisation owns; anyone else gets 404. A version's settings
carry an ``ETag``; a ``PATCH`` with an older ``If-Match`` answers 412 and changes nothing.
Structure (modules, lessons, blocks) is edited in the pages, or brought in as a bundle
(``bundles``).
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Path, Schema
from ninja.errors import HttpError
from pydantic import Field, WithJsonSchema

from jamlik.courses.api.common import CoursePath, IdOrSlug, find_course, problems, router
from jamlik.courses.authoring import actions
from jamlik.courses.authoring.access import authorable_courses, is_programme_manager, may_author, owner_choices
from jamlik.courses.authoring.forms import check_slug
from jamlik.courses.models import Audience, Course, CourseVersion, OrderMode, Topic, VersionStatus
from jamlik.courses.versions import create_course, publish_version, publishing_problems
from jamlik.lib.api.etag import check_if_match, etag_for
from jamlik.lib.api.lookup import get_by_id_or_slug, lookup_filter
from jamlik.lib.api.payload import Patch, Payload
from jamlik.people.api_auth import AUTHENTICATED, api_user
from jamlik.people.models import Language, Organisation


class AuthoredCourseOut(Schema):
    id: UUID
    slug: str
    owner: UUID | None = Field(description="The owning organisation's id; null: the platform's programme managers")
    topic: Topic
    created_at: datetime.datetime
    published_version: UUID | None = Field(description="The published version's id, if any")
    draft: UUID | None = Field(description="The draft version's id, if any")


class CourseVersionOut(Schema):
    id: UUID
    course: UUID = Field(description="The course's id")
    number: int
    status: VersionStatus
    title: str
    summary: str
    language: Language
    estimated_minutes: int
    topic: Topic = Field(description="The course's topic, shared by all its versions")
    audience: Audience
    organisations: list[UUID] = Field(description="The chosen organisations' ids (audience chosen_organisations)")
    order_mode: OrderMode
    pass_mark: int
    issues_diploma: bool
    created_at: datetime.datetime
    published_at: datetime.datetime | None
    retired_at: datetime.datetime | None
    publishing_problems: list[str] = Field(description="What stops a draft from being published (empty: nothing)")


class CourseVersionList(Schema):
    items: list[CourseVersionOut]
    count: int


class NewCourseIn(Payload):
    slug: str = Field(min_length=1, max_length=80, description="Short address: a-z, digits and single hyphens")
    title: str = Field(min_length=1, max_length=200)
    language: Language = Language.SV
    owner: IdOrSlug | None = Field(
        None, description="The owning organisation's id (or short address); required unless a programme manager"
    )


def _omitted() -> Any:
    """The value of a field the caller left out: never read (``changes()`` has only the fields sent).
    A factory rather than ``None``, so the type says, and the schema shows, that ``null`` is refused."""
    return None


def _choice(choices: type[models.TextChoices]) -> WithJsonSchema:
    """The choices inline (a bare ``$ref`` with no default came out as a one-item ``allOf``)."""
    return WithJsonSchema({"type": "string", "enum": list(choices.values), "examples": [choices.values[0]]})


class CourseVersionPatch(Patch):
    """Only the fields sent change. None of them takes ``null``."""

    title: str = Field(default_factory=_omitted, min_length=1, max_length=200)
    summary: str = Field(default_factory=_omitted, max_length=2000)
    language: Annotated[Language, _choice(Language)] = Field(default_factory=_omitted)
    estimated_minutes: int = Field(default_factory=_omitted, ge=1, le=6000)
    topic: Annotated[Topic, _choice(Topic)] = Field(default_factory=_omitted)
    audience: Annotated[Audience, _choice(Audience)] = Field(default_factory=_omitted)
    organisations: list[IdOrSlug] = Field(
        default_factory=_omitted,
        max_length=1000,
        description="Organisations' ids (or short addresses), for chosen_organisations",
    )
    order_mode: Annotated[OrderMode, _choice(OrderMode)] = Field(default_factory=_omitted)
    pass_mark: int = Field(default_factory=_omitted, ge=0, le=100)
    issues_diploma: bool = Field(default_factory=_omitted)


class CourseVersionPath(CoursePath):
    version: UUID = Field(description="The version's id")


def _authored(user: Any, ident: str) -> Course:
    return find_course(authorable_courses(user).select_related("owner", "published_version"), ident)


def _version(user: Any, path: CourseVersionPath) -> CourseVersion:
    course = _authored(user, path.course)
    version = CourseVersion.objects.filter(course=course, public_id=path.version).first()
    if version is None:
        raise Http404
    version.course = course
    return version


def _course_out(course: Course) -> dict[str, Any]:
    draft = CourseVersion.objects.filter(course=course, status=VersionStatus.DRAFT).values_list("public_id", flat=True)
    return {
        "id": course.public_id,
        "slug": course.slug,
        "owner": course.owner.public_id if course.owner else None,
        "topic": course.topic,
        "created_at": course.created_at,
        "published_version": course.published_version.public_id if course.published_version else None,
        "draft": draft.first(),
    }


def _version_out(version: CourseVersion, organisations: list[UUID] | None = None) -> dict[str, Any]:
    if organisations is None:
        organisations = sorted(version.organisations.values_list("public_id", flat=True), key=str)
    return {
        "id": version.public_id,
        "course": version.course.public_id,
        "number": version.number,
        "status": version.status,
        "title": version.title,
        "summary": version.summary,
        "language": version.language,
        "estimated_minutes": version.estimated_minutes,
        "topic": version.course.topic,
        "audience": version.audience,
        "organisations": organisations,
        "order_mode": version.order_mode,
        "pass_mark": version.pass_mark,
        "issues_diploma": version.issues_diploma,
        "created_at": version.created_at,
        "published_at": version.published_at,
        "retired_at": version.retired_at,
        "publishing_problems": [str(p) for p in publishing_problems(version)] if version.is_editable else [],
    }


def _etag(item: dict[str, Any]) -> str:
    return etag_for(*(str(value) for value in item.values()))


def _version_response(version: CourseVersion, status: int = 200) -> HttpResponse:
    item = _version_out(version)
    response = JsonResponse(CourseVersionOut(**item).model_dump(mode="json"), status=status)
    response["ETag"] = _etag(item)
    if status == 201:
        response["Location"] = reverse(
            "api-v1:course_version", kwargs={"course": version.course.public_id, "version": version.public_id}
        )
    return response


@router.post(
    "",
    response={201: AuthoredCourseOut, **problems(404)},
    auth=AUTHENTICATED,
    summary="Create a course (authors)",
    description=(
        "A new course with an empty draft, version 1, as the page “New course” makes it. Programme managers "
        "may leave `owner` empty (a platform course); a coordinator names an organisation they coordinate. "
        "Add content in the authoring pages, or import a bundle instead (`POST /bundle-imports`)."
    ),
)
def create(request: HttpRequest, body: NewCourseIn) -> HttpResponse:
    user = api_user(request)
    if not may_author(user):
        raise Http404
    owner: Organisation | None = None
    if body.owner is not None:
        owner = get_by_id_or_slug(owner_choices(user), body.owner)
    elif not is_programme_manager(user):
        raise ValidationError({"owner": _("Choose the organisation that owns the course.")})
    try:
        slug = check_slug(body.slug)
    except ValidationError as exc:
        raise ValidationError({"slug": exc.messages}) from exc
    course = create_course(user, slug=slug, title=body.title.strip(), owner=owner, language=body.language)
    course = Course.objects.select_related("owner", "published_version").get(pk=course.pk)
    response = JsonResponse(AuthoredCourseOut(**_course_out(course)).model_dump(mode="json"), status=201)
    response["Location"] = reverse("api-v1:course_versions", kwargs={"course": course.public_id})
    return response


@router.get(
    "/{course}/versions",
    response={200: CourseVersionList, **problems(404)},
    auth=AUTHENTICATED,
    url_name="course_versions",
    summary="A course's versions (authors)",
    description="Newest first: the draft (if any), the published version, retired ones. Few queries for any number.",
)
def list_versions(request: HttpRequest, path: Path[CoursePath]) -> dict[str, Any]:
    course = _authored(api_user(request), path.course)
    versions = list(CourseVersion.objects.filter(course=course).order_by("-number"))
    through = CourseVersion.organisations.through
    chosen: dict[int, list[UUID]] = {}
    for version_id, org_id in through.objects.filter(courseversion__in=versions).values_list(
        "courseversion_id", "organisation__public_id"
    ):
        chosen.setdefault(version_id, []).append(org_id)
    items = []
    for version in versions:
        version.course = course
        items.append(_version_out(version, sorted(chosen.get(version.pk, []), key=str)))
    return {"items": items, "count": len(items)}


@router.post(
    "/{course}/versions",
    response={201: CourseVersionOut, **problems(404, 409)},
    auth=AUTHENTICATED,
    summary="Start a new draft (authors)",
    description=(
        "A copy of the published version (or of the newest one) to edit, as the page's “New draft” button. "
        "409 when the course has a draft already."
    ),
)
def new_draft(request: HttpRequest, path: Path[CoursePath]) -> HttpResponse:
    course = _authored(api_user(request), path.course)
    try:
        draft = actions.start_new_draft(api_user(request), course)
    except ValidationError as exc:
        raise HttpError(409, " ".join(exc.messages)) from exc
    draft.course = course
    return _version_response(draft, 201)


@router.get(
    "/{course}/versions/{version}",
    response={200: CourseVersionOut, **problems(404)},
    auth=AUTHENTICATED,
    url_name="course_version",
    summary="A version's settings (authors)",
    description="The `ETag` header names this state; send it as `If-Match` with a change.",
)
def get_version(request: HttpRequest, path: Path[CourseVersionPath]) -> HttpResponse:
    return _version_response(_version(api_user(request), path))


def _organisations(idents: list[str]) -> list[Organisation]:
    found: list[Organisation] = []
    missing: list[str] = []
    for ident in dict.fromkeys(idents):
        try:
            found.append(Organisation.objects.get(**lookup_filter(ident)))
        except (Organisation.DoesNotExist, Http404):
            missing.append(ident)
    if missing:
        raise ValidationError({"organisations": _("No organisation has the id %(ids)s.") % {"ids": ", ".join(missing)}})
    return found


def _settings_of(version: CourseVersion) -> dict[str, Any]:
    return {
        "title": version.title,
        "summary": version.summary,
        "language": version.language,
        "estimated_minutes": version.estimated_minutes,
        "topic": version.course.topic,
        "audience": version.audience,
        "order_mode": version.order_mode,
        "pass_mark": version.pass_mark,
        "issues_diploma": version.issues_diploma,
    }


@router.patch(
    "/{course}/versions/{version}",
    response={200: CourseVersionOut, **problems(404, 409, 412)},
    auth=AUTHENTICATED,
    summary="Change a draft's settings, its audience among them (authors)",
    description=(
        "Send only the fields to change. `audience` is `all_organisations`, `chosen_organisations` (with "
        "`organisations`, their ids) or `public`. Only a draft changes: 409 for a published or retired "
        "version (start a new draft). With `If-Match`, 412 when someone changed the settings since."
    ),
)
def update_version(request: HttpRequest, path: Path[CourseVersionPath], body: CourseVersionPatch) -> HttpResponse:
    user = api_user(request)
    version = _version(user, path)
    changes = body.changes()
    with transaction.atomic():
        # Lock, then compare: a concurrent change either finished before (412 here) or waits for this one.
        locked = CourseVersion.objects.select_for_update(of=("self",)).get(pk=version.pk)
        locked.course = version.course
        check_if_match(request, _etag(_version_out(locked)))
        if not locked.is_editable:
            raise HttpError(409, _("Only a draft's settings can change. Start a new draft first."))
        organisations = (
            _organisations(changes.pop("organisations"))
            if "organisations" in changes
            else list(locked.organisations.all())
        )
        settings: dict[str, Any] = {**_settings_of(locked), **changes}
        value = settings.__getitem__
        updated = actions.update_settings(
            user,
            locked,
            title=str(value("title")),
            summary=str(value("summary")),
            language=str(value("language")),
            estimated_minutes=int(value("estimated_minutes")),
            topic=str(value("topic")),
            audience=str(value("audience")),
            organisations=organisations,
            order_mode=str(value("order_mode")),
            pass_mark=int(value("pass_mark")),
            issues_diploma=bool(value("issues_diploma")),
        )
    updated.course = Course.objects.select_related("owner").get(pk=updated.course_id)
    return _version_response(updated)


@router.post(
    "/{course}/versions/{version}/publish",
    response={200: CourseVersionOut, **problems(404, 409, 412)},
    auth=AUTHENTICATED,
    summary="Publish a draft (authors)",
    description=(
        "As the page's “Publish” button: the draft becomes the published version and the one before it "
        "is retired (its learners keep it). 409 for a version that is not a draft; 422 with every "
        "problem (`errors.publishing`) when the draft cannot be published yet."
    ),
)
def publish(request: HttpRequest, path: Path[CourseVersionPath]) -> HttpResponse:
    user = api_user(request)
    version = _version(user, path)
    check_if_match(request, _etag(_version_out(version)))
    if not version.is_editable:
        raise HttpError(409, _("Only a draft can be published."))
    try:
        published = publish_version(user, version)
    except ValidationError as exc:
        raise ValidationError({"publishing": exc.messages}) from exc
    published.course = Course.objects.select_related("owner").get(pk=published.course_id)
    return _version_response(published)
