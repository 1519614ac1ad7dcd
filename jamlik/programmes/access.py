"""The only ways views and the API reach programmes, registrations and hosted sessions.

Each helper filters in the query and raises Http404 alike for "missing" and "not yours".
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from jamlik.people.access import coordinated_organisations
from jamlik.people.models import Organisation
from jamlik.programmes.models import (
    Answer,
    Booking,
    BookingStatus,
    Programme,
    ProgrammeModule,
    ProgrammeStatus,
    Registration,
    RegistrationStatus,
    Session,
)


def programme_detail_queryset(*, registering: bool = False) -> Any:
    """Modules, sessions with seat counts, questions; the page also needs trainers and organisers.

    ``registering``: the seats left come from ``Session.taken`` alone, without counting bookings."""
    sessions = (Session.objects if registering else Session.objects.with_seats()).select_related("host_organisation")
    sessions = sessions.order_by("starts_at", "pk")
    modules = ProgrammeModule.objects.select_related("course").prefetch_related(Prefetch("sessions", queryset=sessions))
    extra = () if registering else ("trainers", "organisers")
    return Programme.objects.prefetch_related(
        Prefetch("modules", queryset=modules.order_by("position")), "questions", *extra
    )


def get_public_programme(
    slug: str | None = None, *, public_id: UUID | None = None, registering: bool = False
) -> Programme:
    """A programme anyone may read: published (not a draft). ``registering``: only what registering reads."""
    qs = programme_detail_queryset(registering=registering).exclude(status=ProgrammeStatus.DRAFT)
    found = qs.filter(public_id=public_id).first() if public_id else qs.filter(slug=slug).first()
    if found is None:
        raise Http404
    return found  # type: ignore[no-any-return]


def get_live_registration(user: Any, programme: Programme) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Registration.objects.select_related("programme", "user")
        .filter(user=user, programme=programme)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )


def get_own_registration(user: Any, public_id: UUID) -> Registration:
    found = (
        Registration.objects.select_related("programme", "user").filter(user=user, public_id=public_id).first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if found is None:
        raise Http404
    return found


def hosted_sessions(user: Any) -> Any:
    return Session.objects.hosted_by(user)


def get_hosted_session(user: Any, public_id: UUID) -> Session:
    session = (
        hosted_sessions(user)
        .with_seats()
        .select_related("module__programme", "host_organisation")
        .filter(public_id=public_id)
        .first()
    )
    if session is None:
        raise Http404
    return session  # type: ignore[no-any-return]


def roster_rows(session: Session) -> Any:
    """Everyone with a live booking in ``session``, seats first, then the waiting list in order."""
    return (
        Booking.objects.select_related("registration__user", "needs", "replaces__session")
        .filter(session=session, status__in=[BookingStatus.CONFIRMED, BookingStatus.WAITLISTED, BookingStatus.PENDING])
        .order_by("status", "queued_at", "pk")
    )


def roster(session: Session) -> list[Booking]:
    return list(roster_rows(session))


def with_waiting_position(bookings: Any) -> Any:
    """Annotate ``waiting_ahead``: the waitlisted bookings of the same session queued before each one."""
    ahead = (
        Booking.objects.filter(session=OuterRef("session"), status=BookingStatus.WAITLISTED)
        .filter(Q(queued_at__lt=OuterRef("queued_at")) | Q(queued_at=OuterRef("queued_at"), pk__lt=OuterRef("pk")))
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return bookings.annotate(waiting_ahead=Coalesce(Subquery(ahead), Value(0)))


def with_bookings_and_answers(registrations: Any) -> Any:
    """Registrations with their bookings (waiting positions included) and answers, in three queries."""
    bookings = with_waiting_position(
        Booking.objects.select_related("session__module", "replaces__session").order_by("session__starts_at", "pk")
    )
    answers = Answer.objects.select_related("question").order_by("question__position", "question__pk")
    return registrations.select_related("programme", "user").prefetch_related(
        Prefetch("bookings", queryset=bookings), Prefetch("answers", queryset=answers)
    )


def waiting_list(session: Session) -> Any:
    """``session``'s waiting list in the order seats are offered: who queued first, first."""
    return (
        Booking.objects.select_related("registration__user", "replaces__session")
        .filter(session=session, status=BookingStatus.WAITLISTED)
        .order_by("queued_at", "pk")
    )


def get_booking_in(session: Session, public_id: UUID) -> Booking:
    booking = Booking.objects.select_related("registration__user").filter(session=session, public_id=public_id).first()
    if booking is None:
        raise Http404
    return booking


def _approver_sessions(user: Any, programme: Programme) -> Any:
    """The sessions whose registrations ``user`` may approve: all for a programme manager, else hosted ones."""
    sessions = Session.objects.filter(module__programme=programme)
    if getattr(user, "is_programme_manager", False):
        return sessions
    return sessions.hosted_by(user)


def get_programme_to_approve(user: Any, slug: str | None = None, *, public_id: UUID | None = None) -> Programme:
    """A programme with approval on, where ``user`` manages programmes or hosts a session."""
    found = Programme.objects.filter(requires_approval=True)
    programme = found.filter(public_id=public_id).first() if public_id else found.filter(slug=slug).first()
    if programme is None or not _approver_sessions(user, programme).exists():
        raise Http404
    return programme


def registrations_to_approve(user: Any, programme: Programme) -> Any:
    """Pending registrations that chose a session ``user`` may approve for, oldest first."""
    bookings = Booking.objects.select_related("session__module").order_by("session__module__position", "pk")
    answers = Answer.objects.select_related("question").order_by("question__position", "question__pk")
    return (
        Registration.objects.filter(
            programme=programme,
            status=RegistrationStatus.PENDING,
            bookings__session__in=_approver_sessions(user, programme),
        )
        .distinct()
        .select_related("user", "programme")
        .prefetch_related(Prefetch("bookings", queryset=bookings), Prefetch("answers", queryset=answers))
        .order_by("created_at", "pk")
    )


def get_registration_to_approve(user: Any, programme: Programme, public_id: UUID) -> Registration:
    found = registrations_to_approve(user, programme).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found  # type: ignore[no-any-return]


def answers_by_registration(session: Session, registrations: list[int] | None = None) -> dict[int, dict[int, str]]:
    """The answers to the organiser's questions of everyone on ``session``'s roster, by registration
    (only of ``registrations`` when given: one page of the roster)."""
    answers = Answer.objects.filter(
        registration__bookings__session=session,
        registration__bookings__status__in=[BookingStatus.CONFIRMED, BookingStatus.WAITLISTED, BookingStatus.PENDING],
    )
    if registrations is not None:
        answers = answers.filter(registration_id__in=registrations)
    rows = answers.values_list("registration_id", "question_id", "text")
    found: dict[int, dict[int, str]] = {}
    for registration_id, question_id, text in rows:
        found.setdefault(registration_id, {})[question_id] = text
    return found


# --- Authoring (see jamlik/programmes/authoring.py for who may author) --------------------------


def may_author_programmes(user: Any) -> bool:
    """May this person start a programme (and see the authoring list)?"""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_programme_manager) or coordinated_organisations(user).exists()


def organiser_choices(user: Any) -> Any:
    """Organisations a programme may name as organisers: all; the form insists on one of the user's own."""
    return Organisation.objects.order_by("name")


def authorable_programmes(user: Any) -> Any:
    """Programmes ``user`` organises (drafts included): all for programme managers."""
    if not getattr(user, "is_authenticated", False):
        return Programme.objects.none()
    if user.is_programme_manager:
        return Programme.objects.all()
    own = Programme.objects.filter(organisers__in=coordinated_organisations(user)).values("pk")
    return Programme.objects.filter(pk__in=own)


def get_programme_for_organiser(user: Any, public_id: UUID) -> Programme:
    found = authorable_programmes(user).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found  # type: ignore[no-any-return]


def get_module_for_organiser(user: Any, public_id: UUID) -> ProgrammeModule:
    """A module of a programme ``user`` organises (all for programme managers)."""
    module = (
        ProgrammeModule.objects.select_related("programme", "course")
        .filter(public_id=public_id, programme__in=authorable_programmes(user))
        .first()
    )
    if module is None:
        raise Http404
    return module


def get_session_for_organiser(user: Any, public_id: UUID) -> Session:
    """A session of a programme ``user`` organises, with its seat counts."""
    session = (
        Session.objects.with_seats()
        .select_related("module__programme", "host_organisation")
        .filter(public_id=public_id, module__programme__in=authorable_programmes(user))
        .first()
    )
    if session is None:
        raise Http404
    return session


def get_module_in(programme: Programme, pk: int) -> ProgrammeModule:
    module = ProgrammeModule.objects.select_related("course").filter(programme=programme, pk=pk).first()
    if module is None:
        raise Http404
    module.programme = programme
    return module
