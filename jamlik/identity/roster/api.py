"""The staff list in the API: upload for a preview, read it, apply it, declare its headcount.

Mounted at ``/api/v1/roster-imports``. The same background job as the coordinator's page
(``jamlik.identity.roster.actions``): ``POST /roster-imports?organisation=…`` answers 202 with the
job and its address (``Location``); ``GET /roster-imports/{id}`` tells its progress, then the
preview (counts and the first rows of each group) or every problem by row; ``POST
/roster-imports/{id}/apply`` applies a checked list (202; 409 when the members changed after the
preview); ``POST /roster-imports/{id}/headcount`` declares the applied list's size as the headcount.
Only the person who uploaded the list, while a coordinator of its organisation, reaches the job.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from jamlik.identity.models import RosterImport, RosterLineKind
from jamlik.identity.roster import actions
from jamlik.identity.roster.reading import MAX_BYTES, RosterRejected, RowError
from jamlik.lib.api.fields import Day
from jamlik.lib.api.problems import problem
from jamlik.people.access import get_organisation_for_coordinator
from jamlik.people.api_auth import AUTHENTICATED, api_user

router = Router(tags=["staff lists"])


class RosterTarget(Schema):
    organisation: str = Field(
        max_length=200, description="The id of the organisation the list is for (its slug is accepted too)"
    )


class RosterRowProblem(Schema):
    row: int = Field(description="Row number as a spreadsheet shows it (the header is row 1; 0: the whole file)")
    column: str
    message: str


class RosterPerson(Schema):
    row: int = Field(description="Row on the list (0 for people not on it)")
    email: str
    name: str
    unit: str = Field(description="The unit the list gives (for leavers and kept members: their unit)")
    detail: str = Field(description="Unit before (changes), how they joined (taken over), or why they are kept")


class RosterCounts(Schema):
    listed: int = Field(description="People on the list: the size offered as the headcount")
    new_people: int = Field(description="People without an account yet, created without a password")
    joining: int = Field(description="New memberships (new people included), and approvals of waiting ones")
    taken_over: int = Field(description="Members by hand, email domain or invitation, managed by the list from now on")
    moving: int = Field(description="Unit changes")
    leaving: int = Field(description="Learners added by a staff list before and missing now: their memberships end")
    kept: int = Field(description="Coordinators and members managed otherwise (not on the list, or by SCIM or SSO)")
    new_units: int
    unchanged: int


class RosterPreview(Schema):
    joining: list[RosterPerson]
    new_people: list[RosterPerson]
    taken_over: list[RosterPerson]
    moving: list[RosterPerson]
    leaving: list[RosterPerson]
    kept: list[RosterPerson]
    new_units: list[str]


class RosterJobOut(Schema):
    id: UUID
    organisation: UUID = Field(description="The organisation's id")
    state: str = Field(
        description="queued, checking, ready (confirm with apply), rejected (see problems), confirmed, applying, "
        "done, stale (the members changed after the preview: nothing applied), discarded or failed"
    )
    total_rows: int
    checked_rows: int
    counts: RosterCounts
    preview: RosterPreview = Field(description=f"The first {actions.PREVIEW_ROWS} of each group")
    problems: list[RosterRowProblem]
    headcount_declared: bool


class RosterProblem(Schema):
    type: str
    title: str
    status: int
    detail: str
    rows: list[RosterRowProblem]


class RosterRefusal(Schema):
    type: str
    title: str
    status: int
    detail: str


class RosterHeadcountIn(Schema):
    as_of: Day


class RosterHeadcountOut(Schema):
    id: UUID = Field(description="The declaration's id, as in `/organisations/{organisation_id}/headcount`")
    headcount: int
    as_of: Day


@router.post(
    "",
    response={202: RosterJobOut, 422: RosterProblem},
    auth=AUTHENTICATED,
    summary="Upload a staff list for a preview (coordinators); nothing changes until it is applied",
    description=(
        "Send a CSV or XLSX file as `file` (multipart). Columns: `E-postadress` (or `E-post`, `email`), and "
        "optionally `Förnamn`, `Efternamn`, `Namn`, `Enhet` (`first name`, `last name`, `name`, `unit`). "
        "The answer is 202 with the job, whose address is in `Location`; ask it until `state` is `ready` "
        "(then apply it) or `rejected` (every problem in `problems`)."
    ),
)
def upload_roster(request: HttpRequest, target: Query[RosterTarget], file: File[UploadedFile]) -> Any:
    user = api_user(request)
    organisation = get_organisation_for_coordinator(user, target.organisation)
    try:
        if (file.size or 0) > MAX_BYTES:
            raise RosterRejected([RowError(0, "", _("The file is larger than 5 MB. Split it into smaller files."))])
        job = actions.start_roster_import(
            user,
            organisation,
            filename=file.name or "",
            content=file.read(),
            language=translation.get_language() or "sv",
        )
    except RosterRejected as exc:
        return _rejected(exc)
    return _accepted(job)


@router.get(
    "/{job_id}",
    response=RosterJobOut,
    auth=AUTHENTICATED,
    url_name="roster_import",
    summary="A staff list's progress, preview and outcome (the person who uploaded it)",
)
def roster_import(request: HttpRequest, job_id: UUID) -> Any:
    return _job(actions.get_roster_import_for_user(api_user(request), job_id))


@router.post(
    "/{job_id}/apply",
    response={202: RosterJobOut, 409: RosterRefusal},
    auth=AUTHENTICATED,
    summary="Apply a checked staff list in the background (409 when the members changed after the preview)",
)
def apply_roster(request: HttpRequest, job_id: UUID) -> Any:
    user = api_user(request)
    job = actions.get_roster_import_for_user(user, job_id)
    try:
        job = actions.confirm_roster_import(user, job)
    except ValidationError as exc:
        return problem(409, _("The staff list was not applied."), " ".join(exc.messages))
    return _accepted(job)


@router.post(
    "/{job_id}/headcount",
    response={201: RosterHeadcountOut, 409: RosterRefusal},
    auth=AUTHENTICATED,
    summary="Declare an applied staff list's size as the organisation's headcount, as of a day",
    description="201 with the declaration; `Location` is its address among the organisation's declarations.",
)
def declare_roster_headcount(
    request: HttpRequest, job_id: UUID, payload: RosterHeadcountIn, response: HttpResponse
) -> Any:
    user = api_user(request)
    job = actions.get_roster_import_for_user(user, job_id)
    try:
        declaration = actions.declare_roster_headcount(user, job, as_of=payload.as_of)
    except ValidationError as exc:
        return problem(409, _("The headcount was not declared."), " ".join(exc.messages))
    response["Location"] = reverse(
        "api-v1:organisation_headcount",
        kwargs={"organisation_id": job.organisation.public_id, "declaration_id": declaration.public_id},
    )
    return Status(201, {"id": declaration.public_id, "headcount": declaration.headcount, "as_of": declaration.as_of})


def _accepted(job: RosterImport) -> HttpResponse:
    job = RosterImport.objects.select_related("organisation").defer("content").get(pk=job.pk)
    response = JsonResponse(_job(job), status=202)
    response["Location"] = reverse("api-v1:roster_import", kwargs={"job_id": job.public_id})
    return response


def _person(line: Any) -> dict[str, Any]:
    return {"row": line.row, "email": line.email, "name": line.name, "unit": line.unit, "detail": line.detail}


def _job(job: RosterImport) -> dict[str, Any]:
    groups: dict[str, list[Any]] = {kind: [] for kind in RosterLineKind.values}
    if not job.running:
        for line in job.lines.all():
            groups[line.kind].append(line)
    return {
        "id": str(job.public_id),
        "organisation": str(job.organisation.public_id),
        "state": job.state,
        "total_rows": job.total_rows,
        "checked_rows": job.checked_rows,
        "counts": {
            name: getattr(job, name)
            for name in (
                "listed",
                "new_people",
                "joining",
                "taken_over",
                "moving",
                "leaving",
                "kept",
                "new_units",
                "unchanged",
            )
        },
        "preview": {
            "joining": [_person(x) for x in groups[RosterLineKind.JOINING]],
            "new_people": [_person(x) for x in groups[RosterLineKind.NEW_PERSON]],
            "taken_over": [_person(x) for x in groups[RosterLineKind.TAKEN_OVER]],
            "moving": [_person(x) for x in groups[RosterLineKind.MOVING]],
            "leaving": [_person(x) for x in groups[RosterLineKind.LEAVING]],
            "kept": [_person(x) for x in groups[RosterLineKind.KEPT]],
            "new_units": [x.unit for x in groups[RosterLineKind.NEW_UNIT]],
        },
        "problems": [{"row": x.row, "column": x.column, "message": x.detail} for x in groups[RosterLineKind.PROBLEM]],
        "headcount_declared": job.headcount_id is not None,
    }


def _rejected(exc: RosterRejected) -> HttpResponse:
    body = {
        "type": "about:blank",
        "title": _("Nothing was changed."),
        "status": 422,
        "detail": _("Correct the rows listed in rows and send the file again."),
        "rows": [{"row": e.row, "column": e.column, "message": e.message} for e in exc.errors],
    }
    return JsonResponse(body, status=422, content_type="application/problem+json")
