"""The completion import in the API: ``POST /api/v1/courses/{course_id}/completions/import``.

Mounted on the ``/courses`` prefix beside the courses router. The same all-or-nothing import
as the coordinator page (``jamlik.courses.imports``); a rejected file answers 422 with
problem details whose ``rows`` list every problem by row number and column.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from jamlik.api.auth import AUTHENTICATED, api_user
from jamlik.courses import imports
from jamlik.courses.group import group_courses
from jamlik.people.access import get_organisation_for_coordinator

router = Router(tags=["courses"])


class ImportTarget(Schema):
    organisation: str = Field(description="Short address (slug) of the organisation the people belong to")


class ImportOut(Schema):
    imported: int = Field(description="Completions recorded by this import")
    already_completed: list[str] = Field(description="People who had completed the course before; left unchanged")


class RowProblem(Schema):
    row: int = Field(description="Row number as a spreadsheet shows it (the header is row 1; 0: the whole file)")
    column: str
    message: str


class ImportProblem(Schema):
    type: str
    title: str
    status: int
    detail: str
    rows: list[RowProblem]


@router.post(
    "/{course_id}/completions/import",
    response={201: ImportOut, 422: ImportProblem},
    auth=AUTHENTICATED,
    summary="Import completions made elsewhere (coordinators), all or nothing",
    description=(
        "Send a CSV or XLSX file as `file` (multipart) with the columns `email`, `completed_on` "
        "(YYYY-MM-DD) and optionally `unit`. If any row has a problem nothing is imported and the "
        "answer is 422 with every problem in `rows`."
    ),
)
def import_course_completions(
    request: HttpRequest, course_id: UUID, target: Query[ImportTarget], file: File[UploadedFile]
) -> Any:
    organisation = get_organisation_for_coordinator(api_user(request), target.organisation)
    course = group_courses(organisation).select_related("published_version").filter(public_id=course_id).first()
    if course is None:
        raise Http404
    try:
        if (file.size or 0) > imports.MAX_BYTES:
            raise imports.ImportRejected([imports.RowError(0, "", _("The file is larger than 5 MB."))])
        result = imports.import_completions(
            api_user(request), organisation, course, filename=file.name or "", content=file.read()
        )
    except imports.ImportRejected as exc:
        return _rejected(exc)
    return Status(201, {"imported": len(result.imported), "already_completed": result.already_completed})


def _rejected(exc: imports.ImportRejected) -> HttpResponse:
    body = {
        "type": "about:blank",
        "title": _("Nothing was imported."),
        "status": 422,
        "detail": _("Correct the rows listed in rows and send the file again."),
        "rows": [{"row": e.row, "column": e.column, "message": e.message} for e in exc.errors],
    }
    return JsonResponse(body, status=422, content_type="application/problem+json")
