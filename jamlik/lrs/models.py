"""The xAPI learning record store: clients and their credentials, statements, attachments.

See docs/xapi.md. A client (``LrsClient``) belongs to one organisation and reads and writes only
that organisation's statements; a client without an organisation is the platform's, made by an
administrator, and may read every organisation's statements (its own writes are kept with no
organisation). Only a hash of a client's secret is kept.

A statement is kept whole as JSON (JSONB on PostgreSQL), as the LRS stored it (with ``stored``,
``authority``, ``timestamp``, ``version`` and ``id`` filled in), and never changes afterwards
except for the ``voided`` flag that a voiding statement sets. The columns beside it are copies of
what the filters ask about, so every filter is an indexed lookup; ``seq`` orders statements as
they were stored and is what a ``more`` link continues from. The agents and activities a
statement mentions anywhere (for ``related_agents`` and ``related_activities``) are rows of
``StatementAgent`` and ``StatementActivity``.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamlik.people.models import Organisation, User


class ClientKind(models.TextChoices):
    """A client made by a person on the clients' pages, or the credential of one cmi5 launch session
    (made by ``jamlik.packages`` at the fetch URL, docs/cmi5.md), which expires, is revoked when the
    session ends, and whose every request the session's hooks check (``jamlik.lrs.hooks``)."""

    CLIENT = "client", _("Client")
    CMI5_SESSION = "cmi5-session", _("cmi5 session")


class LrsClient(models.Model):
    """Credentials for one xAPI client (HTTP Basic: ``key`` as user name, the secret as password)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="lrs_clients",
        help_text=_("Empty for a platform client, which may read every organisation's statements."),
    )
    name = models.CharField(_("name"), max_length=100)
    key = models.CharField(_("key"), max_length=40, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    kind = models.CharField(max_length=16, choices=ClientKind.choices, default=ClientKind.CLIENT)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("xAPI client")
        verbose_name_plural = _("xAPI clients")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key})"

    @property
    def is_platform(self) -> bool:
        return self.organisation_id is None

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None

    @property
    def is_session(self) -> bool:
        return self.kind == ClientKind.CMI5_SESSION


class Statement(models.Model):
    seq = models.BigAutoField(primary_key=True)
    statement_id = models.UUIDField()
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="lrs_statements"
    )
    client = models.ForeignKey(LrsClient, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    stored = models.DateTimeField(default=timezone.now)
    timestamp = models.DateTimeField()
    data = models.JSONField()
    verb_id = models.CharField(max_length=2048)
    # The object as an identifier: an activity's id, an agent's or identified group's IFI
    # (``object_agent``), or the statement a StatementRef points to.
    object_activity_id = models.CharField(max_length=2048, blank=True)
    object_agent = models.CharField(max_length=2048, blank=True)
    object_statement_id = models.UUIDField(null=True, blank=True)
    actor_ifi = models.CharField(max_length=2048, blank=True)
    registration = models.UUIDField(null=True, blank=True)
    voided = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("xAPI statement")
        verbose_name_plural = _("xAPI statements")
        constraints = [
            # Ids are unique within an organisation, so one organisation's ids tell nothing about another's.
            models.UniqueConstraint(
                fields=["organisation", "statement_id"],
                condition=Q(organisation__isnull=False),
                name="lrs_statement_id_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["statement_id"], condition=Q(organisation__isnull=True), name="lrs_statement_id_platform"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "seq"], name="lrs_st_org_seq"),
            models.Index(fields=["statement_id"], name="lrs_st_id"),
            models.Index(fields=["organisation", "stored"], name="lrs_st_org_stored"),
            models.Index(fields=["verb_id", "seq"], name="lrs_st_verb"),
            models.Index(fields=["object_activity_id", "seq"], name="lrs_st_activity"),
            models.Index(fields=["actor_ifi", "seq"], name="lrs_st_actor"),
            models.Index(fields=["object_agent", "seq"], name="lrs_st_object_agent"),
            models.Index(fields=["registration", "seq"], name="lrs_st_registration"),
            models.Index(fields=["object_statement_id"], name="lrs_st_ref"),
        ]

    def __str__(self) -> str:
        return str(self.statement_id)


class StatementAgent(models.Model):
    """An agent or identified group a statement mentions; ``related`` when only ``related_agents`` finds it."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="agents")
    ifi = models.CharField(max_length=2048)
    related = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["ifi", "statement"], name="lrs_sa_ifi")]

    def __str__(self) -> str:
        return self.ifi


class StatementActivity(models.Model):
    """An activity a statement mentions; ``related`` when only ``related_activities`` finds it."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="activities")
    activity_id = models.CharField(max_length=2048)
    related = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["activity_id", "statement"], name="lrs_sac_activity")]

    def __str__(self) -> str:
        return self.activity_id


class StatementAttachment(models.Model):
    """An attachment's content, kept once per organisation and hash; statements name it by ``sha2``."""

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="lrs_attachments"
    )
    sha2 = models.CharField(max_length=128)
    content_type = models.CharField(max_length=255)
    length = models.PositiveBigIntegerField()
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("xAPI attachment")
        verbose_name_plural = _("xAPI attachments")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "sha2"],
                condition=Q(organisation__isnull=False),
                name="lrs_attachment_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["sha2"], condition=Q(organisation__isnull=True), name="lrs_attachment_platform"
            ),
        ]

    def __str__(self) -> str:
        return self.sha2


# Models kept in their own module, registered with this app by being imported here.
from jamlik.lrs.documents.models import ActivityDefinition, Document, DocumentKind  # noqa: E402, F401
