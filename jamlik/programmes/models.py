"""Blended programmes: modules, alternative sessions, registrations, seats and attendance.

A ``Programme`` has ordered ``ProgrammeModule`` rows; a webinar or in-person module has one
or more ``Session`` rows, which are alternatives (the participant picks one). A person has at
most one live ``Registration`` per programme; it holds one ``Booking`` per chosen session.
A booking is confirmed (holds a seat) or waitlisted; ``Session.capacity`` bounds the confirmed
bookings, which ``jamlik.programmes.actions`` guarantees by locking (see docs/locking.md).

Every state change goes through ``jamlik.programmes.actions``.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamlik.people.models import Language


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for registration")
    CLOSED = "closed", _("Registration closed")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")


class ModuleKind(models.TextChoices):
    WEBINAR = "webinar", _("Webinar")
    IN_PERSON = "in_person", _("In person")
    SELF_PACED = "self_paced", _("Self-paced course")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class BookingStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


LIVE_BOOKING = (BookingStatus.CONFIRMED, BookingStatus.WAITLISTED, BookingStatus.PENDING)


class Attendance(models.TextChoices):
    UNKNOWN = "unknown", _("Not marked")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not come")


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def public(self) -> ProgrammeQuerySet:
        return self.exclude(status=ProgrammeStatus.DRAFT)


class Programme(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    description = models.TextField(_("background"), blank=True)
    objectives = models.JSONField(_("learning objectives"), default=list, blank=True, help_text=_("A list of texts."))
    outline = models.TextField(_("content outline"), blank=True)
    audience = models.CharField(_("audience"), max_length=300, blank=True)
    cost = models.CharField(_("cost"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    organisers = models.ManyToManyField("people.Organisation", verbose_name=_("organisers"), related_name="+")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.SV)
    registration_deadline = models.DateField(_("last day to register"))
    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    requires_approval = models.BooleanField(_("the organiser approves registrations"), default=False)
    issues_diploma = models.BooleanField(_("diploma on completion"), default=True)
    needs_retention_days = models.PositiveIntegerField(
        _("days to keep dietary and accessibility needs after a session"), default=14
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["registration_deadline", "title"]

    def __str__(self) -> str:
        return self.title

    def deadline_passed(self, today: datetime.date | None = None) -> bool:
        return (today or timezone.localdate()) > self.registration_deadline


class Trainer(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="trainers")
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("title"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("trainer")
        verbose_name_plural = _("trainers")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    """A question the organiser asks everyone who registers (e.g. organisation, title)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=200)
    required = models.BooleanField(_("required"), default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class ProgrammeModule(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=ModuleKind.choices)
    required = models.BooleanField(_("required"), default=True)
    description = models.TextField(_("description"), blank=True)
    course = models.ForeignKey(
        "courses.Course", verbose_name=_("course"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "position"], name="programme_module_position_unique"),
            models.CheckConstraint(
                condition=~Q(kind="self_paced") | Q(course__isnull=False), name="self_paced_module_has_course"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SessionQuerySet(models.QuerySet["Session"]):
    def with_seats(self) -> SessionQuerySet:
        """Annotate ``confirmed_count`` (one aggregate in the same query)."""
        return self.annotate(
            confirmed_count=Count("bookings", filter=Q(bookings__status=BookingStatus.CONFIRMED)),
            waitlisted_count=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITLISTED)),
        )

    def hosted_by(self, user: object) -> SessionQuerySet:
        """Sessions whose host organisation ``user`` coordinates today."""
        from jamlik.people.access import coordinated_organisations

        return self.filter(host_organisation__in=coordinated_organisations(user))


class Session(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    module = models.ForeignKey(ProgrammeModule, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    online_url = models.URLField(
        _("online meeting link"), blank=True, help_text=_("Shown only to confirmed participants.")
    )
    capacity = models.PositiveIntegerField(_("seats"))
    host_organisation = models.ForeignKey(
        "people.Organisation", verbose_name=_("host organisation"), on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.SV)
    registration_deadline = models.DateField(_("own last day to register"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # The confirmed bookings, kept by the seat statements of seats.py (docs/locking.md), never by save().
    taken = models.PositiveIntegerField(default=0, editable=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"),
            models.CheckConstraint(condition=Q(taken__lte=models.F("capacity")), name="session_taken_within_capacity"),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="session_status_start")]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{local:%Y-%m-%d %H:%M} {self.city}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Never writes ``taken`` from an object read earlier: only ``seats.py`` changes it, in SQL,
        under the session's lock (docs/locking.md), so a stale copy cannot undo a seat taken since."""
        if self.pk is not None and not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "taken"
            ]
        super().save(*args, **kwargs)

    def deadline(self) -> datetime.date:
        return self.registration_deadline or self.module.programme.registration_deadline

    def has_started(self, now: datetime.datetime | None = None) -> bool:
        """Attendance can be marked only from the start (``attendance.mark_attendance``)."""
        return (now or timezone.now()) >= self.starts_at

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not self.street_address

    def place(self) -> str:
        return ", ".join(p for p in (self.venue_name, self.street_address, self.city) if p)


class Registration(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_registrations")
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "user"], condition=~Q(status="cancelled"), name="one_live_registration_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.programme}"


class Booking(models.Model):
    """One chosen session of a registration. ``queued_at`` orders the waiting list."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="bookings")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="bookings")
    status = models.CharField(_("status"), max_length=10, choices=BookingStatus.choices)
    queued_at = models.DateTimeField(default=timezone.now)
    sequence = models.PositiveIntegerField(default=0, help_text=_("Calendar SEQUENCE: raised on every change."))
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN
    )
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A switch request: the booking this one releases when it gets a seat."),
    )

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["queued_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["registration", "session"], name="one_booking_per_session")]
        indexes = [models.Index(fields=["session", "status", "queued_at"], name="booking_session_queue")]

    def __str__(self) -> str:
        return f"{self.registration} @ {self.session_id} ({self.status})"

    @property
    def is_switch_request(self) -> bool:
        """Waiting for a seat in another alternative while the participant keeps ``replaces``."""
        return (
            self.status == BookingStatus.WAITLISTED
            and self.replaces is not None
            and self.replaces.status in LIVE_BOOKING
        )

    @property
    def calendar_uid(self) -> str:
        """Stable per (registration, session): updates and cancellations replace the same entry."""
        return f"{self.registration.public_id}-{self.session.public_id}@jamlik"


class Needs(models.Model):
    """Dietary and accessibility needs for one booking: seen only by the session's host, deleted later."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="needs")
    dietary = models.CharField(_("dietary needs"), max_length=300, blank=True)
    accessibility = models.CharField(_("accessibility needs"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("needs")
        verbose_name_plural = _("needs")

    def __str__(self) -> str:
        return str(self.booking_id)


class Answer(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("answer"), max_length=300)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registration", "question"], name="one_answer_per_question")]

    def __str__(self) -> str:
        return self.text


class ProgrammeCompletion(models.Model):
    """Recorded once, when a participant has attended every required module."""

    registration = models.OneToOneField(Registration, on_delete=models.PROTECT, related_name="completion")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_completions")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="completions")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("programme completion")
        verbose_name_plural = _("programme completions")
        constraints = [models.UniqueConstraint(fields=["programme", "user"], name="programme_completed_once")]

    def __str__(self) -> str:
        return f"{self.user} ✓ {self.programme}"
