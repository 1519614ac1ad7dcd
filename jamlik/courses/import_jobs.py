"""Completion imports as background jobs: upload, wait on a progress page, read the outcome.

``start_import`` (the page and the API call it) saves the file in a ``CompletionImport`` row and
enqueues ``run_import`` when that row commits; the request answers at once. The worker claims the
job with a conditional update (a second delivery of the same task finds it claimed and does
nothing), checks the rows outside any transaction, telling the progress page as it goes, then
writes everything — completions, lessons, audit entries and the campaign counting — in one
transaction (``imports.import_completions``). Whatever happens, the job ends ``done``,
``rejected`` (the file's problems listed row by row) or ``failed`` (nothing saved), and the file
itself is deleted.
"""

from __future__ import annotations

import logging
from uuid import UUID

from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from jamlik.audit.models import record
from jamlik.courses import imports
from jamlik.courses.models import CompletionImport, Course, ImportLine, ImportLineKind, ImportState
from jamlik.people.access import coordinated_organisations
from jamlik.people.models import Organisation, User

logger = logging.getLogger(__name__)


@transaction.atomic
def start_import(
    actor: User, organisation: Organisation, course: Course, *, filename: str, content: bytes, language: str
) -> CompletionImport:
    """Keep the file and queue the import; the worker starts when this commits."""
    if len(content) > imports.MAX_BYTES:
        raise imports.ImportRejected(
            [
                imports.RowError(
                    0,
                    "",
                    _("The file is larger than %(mb)d MB. Split it into smaller files.")
                    % {"mb": imports.MAX_BYTES // (1024 * 1024)},
                )
            ]
        )
    job = CompletionImport.objects.create(
        organisation=organisation,
        course=course,
        created_by=actor,
        filename=filename[:200],
        content=content,
        language=language[:8],
    )
    record(
        "course.completion_import_started",
        actor=actor,
        organisation=organisation,
        target=course,
        summary=f"{course.slug}: {filename}"[:300],
        after={"job": str(job.public_id), "bytes": len(content)},
    )
    transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return job


def get_import_for_user(user: User, public_id: UUID) -> CompletionImport:
    """The person's own import, for an organisation they still coordinate; 404 for anyone else's."""
    found = (
        CompletionImport.objects.select_related("organisation", "course__published_version")
        .filter(public_id=public_id, created_by=user, organisation__in=coordinated_organisations(user))
        .defer("content")
        .first()
    )
    if found is None:
        raise Http404
    return found


@task()
def run_import(job_id: int) -> None:
    claimed = CompletionImport.objects.filter(pk=job_id, state=ImportState.QUEUED).update(
        state=ImportState.CHECKING, started_at=timezone.now()
    )
    if not claimed:
        return  # already run (a task delivered twice), or gone
    job = CompletionImport.objects.select_related("organisation", "course__published_version", "created_by").get(
        pk=job_id
    )
    with translation.override(job.language):
        _run(job)


def _progress(job: CompletionImport, rows: int) -> None:
    CompletionImport.objects.filter(pk=job.pk).update(checked_rows=rows)


def _run(job: CompletionImport) -> None:
    try:
        rows = imports.read_rows(job.filename, bytes(job.content))
        CompletionImport.objects.filter(pk=job.pk).update(total_rows=len(rows))
        version = imports.published_version(job.course)
        checked = imports.check_rows(job.organisation, version, rows, lambda n: _progress(job, n))
        CompletionImport.objects.filter(pk=job.pk).update(state=ImportState.SAVING)
        with transaction.atomic():
            result = imports.write_completions(
                job.created_by, job.organisation, job.course, version, checked, filename=job.filename
            )
            ImportLine.objects.bulk_create(
                [
                    ImportLine(job=job, kind=ImportLineKind.UNCHANGED, row=row, column="email", message=email)
                    for row, email in zip(result.already_completed_rows, result.already_completed, strict=True)
                ],
                batch_size=2000,
            )
            _finish(job, ImportState.DONE, imported=len(result.imported), unchanged=len(result.already_completed))
    except imports.ImportRejected as rejected:
        with transaction.atomic():
            ImportLine.objects.bulk_create(
                [
                    ImportLine(
                        job=job, kind=ImportLineKind.PROBLEM, row=e.row, column=e.column, message=e.message[:500]
                    )
                    for e in rejected.errors
                ],
                batch_size=2000,
            )
            _finish(job, ImportState.REJECTED)
    except Exception:
        logger.exception("completion import %s failed", job.public_id)
        _finish(job, ImportState.FAILED)
        raise


def _finish(job: CompletionImport, state: ImportState, *, imported: int = 0, unchanged: int = 0) -> None:
    CompletionImport.objects.filter(pk=job.pk).update(
        state=state,
        imported=imported,
        unchanged=unchanged,
        checked_rows=F("total_rows") if state == ImportState.DONE else F("checked_rows"),
        finished_at=timezone.now(),
        content=b"",  # the file (names and email addresses) is not kept once read
    )
