"""Course bundle imports as background jobs: copying up to a gigabyte of media takes longer than a request.

``start_bundle_import`` keeps the uploaded zip in private storage and enqueues
``run_bundle_import`` when the job row commits; the page redirects to the job's page at once. The
worker claims the job with a conditional update, imports it with ``bundle.import_course`` (all or
nothing, its own transaction), records the draft course or the problems, and deletes the zip.
"""

from __future__ import annotations

import logging
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django_tasks import task

from jamlik.audit.models import record
from jamlik.courses import bundle
from jamlik.courses.authoring.access import authorable_courses
from jamlik.courses.models import BundleImport, BundleState, Course
from jamlik.people.models import Organisation, User

logger = logging.getLogger(__name__)


@transaction.atomic
def start_bundle_import(
    actor: User,
    organisation: Organisation | None,
    upload: UploadedFile[bytes],
    *,
    language: str,
    target: Course | None = None,
) -> BundleImport:
    """Keep the zip and queue its import: a new course for ``organisation``, or a new draft version of
    ``target`` (then ``organisation`` is the course's owner, None for a platform course)."""
    if target is not None and not authorable_courses(actor).filter(pk=target.pk).exists():
        raise PermissionDenied
    job = BundleImport(organisation=organisation, target=target, created_by=actor, filename=(upload.name or "")[:200])
    job.language = language[:8]
    job.file.save("bundle.zip", upload, save=False)
    job.save()
    transaction.on_commit(lambda: run_bundle_import.enqueue(job.pk))
    record(
        "course.bundle_import_started",
        actor=actor,
        organisation=organisation,
        target=job,
        summary=job.filename,
        after={"bytes": upload.size},
    )
    return job


def get_bundle_import_for_user(user: User, public_id: UUID) -> BundleImport:
    """The person's own bundle import; 404 for anyone else's."""
    found = BundleImport.objects.select_related("course", "version", "organisation").filter(
        public_id=public_id, created_by=user
    )
    job = found.first()
    if job is None:
        raise Http404
    return job


@task()
def run_bundle_import(job_id: int) -> None:
    if not BundleImport.objects.filter(pk=job_id, state=BundleState.QUEUED).update(state=BundleState.RUNNING):
        return  # already run (a task delivered twice), or gone
    job = BundleImport.objects.select_related("organisation", "created_by", "target").get(pk=job_id)
    with translation.override(job.language):
        try:
            with job.file.open("rb") as handle:
                if job.target is not None:
                    version = bundle.import_version(job.created_by, job.target, handle)
                    _finish(job, BundleState.DONE, course_id=version.course_id, version_id=version.pk)
                    return
                assert job.organisation is not None  # noqa: S101 (a new course's job always names one)
                course = bundle.import_course(job.created_by, job.organisation, handle)
        except bundle.BundleError as exc:
            _finish(job, BundleState.REJECTED, problems="\n".join(m.replace("\n", " ") for m in exc.messages))
        except Exception:
            logger.exception("bundle import %s failed", job.public_id)
            _finish(job, BundleState.FAILED)
            raise
        else:
            draft = course.versions.values_list("pk", flat=True).first()  # a new course has one version
            _finish(job, BundleState.DONE, course_id=course.pk, version_id=draft)


def _finish(
    job: BundleImport,
    state: BundleState,
    *,
    problems: str = "",
    course_id: int | None = None,
    version_id: int | None = None,
) -> None:
    name = job.file.name
    BundleImport.objects.filter(pk=job.pk).update(
        state=state,
        problems=problems,
        course_id=course_id,
        version_id=version_id,
        finished_at=timezone.now(),
        file="",
    )
    if name:
        job.file.storage.delete(name)  # the zip is not kept once read
