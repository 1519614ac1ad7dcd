"""A participant's state changes: register, cancel, switch session; the organiser's approval.

Each action runs in one transaction, locks the sessions it touches by the rule in
``jamlik.programmes.seats`` (docs/locking.md), writes its audit entry and schedules its emails
for after commit. Refusals raise ``ValidationError`` with a ``code`` before anything is kept.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.people.models import User
from jamlik.programmes import notify
from jamlik.programmes.events import RegistrationChanged, announce_status, registration_cancelled
from jamlik.programmes.models import (
    LIVE_BOOKING,
    Answer,
    Booking,
    BookingStatus,
    ModuleKind,
    Needs,
    Programme,
    ProgrammeStatus,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
)
from jamlik.programmes.seats import (
    confirmed_counts,
    lock_sessions,
    move_needs,
    promote_waiting,
    recount,
    refresh_registration_status,
    release,
    take_seats,
)

NOT_OPEN = "not_open"
DEADLINE = "deadline"
TWICE = "twice"
SESSION_CANCELLED = "session_cancelled"
TWO_ALTERNATIVES = "two_alternatives"
CHOICE_MISSING = "choice_missing"
ANSWER_MISSING = "answer_missing"
NO_SEATS = "no_seats"
INVALID = "invalid"


def _refuse(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _check_session_open(session: Session, today: datetime.date | None = None) -> None:
    if session.status == SessionStatus.CANCELLED:
        raise _refuse("sessions", _("The session on %(when)s is cancelled.") % {"when": session}, SESSION_CANCELLED)
    if (today or timezone.localdate()) > session.deadline():
        raise _refuse(
            "sessions",
            _("The last day to register for the session on %(when)s has passed.") % {"when": session},
            DEADLINE,
        )


def choose_sessions(programme: Programme, session_ids: Iterable[int]) -> list[Session]:
    """The sessions a registration books: the chosen alternative per module, single sessions implied."""
    chosen = set(session_ids)
    # ``.all()`` so that a programme fetched with ``programme_detail_queryset`` costs no query here.
    modules = sorted(programme.modules.all(), key=lambda m: (m.position, m.pk))
    sessions = {module.pk: list(module.sessions.all()) for module in modules}
    known = {s.pk for own in sessions.values() for s in own}
    if chosen - known:
        raise _refuse("sessions", _("Choose sessions of this programme."), INVALID)
    result: list[Session] = []
    for module in modules:
        if module.kind == ModuleKind.SELF_PACED:
            continue
        own = sessions[module.pk]
        picked = [s for s in own if s.pk in chosen]
        if len(picked) > 1:
            raise _refuse(
                "sessions",
                _("Choose only one of the alternatives for %(module)s.") % {"module": module.title},
                TWO_ALTERNATIVES,
            )
        if not picked and module.required:
            open_ones = [s for s in own if s.status == SessionStatus.SCHEDULED]
            if len(open_ones) != 1:
                raise _refuse(
                    "sessions", _("Choose a session for %(module)s.") % {"module": module.title}, CHOICE_MISSING
                )
            picked = open_ones
        result.extend(picked)
    return result


def _check_answers(programme: Programme, answers: Mapping[int, str]) -> dict[int, str]:
    """Answers by question id: another programme's (or no) question is refused, not dropped."""
    questions = list(programme.questions.all())
    unknown = set(answers) - {q.pk for q in questions}
    if unknown:
        raise _refuse("answers", _("Answer only the questions of this programme."), INVALID)
    clean: dict[int, str] = {}
    for question in questions:
        text = (answers.get(question.pk) or "").strip()[:300]
        if question.required and not text:
            raise _refuse(
                f"question_{question.pk}", _("Answer this question: %(q)s") % {"q": question.text}, ANSWER_MISSING
            )
        if text:
            clean[question.pk] = text
    return clean


@transaction.atomic
def register(
    user: User,
    programme: Programme,
    session_ids: Iterable[int] = (),
    *,
    answers: Mapping[int, str] | None = None,
    dietary: str = "",
    accessibility: str = "",
    today: datetime.date | None = None,
) -> Registration:
    """Register ``user``: confirmed where a seat is free, waitlisted where not (pending if approval is on).

    ``today`` is the day the deadlines are checked against (the demo's earlier run registers in the past)."""
    if programme.status != ProgrammeStatus.OPEN:
        raise _refuse("sessions", _("This programme is not open for registration."), NOT_OPEN)
    if programme.deadline_passed(today):
        raise _refuse("sessions", _("The last day to register has passed."), DEADLINE)
    # "Already registered?" is answered by the unique constraint on the insert below (no query first).
    wanted = choose_sessions(programme, session_ids)
    clean_answers = _check_answers(programme, answers or {})

    dietary, accessibility = dietary.strip()[:300], accessibility.strip()[:300]
    pending = programme.requires_approval
    for session in wanted:  # a fast refusal from the rows read before the lock; re-checked after it
        _check_session_open(session, today)

    # Everything that does not decide a seat is written first, without any seat lock: the
    # registration and its bookings (waitlisted, or pending approval), needs and answers.
    provisional = RegistrationStatus.PENDING if pending else RegistrationStatus.WAITLISTED
    try:
        # No savepoint: after a failed insert nothing else runs, and this atomic block rolls back.
        registration = Registration.objects.create(programme=programme, user=user, status=provisional)
    except IntegrityError:  # the same person, in another request, a moment earlier
        raise _refuse("sessions", _("You are already registered for this programme."), TWICE) from None
    booking_status = BookingStatus.PENDING if pending else BookingStatus.WAITLISTED
    bookings = Booking.objects.bulk_create(
        Booking(registration=registration, session=s, status=booking_status) for s in wanted
    )
    if dietary or accessibility:
        Needs.objects.bulk_create(
            Needs(booking=booking, dietary=dietary, accessibility=accessibility)
            for booking in bookings
            if booking.session.module.kind == ModuleKind.IN_PERSON
        )
    if clean_answers:
        Answer.objects.bulk_create(
            Answer(registration=registration, question_id=q, text=t) for q, t in clean_answers.items()
        )

    # The seat: one statement locks the sessions, takes a free seat on each and confirms those
    # bookings; the lock is held from here to the commit (docs/locking.md).
    decided = take_seats(registration.pk, [s.pk for s in wanted], allocate=not pending)
    for session in wanted:  # the sessions read before the lock, brought up to date from the locked rows
        seat = decided[session.pk]
        session.status, session.registration_deadline = seat.session_status, seat.registration_deadline
        _check_session_open(session, today)  # cancelled or closed meanwhile: refused, and the seat rolls back
    for booking in bookings:
        booking.status, booking.queued_at = (
            decided[booking.session_id].booking_status,
            decided[booking.session_id].queued_at,
        )
    if not pending and all(b.status == BookingStatus.CONFIRMED for b in bookings):
        registration.status = RegistrationStatus.CONFIRMED  # written by take_seats
    record(
        "programme.registered",
        actor=user,
        target=registration,
        summary=f"{user.email} → {programme.title}",
        after={"status": registration.status, "bookings": {str(b.session_id): b.status for b in bookings}},
    )
    notify.registered(registration, bookings)  # rendered after commit, so never under the seat lock
    announce_status(registration.pk, registration.status)
    return registration


@transaction.atomic
def cancel_registration(actor: User, registration: Registration) -> Registration:
    """Cancel every booking; freed seats go to the oldest waiting participants, who are emailed."""
    session_ids = list(registration.bookings.values_list("session_id", flat=True))
    locked = lock_sessions(session_ids)
    registration = Registration.objects.select_for_update().select_related("programme", "user").get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise _refuse("registration", _("This registration is already cancelled."), INVALID)
    bookings = list(registration.bookings.select_related("session__module__programme", "registration__user"))
    had_seat = [b for b in bookings if b.status == BookingStatus.CONFIRMED]
    for booking in bookings:
        if booking.status != BookingStatus.CANCELLED:
            booking.status = BookingStatus.CANCELLED
            booking.sequence += 1
            booking.save(update_fields=["status", "sequence"])
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    record(
        "programme.registration_cancelled",
        actor=actor,
        target=registration,
        summary=f"{registration.user.email} → {registration.programme.title}",
    )
    notify.cancelled(registration, had_seat)
    registration_cancelled.publish(RegistrationChanged(registration.pk))
    for booking in had_seat:
        promote_waiting(locked[booking.session_id], actor)
    recount(locked)
    return registration


def _module_bookings(registration: Registration, module_id: int) -> list[Booking]:
    return list(
        Booking.objects.select_related("session__module__programme", "registration__user", "replaces")
        .filter(registration=registration, session__module_id=module_id)
        .order_by("pk")
    )


@transaction.atomic
def switch_session(actor: User, registration: Registration, to_session: Session, *, wait: bool = False) -> Booking:
    """Move to another alternative of the same module.

    Where the other session has a free seat, the move happens at once. Where it is full and
    ``wait`` is set, the participant joins its waiting list *and keeps the current booking*: the
    new booking ``replaces`` the old one, and ``seats.promote_waiting`` releases the old seat (and
    promotes the next person there) in the same transaction that gives the new one. One switch
    request per module at a time: a new one replaces an earlier one.
    """
    if to_session.module.programme_id != registration.programme_id:
        raise _refuse("session", _("Choose another session of a module you are registered for."), INVALID)
    locked = lock_sessions([to_session.pk])  # and every alternative of its module
    registration = Registration.objects.select_for_update().select_related("user", "programme").get(pk=registration.pk)
    if registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.PENDING):
        raise _refuse("session", _("Only a confirmed or waiting registration can change session."), INVALID)
    in_module = _module_bookings(registration, to_session.module_id)
    current = next((b for b in in_module if b.status in LIVE_BOOKING and not b.is_switch_request), None)
    if current is None or current.session_id == to_session.pk:
        raise _refuse("session", _("Choose another session of a module you are registered for."), INVALID)
    target = locked[to_session.pk]
    _check_session_open(target)
    free = confirmed_counts([target.pk]).get(target.pk, 0) < target.capacity
    new = next((b for b in in_module if b.session_id == target.pk), None)
    if not free and not wait:
        raise _refuse("session", _("The session on %(when)s has no free seats.") % {"when": target}, NO_SEATS)
    if not free and new is not None and new.is_switch_request:
        raise _refuse(
            "session", _("You are already on the waiting list for the session on %(when)s.") % {"when": target}, TWICE
        )
    for earlier in in_module:  # an earlier request for a third alternative is withdrawn
        if earlier.is_switch_request and earlier.session_id != target.pk:
            release(earlier)
    status = BookingStatus.CONFIRMED if free else BookingStatus.WAITLISTED
    if new is None:
        new = Booking.objects.create(registration=registration, session=target, status=status)
    else:
        new.status = status
        new.sequence += 1
        new.queued_at = timezone.now()
    new.replaces = None if free else current
    new.save()
    new.registration = registration
    if not free:
        record(
            "programme.switch_requested",
            actor=actor,
            organisation=target.host_organisation,
            target=new,
            summary=f"{registration.user.email}: {current.session} → {target} (waiting list)",
            before={"session": str(current.session.public_id)},
            after={"waiting_for": str(target.public_id)},
        )
        recount(locked)
        return new
    had_seat = release(current)
    move_needs(current, new)
    refresh_registration_status(registration)
    record(
        "programme.session_switched",
        actor=actor,
        organisation=target.host_organisation,
        target=new,
        summary=f"{registration.user.email}: {current.session} → {target}",
        before={"session": str(current.session.public_id)},
        after={"session": str(target.public_id)},
    )
    notify.switched(current, new)
    if had_seat:
        promote_waiting(locked[current.session_id], actor)
    recount(locked)
    return new


@transaction.atomic
def withdraw_switch_request(actor: User, registration: Registration, session: Session) -> Booking:
    """Leave another alternative's waiting list; the participant keeps the booking they have."""
    lock_sessions([session.pk])
    request = next(
        (
            b
            for b in _module_bookings(registration, session.module_id)
            if b.session_id == session.pk and b.is_switch_request
        ),
        None,
    )
    if request is None:
        raise _refuse("session", _("You are not waiting to change to this session."), INVALID)
    release(request)
    record(
        "programme.switch_withdrawn",
        actor=actor,
        organisation=session.host_organisation,
        target=request,
        summary=f"{registration.user.email}: {session}",
    )
    return request


@transaction.atomic
def approve_registration(actor: User, registration: Registration) -> Registration:
    """The organiser approves a pending registration: seats are allocated as in ``register``."""
    session_ids = list(registration.bookings.values_list("session_id", flat=True))
    locked = lock_sessions(session_ids)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.PENDING:
        raise _refuse("registration", _("This registration is not waiting for approval."), INVALID)
    counts = confirmed_counts(locked)
    bookings = list(registration.bookings.select_related("session__module__programme", "registration__user"))
    for booking in bookings:
        session = locked[booking.session_id]
        if counts.get(session.pk, 0) < session.capacity and session.status == SessionStatus.SCHEDULED:
            booking.status = BookingStatus.CONFIRMED
            counts[session.pk] = counts.get(session.pk, 0) + 1
        else:
            booking.status = BookingStatus.WAITLISTED
        booking.queued_at = timezone.now()
        booking.save(update_fields=["status", "queued_at"])
    registration.status = RegistrationStatus.CONFIRMED
    refresh_registration_status(registration)
    registration.save(update_fields=["status"])
    recount(locked)
    record("programme.registration_approved", actor=actor, target=registration, summary=registration.user.email)
    notify.registered(registration, bookings)
    announce_status(registration.pk, registration.status)
    return registration


@transaction.atomic
def decline_registration(actor: User, registration: Registration) -> Registration:
    """The organiser declines a pending registration: cancelled by ``cancel_registration``, which emails.

    Locks as ``approve_registration`` does (sessions, then the registration) and re-checks that the
    registration still waits for approval, so an approval a moment earlier is never undone.
    """
    lock_sessions(registration.bookings.values_list("session_id", flat=True))
    if not Registration.objects.select_for_update().filter(pk=registration.pk, status=RegistrationStatus.PENDING):
        raise _refuse("registration", _("This registration is not waiting for approval."), INVALID)
    return cancel_registration(actor, registration)
