"""The scenarios: what each one requests, its target, and (scenario 5) the check of the result.

Runs inside the harness process after ``django.setup()``, against the benchmark database: it
picks learners and lessons from the seeded data, writes their sessions, and builds the exact
requests the load generator sends. Each scenario's requests are fixed before it starts.
"""

from __future__ import annotations

import bisect
import random
import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Max, Min
from django.urls import NoReverseMatch, reverse

from bench.report import Target
from jamlik.campaigns.models import Campaign
from jamlik.courses.models import Course, Enrolment, Lesson, LessonProgress
from jamlik.people.models import PlatformRole, User
from jamlik.programmes.models import Booking, BookingStatus, Programme, Registration, Session
from jamlik.programmes.seats import recount
from jamlik.scale.courses import COURSES
from jamlik.scale.events import CAMPAIGN, PROGRAMME, SEATS
from jamlik.scale.people import EMAIL_SUFFIX
from jamlik.scale.sessions import sign_in

Request = dict[str, Any]
MANAGER_EMAIL = "programansvarig@bench.scale.example"


@dataclass
class Scenario:
    key: str
    title: str
    requests: list[Request]
    concurrency: int
    expect: set[int]
    target: Target
    warmup: list[Request] = field(default_factory=list)
    check: Callable[[dict[str, Any]], list[str]] | None = None
    notes: list[str] = field(default_factory=list)
    available: bool = True


@dataclass(frozen=True)
class Sizes:
    requests: int
    concurrency: int
    registrations: int
    learners: int
    warmup: int


def _get(path: str, session_key: str | None = None) -> Request:
    headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}"} if session_key else {}
    return {"method": "GET", "path": path, "headers": headers}


def _post(path: str, data: dict[str, str], session_key: str) -> Request:
    # The CSRF cookie and header carry the same unmasked secret, which Django accepts.
    token = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    return {
        "method": "POST",
        "path": path,
        "headers": {
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}; {settings.CSRF_COOKIE_NAME}={token}",
            "X-CSRFToken": token,
            "Content-Type": "application/x-www-form-urlencoded",
        },
        "body": urlencode(data),
    }


def _sample_enrolments(course: Course, count: int, rng: random.Random, **filters: Any) -> list[Enrolment]:
    """About ``count`` enrolments of synthetic learners, spread over the whole table (no ORDER BY random())."""
    qs = Enrolment.objects.filter(course=course, user__email__endswith=EMAIL_SUFFIX, **filters)
    bounds = qs.aggregate(lo=Min("pk"), hi=Max("pk"))
    if bounds["lo"] is None:
        return []
    ids = {rng.randint(bounds["lo"], bounds["hi"]) for _ in range(count * 4)}
    found = list(qs.filter(pk__in=ids).select_related("user")[:count])
    if len(found) < count:  # a small data set: take what there is
        found += list(qs.exclude(pk__in=[e.pk for e in found]).select_related("user")[: count - len(found)])
    return found


def baseline(sizes: Sizes) -> Scenario:
    return Scenario(
        "1",
        "Baseline (trivial view)",
        [_get("/bench/baseline/") for _ in range(sizes.requests)],
        sizes.concurrency,
        {200},
        Target("the ceiling"),
        warmup=[_get("/bench/baseline/") for _ in range(sizes.warmup)],
    )


def lesson_pages(sizes: Sizes, rng: random.Random) -> Scenario:
    course = Course.objects.get(slug=COURSES[0].slug)
    enrolments = _sample_enrolments(course, sizes.learners, rng)
    keys = sign_in([e.user for e in enrolments])
    lessons = list(Lesson.objects.filter(version_id=course.published_version_id))
    requests = []
    for _ in range(sizes.requests + sizes.warmup):
        enrolment = rng.choice(enrolments)
        lesson = rng.choice(lessons)
        requests.append(_get(reverse("courses:lesson", args=[course.slug, lesson.public_id]), keys[enrolment.user_id]))
    return Scenario(
        "2",
        "Lesson page, signed in",
        requests[sizes.warmup :],
        sizes.concurrency,
        {200},
        Target("≥ 0.3 x baseline, p99 < 150 ms", min_ratio=0.3, max_p99_ms=150),
        warmup=requests[: sizes.warmup],
        notes=[f"{len(enrolments)} different learners, {len(lessons)} lessons"],
    )


def record_progress(sizes: Sizes, rng: random.Random) -> Scenario:
    """Each request marks a different (learner, lesson) done that was not done before."""
    course = Course.objects.get(slug=COURSES[0].slug)
    wanted = sizes.requests + sizes.warmup
    enrolments = _sample_enrolments(course, wanted // 2 + 1, rng, completed_at__isnull=True)
    lessons = {lesson.pk: lesson for lesson in Lesson.objects.filter(version_id=course.published_version_id)}
    done: dict[int, set[int]] = {}
    for enrolment_id, lesson_id in LessonProgress.objects.filter(enrolment__in=enrolments).values_list(
        "enrolment_id", "lesson_id"
    ):
        done.setdefault(enrolment_id, set()).add(lesson_id)
    pairs = []
    for enrolment in enrolments:
        todo = [pk for pk in lessons if pk not in done.get(enrolment.pk, set())]
        rng.shuffle(todo)
        pairs += [(enrolment, lessons[pk]) for pk in todo[:2]]
    rng.shuffle(pairs)
    pairs = pairs[:wanted]
    keys = sign_in([e.user for e in {e.pk: e for e, _ in pairs}.values()])
    requests = [
        _post(reverse("courses:lesson_done", args=[course.slug, lesson.public_id]), {}, keys[e.user_id])
        for e, lesson in pairs
    ]
    return Scenario(
        "3",
        "Record lesson progress (POST)",
        requests[sizes.warmup :],
        sizes.concurrency,
        {302},
        Target("≥ 0.2 x baseline, p99 < 150 ms", min_ratio=0.2, max_p99_ms=150),
        warmup=requests[: sizes.warmup],
        notes=[f"{len(requests) - sizes.warmup} lessons not done before, by {len(keys)} learners"],
    )


def campaign(sizes: Sizes) -> list[Scenario]:
    item = Campaign.objects.get(slug=CAMPAIGN)
    target = Target("≥ 0.5 x baseline; queries independent of completions", min_ratio=0.5)
    page = reverse("campaigns:campaign", args=[item.slug])
    api = f"/api/v1/campaigns/{item.public_id}/standings"
    # The page renders the whole standings table (cached for JAMLIK_CAMPAIGN_CACHE_SECONDS): fewer requests.
    page_requests = max(sizes.requests // 5, 1)
    return [
        Scenario(
            "4a", "Campaign standings page", [_get(page) for _ in range(page_requests)], sizes.concurrency, {200},
            target, warmup=[_get(page) for _ in range(sizes.warmup)],
        ),
        Scenario(
            "4b", "Campaign standings JSON", [_get(api) for _ in range(sizes.requests)], sizes.concurrency, {200},
            target, warmup=[_get(api) for _ in range(sizes.warmup)],
        ),
    ]  # fmt: skip


def registration_contention(sizes: Sizes, rng: random.Random) -> Scenario:
    """``registrations`` different learners register at once for one 40-seat session."""
    programme = Programme.objects.get(slug=PROGRAMME)
    session = Session.objects.filter(module__programme=programme).select_related("module").order_by("pk").first()
    assert session is not None
    # Start from an empty session each run: the benchmark's own registrations from a previous run go.
    Booking.objects.filter(registration__programme=programme).delete()
    Registration.objects.filter(programme=programme).delete()
    recount(Session.objects.filter(module__programme=programme).values_list("pk", flat=True))
    people = list(User.objects.filter(email__endswith=EMAIL_SUFFIX).order_by("pk")[: sizes.registrations * 3])
    rng.shuffle(people)
    people = people[: sizes.registrations]
    keys = sign_in(people)
    path = reverse("programmes:register", args=[programme.slug])
    field_name = f"module_{session.module_id}"
    requests = [_post(path, {field_name: str(session.pk)}, keys[p.pk]) for p in people]
    page = reverse("programmes:programme", args=[programme.slug])

    def check(run: dict[str, Any]) -> list[str]:
        return _check_contention(run, people, session)

    return Scenario(
        "5",
        f"Registration contention ({len(people)} for {session.capacity} seats)",
        requests,
        len(requests),
        {302},
        Target("100 % correct, ≥ 500 attempts/s, p99 < 2 s", min_rps=500, max_p99_ms=2000),
        warmup=[_get(page) for _ in range(sizes.warmup)],
        check=check,
    )


def _check_contention(run: dict[str, Any], people: list[User], session: Session) -> list[str]:
    """Exactly ``capacity`` confirmed, the rest waitlisted, in the order the server took them."""
    problems: list[str] = []
    bookings = list(
        Booking.objects.filter(session=session)
        .select_related("registration")
        .order_by("queued_at", "pk")
        .values_list("pk", "status", "registration__user_id", "registration__status", "queued_at")
    )
    attempts = len(people)
    confirmed = [b for b in bookings if b[1] == BookingStatus.CONFIRMED]
    waitlisted = [b for b in bookings if b[1] == BookingStatus.WAITLISTED]
    want_confirmed = min(SEATS, attempts)
    if len(bookings) != attempts:
        problems.append(f"{len(bookings)} bookings for {attempts} attempts")
    if len(confirmed) != want_confirmed:
        problems.append(f"{len(confirmed)} confirmed, expected exactly {want_confirmed}")
    if len(waitlisted) != attempts - want_confirmed:
        problems.append(f"{len(waitlisted)} waitlisted, expected {attempts - want_confirmed}")
    statuses = [b[1] for b in bookings]
    if statuses != sorted(statuses, key=lambda s: s != BookingStatus.CONFIRMED):
        problems.append("a waitlisted booking was queued before a confirmed one")
    if len({b[4] for b in bookings}) != len(bookings):
        problems.append("two bookings were queued at the same moment (each seat is decided on its own, in turn)")
    session.refresh_from_db(fields=["taken"])
    if session.taken != len(confirmed):
        problems.append(f"the session counts {session.taken} seats taken, {len(confirmed)} bookings are confirmed")
    if any(str(b[1]) != str(b[3]) for b in bookings):
        problems.append("a registration's status differs from its booking's")
    if len({b[2] for b in bookings}) != len(bookings):
        problems.append("someone holds two bookings")
    # Arrival order as the clients saw it: if A's response came before B was sent, A is ahead of B.
    rank = {user_id: n for n, (_pk, _s, user_id, _r, _q) in enumerate(bookings)}
    records = sorted(
        ((r["end"], r["start"], rank.get(people[r["index"]].pk, -1)) for r in run["results"]), key=lambda t: t[0]
    )
    ends = [r[0] for r in records]
    best = []
    running = -1
    for _end, _start, n in records:
        running = max(running, n)
        best.append(running)
    for _end, start, n in records:
        before = bisect.bisect_left(ends, start)
        if before and best[before - 1] > n:
            problems.append("a request answered before another was sent was queued behind it")
            break
    return problems


def statistics(sizes: Sizes) -> list[Scenario]:
    """The national XLSX export and the programme manager's dashboard, by county and by organisation."""
    try:
        dashboard, workbook = reverse("statistics:dashboard"), reverse("statistics:workbook")
    except NoReverseMatch:
        return [
            Scenario(
                "6",
                "National statistics export (XLSX) and dashboard",
                [],
                sizes.concurrency,
                {200},
                Target("export < 5 s; dashboard p99 < 200 ms"),
                available=False,
                notes=["The statistics app has no pages yet."],
            )
        ]
    # The benchmark's own programme manager (not one of the N people: another domain).
    manager, _created = User.objects.get_or_create(
        email=MANAGER_EMAIL, defaults={"password": "!", "platform_role": PlatformRole.PROGRAMME_MANAGER}
    )
    [key] = sign_in([manager]).values()
    by_organisation = dashboard + "?dimension=organisation"
    return [
        Scenario(
            "6a",
            "National statistics export (XLSX), one at a time",
            [_get(workbook, key) for _ in range(max(sizes.requests // 60, 2))],
            1,
            {200},
            Target("< 5 s", max_seconds=5),
            warmup=[_get(workbook, key)],
        ),
        Scenario(
            "6b",
            "Statistics dashboard, by county (the default)",
            [_get(dashboard, key) for _ in range(max(sizes.requests // 5, 1))],
            sizes.concurrency,
            {200},
            Target("p99 < 200 ms", max_p99_ms=200),
            warmup=[_get(dashboard, key) for _ in range(sizes.warmup)],
        ),
        Scenario(
            "6c",
            "Statistics dashboard, every organisation",
            [_get(by_organisation, key) for _ in range(max(sizes.requests // 5, 1))],
            sizes.concurrency,
            {200},
            Target("p99 < 200 ms", max_p99_ms=200),
            warmup=[_get(by_organisation, key) for _ in range(sizes.warmup)],
        ),
    ]
