"""Content packages in the API: a course version exported as a SCORM package (docs/scorm.md, "Export").

``GET /courses/{course}/versions/{version}/scorm?standard=scorm12|scorm2004`` answers the zip
to the course's authors (the same people as the authoring pages); anyone else gets 404, as
for a course that does not exist.
"""

from __future__ import annotations

import tempfile
from typing import Literal

from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from ninja import Path, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from jamlik.courses.api.common import problems
from jamlik.courses.authoring.access import authorable_courses
from jamlik.courses.models import CourseVersion
from jamlik.lib.api.lookup import as_uuid, get_by_id_or_slug
from jamlik.packages.export import ExportError, export_version
from jamlik.people.api_auth import AUTHENTICATED, api_user

router = Router(tags=["courses"])


class ScormVersionPath(Schema):
    course: str = Field(max_length=100, description="The course's id (or its short address)")
    version: str = Field(max_length=40, description="The version's id (or its number)")


class ScormQuery(Schema):
    standard: Literal["scorm12", "scorm2004"] = Field(
        "scorm12", description="`scorm12` (SCORM 1.2) or `scorm2004` (SCORM 2004 4th edition)"
    )


ZIP_ANSWER = {
    "description": "The SCORM package (a zip with `imsmanifest.xml` at its root)",
    "headers": {"Content-Disposition": {"schema": {"type": "string"}, "description": "attachment; filename=…"}},
    "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
}


def _version(request: HttpRequest, path: ScormVersionPath) -> CourseVersion:
    course = get_by_id_or_slug(authorable_courses(api_user(request)), path.course)
    found = as_uuid(path.version)
    if found is not None:
        match = Q(public_id=found)
    elif path.version.isdigit() and len(path.version) < 10:
        match = Q(number=int(path.version))
    else:
        raise Http404
    version = CourseVersion.objects.filter(match, course=course).first()
    if version is None:
        raise Http404
    version.course = course
    return version


@router.get(
    "/{course}/versions/{version}/scorm",
    response=problems(404, 409),
    auth=AUTHENTICATED,
    url_name="course_version_scorm",
    summary="A version as a SCORM package (authors)",
    description=(
        "The version's lessons as static pages with their media and captions, its knowledge checks "
        "scored against the pass mark, in one SCO that reports status and score to the LMS. "
        "Reflections are shown as their question only. 409 when the version has no lessons."
    ),
    openapi_extra={"responses": {"200": ZIP_ANSWER}},
)
def scorm_package(request: HttpRequest, path: Path[ScormVersionPath], query: Query[ScormQuery]) -> HttpResponseBase:
    version = _version(request, path)
    target = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    try:
        summary = export_version(version, query.standard, target)
    except ExportError as exc:
        target.close()
        raise HttpError(409, str(exc)) from exc
    target.seek(0)
    return FileResponse(target, as_attachment=True, filename=summary.filename, content_type="application/zip")
