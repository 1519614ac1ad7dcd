"""A person's export of their own data (GDPR Art. 20): made by the worker, kept for a week."""

from __future__ import annotations

import datetime
import uuid
from functools import partial
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamlik.lib.storage import PrivateStorage

# How long a finished export can be downloaded before ``expire_data_exports`` deletes its file.
KEPT_DAYS = 7


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being made")
    READY = "ready", _("Ready to download")
    FAILED = "failed", _("Failed: ask for a new one")
    EXPIRED = "expired", _("Deleted after a week")


UNFINISHED_STATES = (ExportState.QUEUED, ExportState.RUNNING)


def export_storage() -> PrivateStorage:
    """Exports are handed out only by the download view, to their person (``PRIVATE_ROOT/exports``)."""
    return PrivateStorage("exports")


def export_path(instance: DataExport, filename: str) -> str:
    return f"{uuid.uuid4().hex}/{filename}"


class DataExport(models.Model):
    """One request to download one's data. The file goes when it expires; the row (no content)
    stays as the record that the export was made and until when it could be fetched."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    state = models.CharField(_("state"), max_length=10, choices=ExportState.choices, default=ExportState.QUEUED)
    language = models.CharField(max_length=8, default="sv")
    requested_at = models.DateTimeField(_("asked for"), default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("made"), null=True, blank=True)
    expires_at = models.DateTimeField(_("can be downloaded until"), null=True, blank=True)
    file = models.FileField(storage=export_storage, upload_to=export_path, blank=True, max_length=200)
    size = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # One export in the making per person: asking twice (two tabs, a double click) makes one.
            models.UniqueConstraint(
                fields=["person"], condition=Q(state__in=["queued", "running"]), name="one_unfinished_export"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.requested_at:%Y-%m-%d %H:%M} {self.state}"

    def is_expired(self, now: datetime.datetime | None = None) -> bool:
        moment = now or timezone.now()
        if self.state == ExportState.EXPIRED:
            return True
        return self.state == ExportState.READY and self.expires_at is not None and self.expires_at <= moment


def delete_file(sender: type[DataExport], instance: DataExport, **kwargs: Any) -> None:
    """The file of a deleted export goes once the deletion commits (a rollback keeps both)."""
    if instance.file.name:
        transaction.on_commit(partial(instance.file.storage.delete, instance.file.name))
