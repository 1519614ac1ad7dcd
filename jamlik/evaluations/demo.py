"""Demo evaluations: answered rounds for the demo course and for an earlier run of the demo programme.

Idempotent, and through the actions: ``actions.answer`` for every answer (with the day the person
answered), the programme's authoring and registration actions and ``mark_attendance`` for the
earlier run. Who answers and how is decided by a hash of the address, so every load gives the same.
"""

from __future__ import annotations

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone

from jamlik.courses.models import Completion, Course
from jamlik.evaluations import actions
from jamlik.evaluations.defaults import DEFAULT_QUESTIONS, QuestionRow
from jamlik.evaluations.models import Participation, QuestionKind
from jamlik.evaluations.rounds import GRACE_DAYS, Occasion, period_of, quarter_bounds
from jamlik.people.models import Organisation, User
from jamlik.programmes import actions as programme_actions
from jamlik.programmes import authoring
from jamlik.programmes.attendance import mark_attendance
from jamlik.programmes.models import Booking, ModuleKind, Programme, ProgrammeStatus

COURSE = "bemotande-och-diskriminering"  # the campaigns' course, completed by their synthetic people
EARLIER_RUN = "jamlikhet-i-praktiken-tidigare"
MANAGER = "programansvarig@lansstyrelsen.se"
HOST = "vard@lansstyrelsen-stockholm.example"  # the demo programme's host in Stockholm
HOST_ORGANISATION = "lansstyrelsen-stockholm"
PARTICIPANTS = 24
PROGRAMME_QUESTIONS = [
    *DEFAULT_QUESTIONS[:2],
    QuestionRow(
        QuestionKind.RATING,
        "Hur väl kan du använda metodstödet i din verksamhet?",
        "How well can you use the method support in your organisation?",
    ),
    DEFAULT_QUESTIONS[3],
    DEFAULT_QUESTIONS[4],
]
TEXTS = [
    "Bra exempel från verkligheten, och tid att prata med kollegor från andra kommuner.",
    "Mer tid för övningarna, gärna en halv dag till.",
    "Case-övningarna var bäst. Lokalen var trång.",
    "Tydligt upplägg. Jag saknade material att ta med hem.",
    "Föreläsarna var mycket kunniga och lyhörda.",
    "Lite för mycket teori i början, men bra diskussioner sedan.",
]


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")


def _ratings(email: str, count: int) -> dict[int, int]:
    """Mostly 4 and 5, some 3, a few lower: "appreciated and valuable"."""
    out = {}
    for position in range(1, count + 1):
        n = _hash(f"{email}:{position}") % 100
        out[position] = 5 if n < 45 else 4 if n < 80 else 3 if n < 93 else 2 if n < 98 else 1
    return out


def _answer(user: User, occasion: Occasion, questions: int, day: datetime.date) -> None:
    texts = {questions + 1: TEXTS[_hash(user.email) % len(TEXTS)]} if _hash(user.email) % 4 == 0 else {}
    actions.answer(user, occasion, _ratings(user.email, questions), texts, asked=1, today=day)


def _course() -> int:
    """One in eight of the people who completed the campaign course in 2018 answered its evaluation."""
    course = Course.objects.filter(slug=COURSE).first()
    if course is None:
        return 0
    if actions.current_questionnaire(course=course) is None:
        actions.set_questions(None, DEFAULT_QUESTIONS, course=course)
    done = Participation.objects.exclude(completion=None).values("completion")
    completions = (
        Completion.objects.filter(course=course, completed_at__year=2018)
        .exclude(pk__in=done)
        .select_related("user", "course__published_version")
        .order_by("pk")
    )
    rating_questions = sum(q.kind == QuestionKind.RATING for q in DEFAULT_QUESTIONS)
    answered = 0
    for completion in completions:
        if _hash(completion.user.email) % 8:
            continue
        day = timezone.localdate(completion.completed_at) + datetime.timedelta(
            days=1 + _hash(completion.user.email) % 5
        )
        _answer(completion.user, Occasion(completion=completion), rating_questions, day)
        answered += 1
    return answered


def _run_day(today: datetime.date) -> datetime.date:
    """A day in the newest quarter whose round has closed (so the demo shows it)."""
    closed_quarter_end = quarter_bounds(period_of(today - datetime.timedelta(days=GRACE_DAYS + 1)))[
        0
    ] - datetime.timedelta(days=1)
    return closed_quarter_end - datetime.timedelta(days=20)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _earlier_run(manager: User, host: User, organisation: Organisation) -> Programme:
    """The previous run of the demo programme: one day in Stockholm, in a quarter whose round has closed."""
    programme = Programme.objects.filter(slug=EARLIER_RUN).first()
    if programme is not None:
        return programme
    day = _run_day(timezone.localdate())
    programme = authoring.create_programme(
        manager,
        fields={
            "slug": EARLIER_RUN,
            "title": "Jämlikhet i praktiken (tidigare omgång)",
            "summary": "Den förra omgången av länsstyrelsernas utbildning i att arbeta strategiskt mot rasism.",
            "registration_deadline": timezone.localdate(),  # open today, so it can be opened; each session has its own
            "contact_email": MANAGER,
        },
        organisers=[organisation],
    )
    module = authoring.add_module(
        manager, programme, title="Fysisk träff: metodstödet i praktiken", kind=ModuleKind.IN_PERSON
    )
    authoring.add_session(
        manager,
        module,
        starts_at=_at(day, 9),
        ends_at=_at(day, 15),
        venue_name="Länsstyrelsen i Stockholms län",
        street_address="Regeringsgatan 66",
        city="Stockholm",
        capacity=40,
        host_organisation=organisation,
        registration_deadline=day - datetime.timedelta(days=7),
    )
    authoring.change_status(manager, programme, ProgrammeStatus.OPEN)
    programme.refresh_from_db()
    actions.set_questions(manager, PROGRAMME_QUESTIONS, programme=programme)
    session = module.sessions.get()
    registering = day - datetime.timedelta(days=14)
    people = User.objects.filter(email__endswith="@demo.example").order_by("email")[:PARTICIPANTS]
    for user in people:
        programme_actions.register(user, programme, [session.pk], today=registering)
    for booking in Booking.objects.filter(session=session).select_related("registration__user").order_by("pk"):
        # One in six did not come; the others were marked present by the host.
        mark_attendance(host, booking, _hash(booking.registration.user.email) % 6 != 0)
    authoring.change_status(manager, programme, ProgrammeStatus.CLOSED)
    return programme


def _programme() -> int:
    manager = User.objects.filter(email=MANAGER).first()
    host = User.objects.filter(email=HOST).first()
    organisation = Organisation.objects.filter(slug=HOST_ORGANISATION).first()
    if manager is None or host is None or organisation is None:
        return 0
    programme = _earlier_run(manager, host, organisation)
    rating_questions = sum(q.kind == QuestionKind.RATING for q in PROGRAMME_QUESTIONS)
    done = Participation.objects.exclude(booking=None).values("booking")
    answered = 0
    bookings = (
        Booking.objects.filter(session__module__programme=programme, attendance="attended")
        .exclude(pk__in=done)
        .select_related("registration__user", "session__module__programme")
        .order_by("pk")
    )
    for booking in bookings:
        if _hash(booking.registration.user.email) % 5 == 0:  # some did not answer
            continue
        day = timezone.localdate(booking.session.starts_at) + datetime.timedelta(days=2)
        _answer(booking.registration.user, Occasion(booking=booking), rating_questions, day)
        answered += 1
    return answered


@transaction.atomic
def load() -> list[str]:
    _course()
    _programme()
    lines = ["Evaluations: /utvardering/resultat/ (programme managers; answers without names, small groups hidden)"]
    lines.append(f"  /utvardering/resultat/kurs/{COURSE}/ and /utvardering/resultat/program/{EARLIER_RUN}/")
    return lines
