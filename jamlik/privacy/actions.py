"""A person's export of their data: asked for, made by the worker, downloaded, deleted after a week.

``request_export`` writes a ``DataExport`` and enqueues ``make_export`` when it commits. The
worker claims the row with a conditional update (a second delivery of the task finds it claimed;
a row left ``running`` past the task lease by a worker that died is claimed again), writes the
ZIP to private storage and marks it ready until ``KEPT_DAYS`` from then. ``expire_exports``
(``jamlik expire_data_exports``, hourly) deletes the files of expired exports and keeps the rows
as the record of what was made. Asking, downloading and expiring are audited.
"""

from __future__ import annotations

import datetime
import logging
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from jamlik.audit.models import record
from jamlik.lib.tasks import RetryPolicy, retried
from jamlik.people.models import User
from jamlik.privacy import export
from jamlik.privacy.models import KEPT_DAYS, UNFINISHED_STATES, DataExport, ExportState

logger = logging.getLogger(__name__)


def request_export(actor: User, person: User, *, language: str) -> DataExport:
    """Ask for ``person``'s data as a download. Only the person may: nobody exports someone else."""
    if actor.pk != person.pk:
        raise PermissionDenied(_("You can only download your own data."))
    try:
        with transaction.atomic():
            made = DataExport.objects.create(person=person, language=language[:8])
            record(
                "privacy.export_requested",
                actor=actor,
                target=person,
                after={"export": str(made.public_id)},
            )
            transaction.on_commit(lambda: make_export.enqueue(made.pk))
    except IntegrityError as exc:  # one_unfinished_export: one is being made already
        raise ValidationError(
            _("Your download is already being made. This page shows when it is ready."), code="unfinished"
        ) from exc
    return made


@retried(RetryPolicy(max_attempts=3))  # reclaim_tasks retries it when its worker died
@task()
def make_export(export_id: int) -> None:
    now = timezone.now()
    lost = now - datetime.timedelta(seconds=settings.JAMLIK_TASK_LEASE_SECONDS)
    claimed = (
        DataExport.objects.filter(pk=export_id)
        .filter(Q(state=ExportState.QUEUED) | Q(state=ExportState.RUNNING, started_at__lt=lost))
        .update(state=ExportState.RUNNING, started_at=now)
    )
    if not claimed:
        return  # made already or being made (a task delivered twice), or gone
    made = DataExport.objects.select_related("person").get(pk=export_id)
    try:
        content = export.build(made.person, made.language)
        made.file.save("jamlik-data.zip", ContentFile(content), save=False)
    except Exception:
        logger.exception("data export %s failed", made.public_id)
        DataExport.objects.filter(pk=made.pk).update(state=ExportState.FAILED, finished_at=timezone.now())
        raise
    finished = timezone.now()
    DataExport.objects.filter(pk=made.pk).update(
        state=ExportState.READY,
        file=made.file.name,
        size=len(content),
        finished_at=finished,
        expires_at=finished + datetime.timedelta(days=KEPT_DAYS),
    )


@transaction.atomic
def record_download(actor: User, made: DataExport) -> None:
    """The audit entry of a download; the view has checked the export is the actor's and ready."""
    if actor.pk != made.person_id:
        raise PermissionDenied(_("You can only download your own data."))
    record("privacy.export_downloaded", actor=actor, target=made.person, after={"export": str(made.public_id)})


def expire_exports(now: datetime.datetime | None = None) -> int:
    """Delete the files of exports past their time (and of failed ones); keep the rows. Idempotent."""
    moment = now or timezone.now()
    due = DataExport.objects.filter(
        Q(state=ExportState.READY, expires_at__lte=moment)
        | Q(state=ExportState.FAILED, finished_at__lte=moment - datetime.timedelta(days=KEPT_DAYS))
    )
    expired = 0
    for made in due.order_by("pk"):
        with transaction.atomic():
            claimed = (
                DataExport.objects.filter(pk=made.pk, state=made.state)
                .exclude(state__in=UNFINISHED_STATES)
                .update(state=ExportState.EXPIRED, file="", size=0)
            )
            if not claimed:
                continue
            name = made.file.name
            record("privacy.export_expired", target=made.person, after={"export": str(made.public_id)})
            if name:
                transaction.on_commit(partial(made.file.storage.delete, name))
            expired += 1
    return expired
