"""SCORM packages in the API: a new course from a package, or a new version of a package course.

``POST /courses/packages`` (multipart: ``file``, and ``owner`` and ``language`` for the new course)
and ``POST /courses/{course}/packages`` (``file``) run the same action as the upload page
(``actions.import_package``), in the request: the package is checked, unpacked and written, or
nothing is. They answer 201 with the new draft version (as ``GET /courses/{course}/versions/{version}``
shows it), 422 with every problem found in the package (``errors.file``), 409 when the course has
a draft already. Who may: programme managers (any owner, or none: a platform course), coordinators
for the organisations they coordinate; anyone else gets 404. Mounted in ``jamlik/api/api.py``
before the courses router, whose ``/{course}`` would otherwise take ``packages``. (``api.py`` beside
this module is the export's router.)
"""

from __future__ import annotations

from typing import IO, cast

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Path, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from jamlik.courses.api.authoring import CourseVersionOut
from jamlik.courses.api.authoring import _version_response as version_response
from jamlik.courses.api.common import CoursePath, IdOrSlug, find_course, problems
from jamlik.courses.authoring.access import authorable_courses, is_programme_manager, may_author, owner_choices
from jamlik.courses.models import Course, CourseVersion
from jamlik.lib.api.lookup import get_by_id_or_slug
from jamlik.packages.actions import import_package
from jamlik.packages.zipcheck import PackageConflict, PackageRejected
from jamlik.people.api_auth import AUTHENTICATED, api_user
from jamlik.people.models import Language, Organisation, User

router = Router(tags=["courses"])


class PackageCourseIn(Schema):
    owner: IdOrSlug | None = Field(
        None, description="The owning organisation's id (or short address); required unless a programme manager"
    )
    language: Language = Field(Language.SV, description="The course's language")


def _imported(user: User, file: UploadedFile, **kw: object) -> HttpResponse:
    try:
        version = import_package(user, cast(IO[bytes], file), filename=file.name or "", **kw)  # type: ignore[arg-type]
    except PackageConflict as exc:
        raise HttpError(409, " ".join(exc.messages)) from exc
    except PackageRejected as exc:
        raise ValidationError({"file": exc.messages}) from exc
    version = CourseVersion.objects.select_related("course").get(pk=version.pk)
    return version_response(version, 201)


@router.post(
    "/packages",
    response={201: CourseVersionOut, **problems(404)},
    auth=AUTHENTICATED,
    summary="Create a course from a SCORM package (authors)",
    description=(
        "Send a SCORM 1.2 or 2004 zip as `file` (multipart form), with `owner` (an organisation you may "
        "author for; programme managers may leave it out for a platform course) and `language`. The package "
        "is checked and imported in the request: 201 with the new draft version (`delivery` scorm), or 422 "
        "naming every problem in `errors.file`, with nothing kept. Then set the audience and publish it as "
        "any other version."
    ),
)
def import_course(request: HttpRequest, target: Form[PackageCourseIn], file: File[UploadedFile]) -> HttpResponse:
    user = api_user(request)
    if not may_author(user):
        raise Http404
    owner: Organisation | None = None
    if target.owner is not None:
        owner = get_by_id_or_slug(owner_choices(user), target.owner)
    elif not is_programme_manager(user):
        raise ValidationError({"owner": _("Choose the organisation that owns the course.")})
    return _imported(user, file, organisation=owner, language=target.language)


@router.post(
    "/{course}/packages",
    response={201: CourseVersionOut, **problems(404, 409)},
    auth=AUTHENTICATED,
    summary="Upload a new version of a SCORM course (authors)",
    description=(
        "The package (`file`, multipart) becomes the next version of this SCORM course, a draft with the "
        "settings of the version before it. Learners keep the version they started. 409 when the course has "
        "a draft already, 422 when the package is refused or the course is not a SCORM course."
    ),
)
def import_version(request: HttpRequest, path: Path[CoursePath], file: File[UploadedFile]) -> HttpResponse:
    user = api_user(request)
    course: Course = find_course(authorable_courses(user).select_related("owner"), path.course)
    return _imported(user, file, course=course)
