"""Two web nodes, two workers and one scheduler on one PostgreSQL database, behind one nginx.

Production's shape in small: two gunicorn servers (2 workers each) as the upstream of
deploy/nginx/jamlik.conf, two ``jamlik db_worker`` processes and one ``jamlik scheduler``, all
with the settings an operator sets, on the test database. Signed-in learners (real session
cookies, CSRF cookie and header, over TLS through nginx) send a burst of registrations for a
session with few seats and of lesson completions, every request twice at once, so the two copies
usually land on different servers. Afterwards: nothing overbooked, one registration and one
completion per person, the campaign standings equal the completions, every email sent exactly
once (the file backend writes one file per delivery into a folder all processes share), and
every task run by exactly one worker.
"""

from __future__ import annotations

import email
import secrets
import string
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from jamlik.campaigns.counting import recompute
from jamlik.campaigns.models import CountedPerson, Participant
from jamlik.courses import actions as course_actions
from jamlik.courses.models import Completion, Lesson
from jamlik.evaluations.rounds import course_title
from jamlik.people.models import MembershipRole, Organisation, User
from jamlik.programmes.models import Booking, BookingStatus, ModuleKind, Registration
from jamlik.scale.sessions import sign_in
from tests.campaigns.factories import make_campaign
from tests.conftest import on_postgres
from tests.courses.factories import make_course
from tests.deploy import stack
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.programmes.factories import ModuleFactory, ProgrammeFactory, SessionFactory

SEATS = 8
PEOPLE = 30  # per organisation, two organisations
COPIES = 2  # each request is sent this many times at once


def _post(path: str, session_key: str, data: dict[str, str]) -> tuple[str, dict[str, str], bytes]:
    token = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    headers = {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}; {settings.CSRF_COOKIE_NAME}={token}",
        "X-CSRFToken": token,
        "Origin": f"https://{stack.SITE}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    return path, headers, urlencode(data).encode()


def _emails(folder: Path) -> list[tuple[str, str]]:
    """(recipient, subject) of every message the file backend wrote, in any process."""
    found = []
    for path in folder.glob("*.log"):
        for chunk in path.read_text(encoding="utf-8").split("-" * 79):
            if chunk.strip():
                message = email.message_from_string(chunk.strip())
                found.append(
                    (str(message["To"]), str(email.header.make_header(email.header.decode_header(message["Subject"]))))
                )
    return found


def _wait_for_queue(seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
        assert time.monotonic() < deadline, "the workers did not empty the queue"
        time.sleep(0.5)


@pytest.mark.heavy  # nginx, two gunicorn servers, two workers and a scheduler
@pytest.mark.postgres
@pytest.mark.skipif(not on_postgres(), reason="several processes on one database need PostgreSQL (SQLite is one file)")
def test_two_web_nodes_two_workers_and_a_scheduler_lose_nothing_and_count_nothing_twice(
    shared_database: tuple[str, Path], tmp_path: Path
) -> None:
    database_url, data_dir = shared_database
    organisations = [OrganisationFactory(), OrganisationFactory()]
    people: list[User] = []
    members: dict[int, Organisation] = {}
    for organisation in organisations:
        for _ in range(PEOPLE):
            person = UserFactory()
            MembershipFactory(user=person, organisation=organisation, role=MembershipRole.LEARNER)
            people.append(person)
            members[person.pk] = organisation
    course = make_course(lessons=1)
    campaign = make_campaign(dict.fromkeys(organisations, 100), courses=[course])
    programme = ProgrammeFactory()
    module = ModuleFactory(programme=programme, kind=ModuleKind.IN_PERSON)
    seat_session = SessionFactory(module=module, capacity=SEATS, online_url="", venue_name="Länsstyrelsen")
    [lesson] = Lesson.objects.filter(version_id=course.published_version_id)
    for person in people:
        course_actions.enrol(person, course)
    keys = sign_in(people)

    mail = tmp_path / "mail"
    mail.mkdir()
    env = stack.app_environment(
        data_dir,
        database_url,
        settings.SECRET_KEY,
        JAMLIK_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        JAMLIK_EMAIL_FILE_PATH=str(mail),
        JAMLIK_LOG_LEVEL="INFO",
    )
    with ExitStack() as running:
        ports = [stack.free_port(), stack.free_port()]
        for port in ports:
            running.callback(stack.gunicorn(env, port, tmp_path).stop)
        workers = [
            stack.Process(
                f"worker-{n}",
                [str(stack.BIN / "jamlik"), "db_worker", "--worker-id", f"node-{n}"],
                env,
                tmp_path / f"worker-{n}.log",
            ).start()
            for n in (1, 2)
        ]
        for worker in workers:
            running.callback(worker.stop)
        # The scheduler's first round runs every job (a full recount among them). It runs here, before
        # the burst, so that no recount can repair what the burst might break; the scheduler that
        # keeps running beside the burst then finds nothing due.
        stack.jamlik(env, "scheduler", "--once")
        scheduler = stack.Process(
            "scheduler", [str(stack.BIN / "jamlik"), "scheduler"], env, tmp_path / "scheduler.log"
        )
        running.callback(scheduler.start().stop)
        proxy = running.enter_context(stack.nginx(tmp_path / "nginx", ports))

        register = reverse("programmes:register", args=[programme.slug])
        done = reverse("courses:lesson_done", args=[course.slug, lesson.public_id])
        burst = [_post(register, keys[p.pk], {f"module_{module.pk}": str(seat_session.pk)}) for p in people] + [
            _post(done, keys[p.pk], {}) for p in people
        ]
        burst = [request for request in burst for _ in range(COPIES)]

        def send(item: tuple[str, dict[str, str], bytes]) -> int:
            path, headers, body = item
            return stack.request(proxy, "POST", path, headers=headers, body=body).status

        with ThreadPoolExecutor(max_workers=16) as pool:
            statuses = list(pool.map(send, burst))
        _wait_for_queue()
        assert all(worker.alive() for worker in workers) and scheduler.alive()

    assert not [s for s in statuses if s >= 500 or s == 403], Counter(statuses)
    served = [len([line for line in stack.access_log(tmp_path, port) if line[3] == "POST"]) for port in ports]
    assert sum(served) == len(burst)
    assert min(served) >= len(burst) // 4, f"one server took almost everything: {served}"

    # Seats: exactly SEATS confirmed, everyone else waiting, one registration per person.
    registrations = Registration.objects.filter(programme=programme)
    assert registrations.count() == len(people)
    assert sorted(registrations.values_list("user_id", flat=True)) == sorted(p.pk for p in people)
    bookings = Counter(Booking.objects.filter(session=seat_session).values_list("status", flat=True))
    assert bookings == {BookingStatus.CONFIRMED: SEATS, BookingStatus.WAITLISTED: len(people) - SEATS}

    # Completions: one per person; each organisation's standing counts its own people once.
    assert Completion.objects.filter(course=course).count() == len(people)
    assert CountedPerson.objects.filter(campaign=campaign).count() == len(people)
    for participant in Participant.objects.filter(campaign=campaign):
        assert participant.completions == PEOPLE
    assert recompute(campaign) == []

    # Email: every registrant got exactly one message about the registration and, having completed
    # the course, one invitation to evaluate it (jamlik/evaluations); no message went out twice.
    sent = _emails(mail)
    assert len(sent) == len(set(sent)), [m for m, n in Counter(sent).items() if n > 1]
    title = course_title(course)  # as the invitation names it
    assert title not in programme.title
    invitations = Counter(to for to, subject in sent if title in subject)
    about_registrations = Counter(to for to, subject in sent if title not in subject)
    assert all(about_registrations[p.email] == 1 for p in people), about_registrations
    assert all(invitations[p.email] == 1 for p in people), invitations
    assert len(sent) == 2 * len(people)
    # Tasks: each run once, by one of the two workers, and both took part.
    results = list(DBTaskResult.objects.values_list("status", "worker_ids"))
    assert results and all(status == "SUCCESSFUL" and len(ids) == 1 for status, ids in results), results
    assert {ids[0] for _status, ids in results} == {"node-1", "node-2"}
