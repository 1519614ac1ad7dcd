"""Course bundles in the API: a new course from a bundle, or a new version of a course from one.

The same background job as the page “Import a course” (``courses.bundle_jobs``): the upload answers
202 with the job and its address (``Location``); ``GET /bundle-imports/{id}`` tells its
state and, when done, the draft course and version it made, or every problem that kept it from
being made (nothing is imported then).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from ninja import File, Form, Path, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from jamlik.courses import bundle_jobs
from jamlik.courses.api.common import CoursePath, IdOrSlug, find_course, problems, router
from jamlik.courses.authoring.access import authorable_courses, may_author, owner_choices
from jamlik.courses.models import BundleImport
from jamlik.lib.api.lookup import get_by_id_or_slug
from jamlik.people.api_auth import AUTHENTICATED, api_user

# ``/bundle-imports``: new courses and the jobs, beside ``/courses`` (the jobs' paths there would be
# ambiguous with ``/courses/{course}/…``). A new version is ``POST /courses/{course}/bundle-imports``.
jobs_router = Router(tags=["courses"])


class BundleImportOut(Schema):
    id: UUID = Field(description="The import job's id")
    state: str = Field(description="queued, running, done, rejected (nothing imported: see problems) or failed")
    course: UUID | None = Field(description="The course's id: the new draft course, or the course re-imported into")
    course_slug: str | None
    version: UUID | None = Field(description="The draft version made (when done)")
    version_number: int | None
    problems: list[str] = Field(description="Why nothing was imported (when rejected)")


class BundleOwnerIn(Schema):
    owner: IdOrSlug = Field(description="The organisation that adopts the course: its id (or short address)")


def _job(job: BundleImport) -> dict[str, Any]:
    course = job.course or job.target
    return {
        "id": job.public_id,
        "state": job.state,
        "course": course.public_id if course else None,
        "course_slug": course.slug if course else None,
        "version": job.version.public_id if job.version else None,
        "version_number": job.version.number if job.version else None,
        "problems": job.problem_list(),
    }


def _accepted(job: BundleImport) -> HttpResponse:
    job = BundleImport.objects.select_related("course", "target", "version").get(pk=job.pk)
    response = JsonResponse(BundleImportOut(**_job(job)).model_dump(mode="json"), status=202)
    response["Location"] = reverse("api-v1:bundle_import", kwargs={"job_id": job.public_id})
    return response


@jobs_router.post(
    "",
    response={202: BundleImportOut, **problems(404)},
    auth=AUTHENTICATED,
    summary="Create a course from a bundle (authors), in the background",
    description=(
        "Send the zip exported from a course (here or on another installation) as `file` and the adopting "
        "organisation as `owner` (multipart form). Programme managers may name any organisation, a "
        "coordinator one they coordinate. The new course is a draft with its own address; publish it with "
        "`POST /courses/{course}/versions/{version}/publish`."
    ),
)
def import_bundle(request: HttpRequest, target: Form[BundleOwnerIn], file: File[UploadedFile]) -> HttpResponse:
    user = api_user(request)
    if not may_author(user):
        raise Http404
    owner = get_by_id_or_slug(owner_choices(user), target.owner)
    job = bundle_jobs.start_bundle_import(user, owner, file, language=translation.get_language() or "sv")
    return _accepted(job)


@router.post(
    "/{course}/bundle-imports",
    response={202: BundleImportOut, **problems(404)},
    auth=AUTHENTICATED,
    summary="Import a bundle as a new version of a course (authors), in the background",
    description=(
        "For a course maintained elsewhere and brought in again: the bundle (`file`, multipart) becomes a "
        "new draft version of this course, which keeps its id, address and learners. The job is rejected "
        "when the course has a draft already."
    ),
)
def reimport_bundle(request: HttpRequest, path: Path[CoursePath], file: File[UploadedFile]) -> HttpResponse:
    user = api_user(request)
    course = find_course(authorable_courses(user).select_related("owner"), path.course)
    job = bundle_jobs.start_bundle_import(
        user, course.owner, file, language=translation.get_language() or "sv", target=course
    )
    return _accepted(job)


@jobs_router.get(
    "/{job_id}",
    response={200: BundleImportOut, **problems(404)},
    auth=AUTHENTICATED,
    url_name="bundle_import",
    summary="A bundle import's state and outcome (the person who started it)",
)
def bundle_import(request: HttpRequest, job_id: UUID) -> dict[str, Any]:
    job = bundle_jobs.get_bundle_import_for_user(api_user(request), job_id)
    return _job(BundleImport.objects.select_related("course", "target", "version").get(pk=job.pk))
