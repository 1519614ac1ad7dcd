"""Bulk diploma issue in the API (programme managers): ``POST /api/v1/credentials/bulk-issues``.

The same background job as the issue page (``jamlik.credentials.bulk_jobs``): the request answers
202 with the job and its address (``Location``); ``GET /api/v1/credentials/bulk-issues/{id}``
tells its progress and, when it is done, who got a diploma and who was skipped and why.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import translation
from ninja import Router, Schema
from pydantic import Field

from jamlik.courses.api.common import IdOrSlug
from jamlik.courses.models import Course
from jamlik.credentials import bulk_jobs
from jamlik.credentials.models import BulkIssueJob
from jamlik.lib.api.lookup import get_by_id_or_slug
from jamlik.lib.api.payload import Payload
from jamlik.people.api_auth import AUTHENTICATED, api_user

router = Router(tags=["credentials"])


class BulkIssueIn(Payload):
    course: IdOrSlug = Field(description="The course's id (or short address); everyone who completed it gets a diploma")


class BulkIssueLineOut(Schema):
    email: str
    outcome: str = Field(description="issued, has_one (kept the diploma they had) or no_name (waits for their name)")
    code: str | None = Field(description="The diploma's verification code (issued only)")


class BulkIssueOut(Schema):
    id: UUID = Field(description="The job's id")
    state: str = Field(description="queued, running, done or failed (the diplomas issued before the error are kept)")
    total: int = Field(description="Completions of the course (0 until the job starts)")
    processed: int
    issued: int
    had_one: int
    no_name: int
    people: list[BulkIssueLineOut] = Field(description="Everyone's outcome (when finished)")


@router.post(
    "/bulk-issues",
    response={202: BulkIssueOut},
    auth=AUTHENTICATED,
    summary="Issue diplomas to everyone who completed a course (programme managers), in the background",
)
def start_bulk_issue(request: HttpRequest, body: BulkIssueIn) -> Any:
    user = api_user(request)
    if not user.is_programme_manager:
        raise Http404
    course = get_by_id_or_slug(Course.objects.filter(published_version__isnull=False), body.course)
    job = bulk_jobs.start_bulk_issue(user, course, language=translation.get_language() or "sv")
    response = JsonResponse(_job(job), status=202)
    response["Location"] = reverse("api-v1:bulk_issue", kwargs={"job_id": job.public_id})
    return response


@router.get(
    "/bulk-issues/{job_id}",
    response=BulkIssueOut,
    auth=AUTHENTICATED,
    url_name="bulk_issue",
    summary="A bulk diploma issue's progress and outcome (the programme manager who started it)",
)
def bulk_issue(request: HttpRequest, job_id: UUID) -> Any:
    return _job(bulk_jobs.get_bulk_issue_for_user(api_user(request), job_id))


def _job(job: BulkIssueJob) -> dict[str, Any]:
    lines = job.lines.select_related("recipient", "diploma") if job.finished else []
    return {
        "id": str(job.public_id),
        "state": job.state,
        "total": job.total,
        "processed": job.processed,
        "issued": job.issued,
        "had_one": job.had_one,
        "no_name": job.no_name,
        "people": [
            {
                "email": line.recipient.email,
                "outcome": line.outcome,
                "code": line.diploma.display_code if line.diploma else None,
            }
            for line in lines
        ],
    }
