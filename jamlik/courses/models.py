"""Courses: versions of content, and the learner's enrolment, progress and completion.

Content is versioned. A ``CourseVersion`` is a draft until published; from then on its
modules, lessons and blocks never change (edit = ``actions.create_draft_from``). A learner's
``Enrolment`` is pinned to the version they started, and their ``Completion`` records it.
``Lesson.key`` and ``Block.key`` stay the same across the copies of one lesson or block, so
versions can be compared and progress mapped between them.

Every state change goes through ``jamlik.courses.actions``.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jamlik.courses.blocks import BlockData, BlockKind, parse_block_data, validate_block_data
from jamlik.lib.storage import PrivateStorage
from jamlik.people.models import Language


class Topic(models.TextChoices):
    TREATMENT = "treatment", _("Treatment of the public")
    DISCRIMINATION_LAW = "discrimination_law", _("Discrimination law")
    GENDER_EQUALITY = "gender_equality", _("Gender equality")
    ANTI_RACISM = "anti_racism", _("Anti-racism")
    ACCESSIBILITY = "accessibility", _("Accessibility")
    LGBTQI = "lgbtqi", _("LGBTQI")
    NATIONAL_MINORITIES = "national_minorities", _("National minorities")
    OTHER = "other", _("Other")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class Audience(models.TextChoices):
    ALL_ORGANISATIONS = "all_organisations", _("Staff of all organisations")
    CHOSEN_ORGANISATIONS = "chosen_organisations", _("Staff of chosen organisations")
    PUBLIC = "public", _("Everyone, without signing in")


class OrderMode(models.TextChoices):
    FREE = "free", _("Any order")
    SEQUENTIAL = "sequential", _("In order")


class ProgressSource(models.TextChoices):
    SELF = "self", _("By the learner")
    GROUP = "group", _("In a group session")
    IMPORT = "import", _("Imported")
    PACKAGE = "package", _("By a content package (SCORM, cmi5)")


class Delivery(models.TextChoices):
    """How a version's content reaches the learner: Jämlik's own lessons, or a package played
    from the content origin (``jamlik.packages``), which reports completion itself."""

    NATIVE = "native", _("Lessons made in Jämlik")
    SCORM = "scorm", _("SCORM package")
    CMI5 = "cmi5", _("cmi5 course")


def media_path(instance: Block, filename: str) -> str:
    """Uploads get an unguessable folder each, keeping only a safe suffix of the name."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"courses/media/{uuid.uuid4().hex}/file{suffix}"


def captions_path(instance: Block, filename: str) -> str:
    return f"courses/captions/{uuid.uuid4().hex}/captions.vtt"


class Course(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    owner = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="courses",
        help_text=_("The organisation that authors the course. Empty: the platform's programme managers."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=24, choices=Topic.choices, default=Topic.TREATMENT)
    created_at = models.DateTimeField(auto_now_add=True)
    published_version = models.ForeignKey(
        "CourseVersion",
        verbose_name=_("published version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class CourseVersion(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.SV)
    estimated_minutes = models.PositiveIntegerField(_("estimated time (minutes)"), default=30)
    audience = models.CharField(
        _("audience"), max_length=24, choices=Audience.choices, default=Audience.ALL_ORGANISATIONS
    )
    organisations = models.ManyToManyField(
        "people.Organisation",
        verbose_name=_("chosen organisations"),
        blank=True,
        related_name="+",
        help_text=_("Only used when the audience is chosen organisations."),
    )
    order_mode = models.CharField(_("order"), max_length=10, choices=OrderMode.choices, default=OrderMode.FREE)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=80,
        help_text=_("Share of knowledge checks that must be answered correctly to complete the course."),
    )
    issues_diploma = models.BooleanField(_("diploma on completion"), default=False)
    delivery = models.CharField(_("delivery"), max_length=8, choices=Delivery.choices, default=Delivery.NATIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        verbose_name = _("course version")
        verbose_name_plural = _("course versions")
        ordering = ["course", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="course_version_number_unique"),
            models.UniqueConstraint(fields=["course"], condition=Q(status="draft"), name="one_draft_per_course"),
            models.UniqueConstraint(
                fields=["course"], condition=Q(status="published"), name="one_published_version_per_course"
            ),
            models.CheckConstraint(condition=Q(pass_mark__lte=100), name="pass_mark_at_most_100"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="published_version_has_date"
            ),
        ]
        indexes = [models.Index(fields=["status", "language"], name="course_version_status_lang")]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    @property
    def is_editable(self) -> bool:
        """Only a draft's content may change; published and retired content is frozen."""
        return self.status == VersionStatus.DRAFT

    def ordered_lessons(self) -> models.QuerySet[Lesson]:
        return Lesson.objects.filter(version=self).order_by("module__position", "module_id", "position", "id")


class Module(models.Model):
    version = models.ForeignKey(CourseVersion, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["version", "position"], name="module_version_position")]

    def __str__(self) -> str:
        return self.title


class Lesson(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    key = models.UUIDField(default=uuid.uuid4, editable=False, help_text="Same for the copies of a lesson")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    # Denormalised from module.version so that progress checks and counts need no join.
    version = models.ForeignKey(CourseVersion, on_delete=models.CASCADE, related_name="lessons", editable=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["module", "position"], name="lesson_module_position")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.version_id = self.module.version_id
        super().save(*args, **kwargs)


class Block(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    key = models.UUIDField(default=uuid.uuid4, editable=False, help_text="Same for the copies of a block")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="blocks")
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=BlockKind.choices)
    data = models.JSONField(_("content"), default=dict)
    file = models.FileField(_("file"), upload_to=media_path, blank=True, max_length=200)
    captions = models.FileField(_("captions (WebVTT)"), upload_to=captions_path, blank=True, max_length=200)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["lesson", "position"], name="block_lesson_position")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.position}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.data = validate_block_data(self.kind, self.data)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.data = validate_block_data(self.kind, self.data)

    @property
    def content(self) -> BlockData:
        """The typed content (validated when saved, so this does not fail on stored rows)."""
        return parse_block_data(self.kind, self.data)

    def publishing_problems(self) -> list[str]:
        """What is missing before this block may be published, in words an author understands."""
        problems: list[str] = []
        if self.kind in (BlockKind.IMAGE, BlockKind.VIDEO, BlockKind.AUDIO) and not self.file:
            problems.append(str(_("The file is missing.")))
        if self.kind == BlockKind.VIDEO and not self.captions:
            problems.append(str(_("The video has no captions file (WebVTT).")))
        try:
            parse_block_data(self.kind, self.data)
        except ValidationError as exc:
            problems.extend(exc.messages)
        return problems


class Enrolment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    version = models.ForeignKey(CourseVersion, on_delete=models.PROTECT, related_name="enrolments")
    source = models.CharField(max_length=8, choices=ProgressSource.choices, default=ProgressSource.SELF)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The coordinator who enrolled the person; empty when they enrolled themselves",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_lesson = models.ForeignKey(Lesson, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="one_enrolment_per_course")]
        indexes = [models.Index(fields=["course", "version"], name="enrolment_course_version")]

    def __str__(self) -> str:
        return f"{self.user} → {self.course}"


class LessonProgress(models.Model):
    """A lesson done. Inserted once and never undone: retries and other tabs find it there."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="+")
    completed_at = models.DateTimeField()
    source = models.CharField(max_length=8, choices=ProgressSource.choices, default=ProgressSource.SELF)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The facilitator, for progress recorded in a group session",
    )

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [models.UniqueConstraint(fields=["enrolment", "lesson"], name="one_progress_per_lesson")]

    def __str__(self) -> str:
        return f"{self.enrolment_id}/{self.lesson_id}"


class CheckAnswer(models.Model):
    """The latest answer to a knowledge check. No time limit; answering again replaces it."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="check_answers")
    block = models.ForeignKey(Block, on_delete=models.PROTECT, related_name="+")
    chosen = models.JSONField(default=list, help_text="Option ids, sorted")
    correct = models.BooleanField()
    attempts = models.PositiveIntegerField(default=1)
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrolment", "block"], name="one_check_answer_per_block")]

    def __str__(self) -> str:
        return f"{self.enrolment_id}/{self.block_id}: {self.correct}"


class ReflectionAnswer(models.Model):
    """PRIVATE to the learner: never in a report, export, API for others or admin list."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="+")
    block = models.ForeignKey(Block, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=10_000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrolment", "block"], name="one_reflection_per_block")]

    def __str__(self) -> str:
        return f"reflection {self.pk}"


class Completion(models.Model):
    """A course completed, once per enrolment, with the organisation and unit of that moment.

    Campaigns and statistics count by these columns; they never re-derive them.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="completion")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="completions")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    version = models.ForeignKey(CourseVersion, on_delete=models.PROTECT, related_name="completions")
    organisation = models.ForeignKey(
        "people.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="course_completions"
    )
    unit = models.ForeignKey("people.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    completed_at = models.DateTimeField()
    source = models.CharField(max_length=8, choices=ProgressSource.choices, default=ProgressSource.SELF)

    class Meta:
        verbose_name = _("completion")
        verbose_name_plural = _("completions")
        ordering = ["-completed_at"]
        indexes = [
            models.Index(fields=["course", "organisation", "completed_at"], name="completion_course_org_at"),
            models.Index(fields=["organisation", "completed_at"], name="completion_org_at"),
            # Completions in the last minute, counted at every metrics scrape (jamlik/web/metrics.py).
            models.Index(fields=["completed_at"], name="completion_at"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ✓ {self.course}"


class ImportState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    CHECKING = "checking", _("Checking the rows")
    SAVING = "saving", _("Saving the completions")
    DONE = "done", _("Imported")
    REJECTED = "rejected", _("Not imported: the file has problems")
    FAILED = "failed", _("Not imported: something went wrong on our side")


FINISHED_IMPORT_STATES = (ImportState.DONE, ImportState.REJECTED, ImportState.FAILED)


class CompletionImport(models.Model):
    """A completion import as a background job: the file, its progress and its outcome.

    The file is kept only until the job has run. The outcome is the counters and, row by row,
    the problems (nothing was imported) or the people left unchanged (``ImportLine``).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey("people.Organisation", on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=200)
    content = models.BinaryField(editable=False)
    language = models.CharField(max_length=8, default="sv")
    state = models.CharField(max_length=10, choices=ImportState.choices, default=ImportState.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    checked_rows = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("completion import")
        verbose_name_plural = _("completion imports")
        indexes = [models.Index(fields=["created_by", "created_at"], name="completion_import_by_at")]

    def __str__(self) -> str:
        return f"{self.filename} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_IMPORT_STATES

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return (100 * self.checked_rows // self.total_rows) if self.total_rows else 0


class ImportLineKind(models.TextChoices):
    PROBLEM = "problem", _("Problem")
    UNCHANGED = "unchanged", _("Unchanged")


class ImportLine(models.Model):
    """One row's outcome worth telling: a problem, or a person who had already completed the course."""

    job = models.ForeignKey(CompletionImport, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(max_length=10, choices=ImportLineKind.choices)
    row = models.PositiveIntegerField()  # as a spreadsheet numbers it (the header is row 1); 0: the file
    column = models.CharField(max_length=40, blank=True)
    message = models.CharField(max_length=500)

    class Meta:
        ordering = ["row", "id"]
        verbose_name = _("import line")
        verbose_name_plural = _("import lines")

    def __str__(self) -> str:
        return f"{self.row} {self.column}: {self.message}"


bundle_storage = PrivateStorage("course-bundles")


class BundleState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    REJECTED = "rejected", _("Not imported: the bundle has problems")
    FAILED = "failed", _("Not imported: something went wrong on our side")


def bundle_upload_path(instance: BundleImport, filename: str) -> str:
    return f"{uuid.uuid4().hex}.zip"


class BundleImport(models.Model):
    """A course bundle being imported by the worker: the uploaded zip (deleted once read), the state,
    and the draft course (or, into a ``target`` course, the draft version) it made or the problems that
    kept it from being made."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The new course's owner; for a new version, the course's owner (empty for a platform course).
    organisation = models.ForeignKey(
        "people.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=200)
    file = models.FileField(storage=bundle_storage, upload_to=bundle_upload_path, max_length=200, blank=True)
    language = models.CharField(max_length=8, default="sv")
    state = models.CharField(max_length=10, choices=BundleState.choices, default=BundleState.QUEUED)
    # Set when the bundle becomes a new draft version of this course; empty: it becomes a new course.
    target = models.ForeignKey(Course, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    version = models.ForeignKey(CourseVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    problems = models.TextField(blank=True)  # one problem a line, as BundleError lists them
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("course bundle import")
        verbose_name_plural = _("course bundle imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (BundleState.DONE, BundleState.REJECTED, BundleState.FAILED)

    def problem_list(self) -> list[str]:
        return [line for line in self.problems.splitlines() if line]
