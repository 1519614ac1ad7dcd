"""The completion import in the API: ``POST /api/v1/courses/{course}/completions/import``.

Mounted on the ``/courses`` prefix beside the courses router. The same all-or-nothing import
as the coordinator page, run as a background job (``jamlik.courses.import_jobs``): the upload
answers 202 with the job and its address (``Location``), and ``GET
/api/v1/completion-imports/{id}`` (``jobs_router``) tells its progress and outcome, every problem listed
by row number and column.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import File, Path, Query, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from jamlik.courses import import_jobs, imports
from jamlik.courses.api.common import CoursePath, IdOrSlug, find_course, organisation_for_coordinator, problems
from jamlik.courses.group import group_courses
from jamlik.courses.models import CompletionImport, ImportLineKind
from jamlik.people.api_auth import AUTHENTICATED, api_user

router = Router(tags=["courses"])
# /completion-imports/{id}: under /courses the path would be ambiguous with /courses/{course}/….
jobs_router = Router(tags=["courses"])


class ImportTarget(Schema):
    organisation: IdOrSlug = Field(description="The organisation the people belong to: its id (or short address)")


class RowProblem(Schema):
    row: int = Field(description="Row number as a spreadsheet shows it (the header is row 1; 0: the whole file)")
    column: str
    message: str


class ImportJobOut(Schema):
    id: UUID = Field(description="The import job's id")
    state: str = Field(description="queued, checking, saving, done, rejected (nothing imported: see rows) or failed")
    total_rows: int = Field(description="Rows under the header (0 until the file is read)")
    checked_rows: int
    imported: int = Field(description="Completions recorded (when done)")
    already_completed: list[str] = Field(description="People who had completed the course before; left unchanged")
    rows: list[RowProblem] = Field(description="Every problem by row and column (when rejected)")


class ImportProblem(Schema):
    type: str
    title: str
    status: int
    detail: str
    rows: list[RowProblem]


@router.post(
    "/{course}/completions/import",
    response={202: ImportJobOut, 422: ImportProblem, **problems(404)},
    auth=AUTHENTICATED,
    summary="Import completions made elsewhere (coordinators), all or nothing, in the background",
    description=(
        "Send a CSV or XLSX file as `file` (multipart) with the columns `email`, `completed_on` "
        "(YYYY-MM-DD) and optionally `unit`. The answer is 202 with the job, whose address is in "
        "`Location`; ask it until `state` is `done`, `rejected` (nothing imported, every problem in "
        "`rows`) or `failed`. A file over the size limit answers 422 at once. The course is named by its "
        "id or its short address (slug), as `jamlik import-completions --course` takes either; 404 for a "
        "course not open to the organisation, or an organisation the caller does not coordinate."
    ),
)
def import_course_completions(
    request: HttpRequest, path: Path[CoursePath], target: Query[ImportTarget], file: File[UploadedFile]
) -> Any:
    user = api_user(request)
    organisation = organisation_for_coordinator(user, target.organisation)
    course = find_course(group_courses(organisation).select_related("published_version"), path.course)
    try:
        if (file.size or 0) > imports.MAX_BYTES:
            raise imports.ImportRejected([imports.RowError(0, "", _("The file is larger than 5 MB."))])
        job = import_jobs.start_import(
            user,
            organisation,
            course,
            filename=file.name or "",
            content=file.read(),
            language=translation.get_language() or "sv",
        )
    except imports.ImportRejected as exc:
        return _rejected(exc)
    response = JsonResponse(_job(job), status=202)
    response["Location"] = reverse("api-v1:completion_import", kwargs={"job_id": job.public_id})
    return response


@jobs_router.get(
    "/{job_id}",
    auth=AUTHENTICATED,
    response={200: ImportJobOut, **problems(404)},
    url_name="completion_import",
    summary="A completion import's progress and outcome (the person who started it)",
)
def completion_import(request: HttpRequest, job_id: UUID) -> Any:
    return _job(import_jobs.get_import_for_user(api_user(request), job_id))


def _job(job: CompletionImport) -> dict[str, Any]:
    lines = list(job.lines.all()) if job.finished else []
    return {
        "id": str(job.public_id),
        "state": job.state,
        "total_rows": job.total_rows,
        "checked_rows": job.checked_rows,
        "imported": job.imported,
        "already_completed": [line.message for line in lines if line.kind == ImportLineKind.UNCHANGED],
        "rows": [
            {"row": line.row, "column": line.column, "message": line.message}
            for line in lines
            if line.kind == ImportLineKind.PROBLEM
        ],
    }


def _rejected(exc: imports.ImportRejected) -> HttpResponse:
    body = {
        "type": "about:blank",
        "title": _("Nothing was imported."),
        "status": 422,
        "detail": _("Correct the rows listed in rows and send the file again."),
        "rows": [{"row": e.row, "column": e.column, "message": e.message} for e in exc.errors],
    }
    return JsonResponse(body, status=422, content_type="application/problem+json")
