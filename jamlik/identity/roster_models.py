"""Staff list (roster) imports: the job row, and what its preview and outcome show row by row.

Imported into ``jamlik.identity.models`` (Django finds models there); kept apart so the roster and
the identity providers can be read and changed separately. See ``jamlik/identity/roster/``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RosterState(models.TextChoices):
    QUEUED = "queued", _("Waiting to be checked")
    CHECKING = "checking", _("Checking the rows")
    READY = "ready", _("Checked: waiting for your confirmation")
    REJECTED = "rejected", _("Not imported: the file has problems")
    CONFIRMED = "confirmed", _("Confirmed: waiting to be applied")
    APPLYING = "applying", _("Applying the changes")
    DONE = "done", _("Applied")
    STALE = "stale", _("Not applied: the members changed after the preview")
    DISCARDED = "discarded", _("Discarded without changes")
    FAILED = "failed", _("Not applied: something went wrong on our side")


RUNNING_ROSTER_STATES = (RosterState.QUEUED, RosterState.CHECKING, RosterState.CONFIRMED, RosterState.APPLYING)
FINISHED_ROSTER_STATES = (
    RosterState.REJECTED,
    RosterState.DONE,
    RosterState.STALE,
    RosterState.DISCARDED,
    RosterState.FAILED,
)


class RosterImport(models.Model):
    """One uploaded staff list: checked into a preview, then (once confirmed) applied.

    The file is kept until the job is applied, discarded or refused; the preview's counts are
    columns, and its first rows per group are ``RosterLine`` rows. ``fingerprint`` is a hash of the
    organisation's open memberships when the preview was made: a confirmation is refused when they
    have changed since (someone joined, left or moved), because the preview would no longer be true.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey("people.Organisation", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=200)
    content = models.BinaryField(editable=False)
    language = models.CharField(max_length=8, default="sv")
    state = models.CharField(max_length=10, choices=RosterState.choices, default=RosterState.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    checked_rows = models.PositiveIntegerField(default=0)
    fingerprint = models.CharField(max_length=64, blank=True)
    # The preview (and, once applied, the outcome): how many in each group.
    listed = models.PositiveIntegerField(default=0)  # people on the list: the roster's size
    new_people = models.PositiveIntegerField(default=0)
    joining = models.PositiveIntegerField(default=0)  # new memberships, new people included
    taken_over = models.PositiveIntegerField(default=0)  # existing members the list manages from now on
    moving = models.PositiveIntegerField(default=0)  # unit changes
    leaving = models.PositiveIntegerField(default=0)
    kept = models.PositiveIntegerField(default=0)  # not on the list, but not the list's to end
    new_units = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    headcount = models.ForeignKey(
        "people.HeadcountDeclaration", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("staff list import")
        verbose_name_plural = _("staff list imports")
        indexes = [models.Index(fields=["organisation", "created_at"], name="roster_import_org_at")]

    def __str__(self) -> str:
        return f"{self.filename} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_ROSTER_STATES

    @property
    def running(self) -> bool:
        return self.state in RUNNING_ROSTER_STATES

    @property
    def percent(self) -> int:
        if self.state != RosterState.CHECKING:
            return 100 if self.state not in (RosterState.QUEUED,) else 0
        return (100 * self.checked_rows // self.total_rows) if self.total_rows else 0


class RosterLineKind(models.TextChoices):
    PROBLEM = "problem", _("Problem")
    NEW_PERSON = "new_person", _("New person")
    JOINING = "joining", _("Joins")
    TAKEN_OVER = "taken_over", _("Managed by the staff list from now on")
    MOVING = "moving", _("Changes unit")
    LEAVING = "leaving", _("Leaves")
    KEPT = "kept", _("Not on the list, kept")
    NEW_UNIT = "new_unit", _("New unit")


class RosterLine(models.Model):
    """One row worth showing: a problem (every one), or one of the first people of a preview group."""

    job = models.ForeignKey(RosterImport, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(max_length=12, choices=RosterLineKind.choices)
    row = models.PositiveIntegerField(default=0)  # as a spreadsheet numbers it (the header is row 1); 0: none
    column = models.CharField(max_length=40, blank=True)
    email = models.CharField(max_length=254, blank=True)
    name = models.CharField(max_length=150, blank=True)
    unit = models.CharField(max_length=150, blank=True)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["kind", "row", "id"]
        verbose_name = _("staff list line")
        verbose_name_plural = _("staff list lines")

    def __str__(self) -> str:
        return f"{self.kind} {self.row}: {self.email or self.detail}"
