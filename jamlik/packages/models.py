"""Content packages (SCORM 1.2 and 2004, cmi5) imported as course versions, their items and the
learners' attempts. See docs/scorm.md and docs/cmi5.md.

A ``Package`` belongs to exactly one ``courses.CourseVersion`` (whose ``delivery`` is ``scorm`` or
``cmi5``); a new upload for the same course makes a new version with a package of its own, so a
learner's enrolment stays pinned to the package they started. The package's files live in private
storage (``jamlik.lib.storage.PrivateStorage("packages")``) under an unguessable folder and are
served only from the content origin. ``PackageFile`` records what the archive held (path, size,
hash); ``PackageItem`` is the table of contents: the manifest's items of the default
organisation in document order, each launchable one (a SCO, an asset, a cmi5 AU) with its launch
address inside the package.

Models of other topics (attempts, cmi5 registrations) live in their own modules, imported at the
end of this one.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jamlik.lib.storage import PrivateStorage

STORAGE_AREA = "packages"


def package_storage() -> PrivateStorage:
    """Where the extracted files of every package live: ``<private root>/packages/<folder>/``."""
    return PrivateStorage(STORAGE_AREA)


def new_folder() -> str:
    return uuid.uuid4().hex


class Standard(models.TextChoices):
    """Which standard (and edition) a package was written for, read from the manifest."""

    SCORM_12 = "scorm12", _("SCORM 1.2")
    SCORM_2004_2 = "scorm2004-2", _("SCORM 2004 2nd edition")
    SCORM_2004_3 = "scorm2004-3", _("SCORM 2004 3rd edition")
    SCORM_2004_4 = "scorm2004-4", _("SCORM 2004 4th edition")
    CMI5 = "cmi5", _("cmi5")

    @property
    def is_scorm_2004(self) -> bool:
        return self.value.startswith("scorm2004")


class ItemKind(models.TextChoices):
    """What an item of the table of contents launches."""

    CLUSTER = "cluster", _("Section (launches nothing)")
    SCO = "sco", _("SCO (talks to the runtime)")
    ASSET = "asset", _("Asset (a page without tracking)")
    AU = "au", _("Assignable unit (cmi5)")


class Package(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.OneToOneField(
        "courses.CourseVersion", verbose_name=_("course version"), on_delete=models.CASCADE, related_name="package"
    )
    standard = models.CharField(_("standard"), max_length=16, choices=Standard.choices)
    schema_version = models.CharField(
        _("schema version"), max_length=100, blank=True, help_text=_("As the manifest wrote it.")
    )
    identifier = models.CharField(_("manifest identifier"), max_length=255, blank=True)
    title = models.CharField(_("title in the package"), max_length=500, blank=True)
    organisation_identifier = models.CharField(
        _("organisation in the manifest"),
        max_length=255,
        blank=True,
        help_text=_("The manifest's default organisation (the table of contents that is played)."),
    )
    folder = models.CharField(max_length=64, unique=True, default=new_folder, editable=False)
    original_filename = models.CharField(_("uploaded file"), max_length=255, blank=True)
    archive_sha256 = models.CharField(_("SHA-256 of the upload"), max_length=64)
    archive_bytes = models.PositiveBigIntegerField(_("size of the upload (bytes)"))
    total_bytes = models.PositiveBigIntegerField(_("size unpacked (bytes)"))
    file_count = models.PositiveIntegerField(_("files"))
    sequencing = models.JSONField(
        _("sequencing"),
        default=dict,
        blank=True,
        help_text=_(
            "SCORM 2004: the organisation's sequencing data and the manifest's sequencing collection, as parsed."
        ),
    )
    recognised = models.JSONField(
        _("what was recognised"),
        default=list,
        blank=True,
        help_text=_("Notes from the import: what the manifest declared that is used, and what is ignored."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("content package")
        verbose_name_plural = _("content packages")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.title or self.identifier} ({self.get_standard_display()})"

    @property
    def is_scorm_2004(self) -> bool:
        return Standard(self.standard).is_scorm_2004

    def storage_path(self, path: str) -> str:
        """The name in ``package_storage()`` of a file of this package (``path`` as in the zip)."""
        return f"{self.folder}/{path}"

    def launchable_items(self) -> models.QuerySet[PackageItem]:
        return self.items.exclude(kind=ItemKind.CLUSTER).exclude(href="").order_by("position")


class PackageFile(models.Model):
    """One file of the archive, as extracted (directories are not recorded)."""

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="files")
    path = models.CharField(_("path"), max_length=1024)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("package file")
        verbose_name_plural = _("package files")
        ordering = ["package", "path"]
        constraints = [models.UniqueConstraint(fields=["package", "path"], name="package_file_path_unique")]

    def __str__(self) -> str:
        return self.path


class PackageItem(models.Model):
    """An item of the default organisation (a SCORM item, a cmi5 block or AU), in document order.

    ``href`` is the launch file's path inside the package (the resource's href with every
    ``xml:base`` applied, never leaving the package); ``parameters`` is the item's query string
    to append (SCORM's ``parameters`` attribute). Standard-specific values keep their own fields:
    ``mastery_score`` is SCORM 1.2's ``adlcp:masteryscore`` (0 to 100); ``min_normalized_measure``
    SCORM 2004's primary objective's ``imsss:minNormalizedMeasure`` (-1 to 1, used when
    ``satisfied_by_measure``); ``completion_threshold`` 2004's ``adlcp:completionThreshold``.
    ``sequencing`` keeps an item's 2004 sequencing (control modes, rules, limits, objectives,
    rollup) as parsed data; ``extra`` keeps what other standards add (cmi5's moveOn, launch method,
    activity id) so they need no new column to start with.
    """

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="items")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children", verbose_name=_("parent")
    )
    position = models.PositiveIntegerField(_("position"), help_text=_("Order in the table of contents."))
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    identifier = models.CharField(_("identifier"), max_length=255)
    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=8, choices=ItemKind.choices)
    resource_identifier = models.CharField(_("resource"), max_length=255, blank=True)
    href = models.CharField(_("launch file"), max_length=2048, blank=True)
    parameters = models.CharField(_("launch parameters"), max_length=1000, blank=True)
    is_visible = models.BooleanField(_("visible"), default=True)
    mastery_score = models.DecimalField(
        _("mastery score"), max_digits=5, decimal_places=2, null=True, blank=True, help_text=_("SCORM 1.2, 0 to 100.")
    )
    min_normalized_measure = models.DecimalField(
        _("minimum normalised measure"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("SCORM 2004, -1 to 1: the scaled score that satisfies the primary objective."),
    )
    satisfied_by_measure = models.BooleanField(_("satisfied by measure"), default=False)
    completion_threshold = models.DecimalField(
        _("completion threshold"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    prerequisites = models.CharField(
        _("prerequisites"), max_length=1000, blank=True, help_text=_("SCORM 1.2: the item's prerequisites script.")
    )
    max_time_allowed = models.CharField(_("time limit"), max_length=100, blank=True)
    time_limit_action = models.CharField(_("on time limit"), max_length=40, blank=True)
    data_from_lms = models.TextField(_("data from the LMS"), blank=True)
    sequencing = models.JSONField(_("sequencing"), default=dict, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("package item")
        verbose_name_plural = _("package items")
        ordering = ["package", "position"]
        constraints = [
            models.UniqueConstraint(fields=["package", "identifier"], name="package_item_identifier_unique"),
            models.UniqueConstraint(fields=["package", "position"], name="package_item_position_unique"),
            models.CheckConstraint(
                condition=Q(mastery_score__isnull=True) | Q(mastery_score__gte=0, mastery_score__lte=100),
                name="package_item_mastery_score_range",
            ),
            models.CheckConstraint(
                condition=Q(min_normalized_measure__isnull=True)
                | Q(min_normalized_measure__gte=-1, min_normalized_measure__lte=1),
                name="package_item_min_measure_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_launchable(self) -> bool:
        return self.kind != ItemKind.CLUSTER and bool(self.href)

    @property
    def launch_path(self) -> str:
        """The launch file with the item's parameters appended (a leading ``?`` or ``&`` dropped)."""
        params = self.parameters.lstrip("?&")
        if not params or params.startswith("#"):
            return self.href + params
        return self.href + ("&" if "?" in self.href else "?") + params


# Models of other topics, in their own modules (see the module's docstring).
from jamlik.packages.attempts import Attempt  # noqa: E402, F401
from jamlik.packages.cmi5.models import Progress, Registration, Session  # noqa: E402, F401
