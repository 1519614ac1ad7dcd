"""Good examples from the field, news items and content pages.

Example texts are Markdown, rendered and sanitised at display time (``jamlik.lib.markdown``);
the stored search vector is written by the actions that publish or edit an example
(``jamlik.knowledge.search``), so PostgreSQL never computes it while someone searches.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from jamlik.lib.storage import PrivateStorage


class ContentLanguage(models.TextChoices):
    SV = "sv", _("Swedish")
    EN = "en", _("English")


class Theme(models.Model):
    """A managed list that administrators edit (gender mainstreaming, anti-racism, …)."""

    slug = models.SlugField(_("short address"), max_length=60, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "name_sv"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if translation.get_language() == "en" and self.name_en else self.name_sv


class ExampleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A withdrawn example can be changed and submitted again.
EDITABLE_STATES = (ExampleStatus.DRAFT, ExampleStatus.CHANGES_REQUESTED, ExampleStatus.WITHDRAWN)


class ExampleQuerySet(models.QuerySet["Example"]):
    def published(self) -> ExampleQuerySet:
        return self.filter(status=ExampleStatus.PUBLISHED)

    def for_list(self) -> ExampleQuerySet:
        return self.select_related("organisation", "county").prefetch_related("themes")

    def in_year(self, year: int) -> ExampleQuerySet:
        """Examples whose period touches ``year`` (an open end runs on)."""
        return self.filter(Q(period_start__year__lte=year), Q(period_end__isnull=True) | Q(period_end__year__gte=year))


class Example(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    language = models.CharField(
        _("language of the text"), max_length=2, choices=ContentLanguage.choices, default=ContentLanguage.SV
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000, help_text=_("Two or three sentences, plain text."))
    problem = models.TextField(_("the problem"), help_text=_("Markdown."))
    what_was_done = models.TextField(_("what was done"), help_text=_("Markdown."))
    results = models.TextField(_("results"), blank=True, help_text=_("Markdown."))
    lessons = models.TextField(_("lessons learned"), blank=True, help_text=_("Markdown."))
    organisation = models.ForeignKey(
        "people.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    partners = models.ManyToManyField(
        "people.Organisation", verbose_name=_("other organisations"), blank=True, related_name="+"
    )
    county = models.ForeignKey(
        "people.County", verbose_name=_("county"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="examples")
    target_groups = models.CharField(_("target groups"), max_length=300, blank=True)
    period_start = models.DateField(_("started"))
    period_end = models.DateField(_("ended"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    show_contact = models.BooleanField(_("show the contact person on the public page"), default=False)
    links = models.TextField(_("links"), blank=True, help_text=_("One web address per line."))
    courses = models.ManyToManyField("courses.Course", verbose_name=_("related courses"), blank=True, related_name="+")
    programmes = models.ManyToManyField(
        "programmes.Programme", verbose_name=_("related programmes"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ExampleStatus.choices, default=ExampleStatus.DRAFT, db_index=True
    )
    review_comment = models.TextField(_("comment from the review"), blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # PostgreSQL only: written by the publishing and editing actions; a GIN index from migration 0002.
    search_vector = SearchVectorField(null=True, editable=False)
    # PostgreSQL: the texts and theme names in lower case, for matching word stems inside
    # compounds with a trigram index (knowledge/search.py); empty on SQLite.
    search_text = models.TextField(blank=True, default="", editable=False)

    objects = ExampleQuerySet.as_manager()

    class Meta:
        verbose_name = _("good example")
        verbose_name_plural = _("good examples")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_end__gte=models.F("period_start")),
                name="example_period",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATES

    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


def attachment_storage() -> PrivateStorage:
    """Attachments of drafts must stay private, so all of them live in ``PRIVATE_ROOT/knowledge``."""
    return PrivateStorage("knowledge")


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"{uuid.uuid4().hex}/{instance.name}"


class Attachment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    example = models.ForeignKey(Example, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=attachment_storage, upload_to=attachment_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class NewsQuerySet(models.QuerySet["NewsItem"]):
    def published(self) -> NewsQuerySet:
        from django.utils import timezone

        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())


class NewsItem(models.Model):
    """A press release or announcement, from one organisation or platform-wide (no organisation)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for platform-wide news."),
    )
    language = models.CharField(
        _("language of the text"), max_length=2, choices=ContentLanguage.choices, default=ContentLanguage.SV
    )
    title = models.CharField(_("title"), max_length=200)
    lead = models.TextField(_("lead"), max_length=600, help_text=_("One or two sentences, plain text."))
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown."))
    published_at = models.DateTimeField(
        _("published"), null=True, blank=True, db_index=True, help_text=_("Empty while it is a draft.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NewsQuerySet.as_manager()

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        ordering = ["-published_at", "-created_at"]

    def __str__(self) -> str:
        return self.title


class ContentPage(models.Model):
    """A simple page administrators edit, e.g. about the platform or contact, at ``/sida/<slug>/``."""

    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body_sv = models.TextField(_("text (Swedish)"), help_text=_("Markdown."))
    body_en = models.TextField(_("text (English)"), blank=True, help_text=_("Markdown."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title_sv

    def _english(self) -> bool:
        return translation.get_language() == "en" and bool(self.title_en and self.body_en)

    @property
    def title(self) -> str:
        return self.title_en if self._english() else self.title_sv

    @property
    def body(self) -> str:
        return self.body_en if self._english() else self.body_sv

    @property
    def language(self) -> str:
        return "en" if self._english() else "sv"
