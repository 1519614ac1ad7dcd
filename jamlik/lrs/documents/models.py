"""The stored documents of xAPI's document resources, and activities' canonical definitions.

A ``Document`` is one State, Activity Profile or Agent Profile document, kept as the bytes the
client sent with its content type. It belongs to the organisation of the client that wrote it
(None for the platform's own clients): a client only ever finds its organisation's documents,
so two organisations using the same activity and agent never see each other's state.

What names a document (its kind, activity, agent's identifier, registration and id) can be
long text, so the lookups go through two SHA-256 digests of it: ``group`` names the set a
"get all ids" or "delete all" request reads (kind, activity, agent), ``key`` one document
(``group`` with registration and id). Both are unique per organisation and indexed.

An ``ActivityDefinition`` is the canonical definition of an activity within one organisation,
merged from the statements stored there (``definitions.py``).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jamlik.people.models import Organisation


class DocumentKind(models.TextChoices):
    STATE = "state", _("State")
    ACTIVITY_PROFILE = "activity_profile", _("Activity profile")
    AGENT_PROFILE = "agent_profile", _("Agent profile")


class Document(models.Model):
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="lrs_documents"
    )
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    group = models.CharField(max_length=64)
    key = models.CharField(max_length=64)
    activity_id = models.TextField(blank=True)
    agent = models.TextField(blank=True, help_text="The agent's identifier as a canonical key (agents.Agent.key).")
    registration = models.UUIDField(null=True, blank=True)
    document_id = models.TextField()
    content = models.BinaryField()
    content_type = models.CharField(max_length=255)
    etag = models.CharField(max_length=40)
    updated = models.DateTimeField()

    class Meta:
        verbose_name = _("xAPI document")
        verbose_name_plural = _("xAPI documents")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key"], condition=Q(organisation__isnull=False), name="lrs_doc_key_org"
            ),
            models.UniqueConstraint(
                fields=["key"], condition=Q(organisation__isnull=True), name="lrs_doc_key_platform"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "group", "updated"], name="lrs_doc_group")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.document_id}"


class ActivityDefinition(models.Model):
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="lrs_activities"
    )
    key = models.CharField(max_length=64, help_text="SHA-256 of the activity id.")
    activity_id = models.TextField()
    definition = models.JSONField(default=dict)
    updated = models.DateTimeField()

    class Meta:
        verbose_name = _("xAPI activity")
        verbose_name_plural = _("xAPI activities")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key"], condition=Q(organisation__isnull=False), name="lrs_activity_key_org"
            ),
            models.UniqueConstraint(
                fields=["key"], condition=Q(organisation__isnull=True), name="lrs_activity_key_platform"
            ),
        ]

    def __str__(self) -> str:
        return self.activity_id
