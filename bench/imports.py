"""A completion import of the file limit (20,000 rows), timed: ``python -m bench.imports``.

    python -m bench.imports [--rows 20000] [--lessons 5] [--registered 10] [--database-url postgres://…/name]

Without ``--database-url`` it runs on SQLite in a temporary folder; with one, on that PostgreSQL
database (created afresh, dropped afterwards). It migrates, writes an organisation with ``rows``
members, a published course of ``lessons`` lessons with a diploma on completion, counted by a running
campaign and a self-paced module of a programme that ``registered`` per cent of the members are registered for,
then uploads a
CSV of every member through ``import_jobs.start_import`` and runs the job as the worker would
(``run_import``). It prints the time of each phase and checks the outcome: every row imported, the
campaign counting every person, ``recompute`` finding no difference, a diploma for every person and
the programme completed by everyone registered. Exit status 1 otherwise. The listeners' time is
what the after-commit tasks (diplomas and programmes, in tasks of 500) took after the job ended.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


def _configure(database_url: str | None, data_dir: Path) -> None:
    os.environ.update(
        {
            "JAMLIK_DEBUG": "0",
            "JAMLIK_SECRET_KEY": "bench-only-secret",
            "JAMLIK_TASKS_IMMEDIATE": "1",
            "JAMLIK_DATA_DIR": str(data_dir),
            "JAMLIK_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "JAMLIK_SITE_URL": "http://127.0.0.1",
            "DJANGO_SETTINGS_MODULE": "jamlik.settings",
        }
    )
    if database_url:
        os.environ["JAMLIK_DATABASE_URL"] = database_url
        from bench.run import _prepare_postgres

        _prepare_postgres(database_url, fresh=True)
    else:
        os.environ.pop("JAMLIK_DATABASE_URL", None)


def _drop(database_url: str) -> None:
    import psycopg

    from bench.run import _with_database

    name = urlsplit(database_url).path.lstrip("/")
    with psycopg.connect(_with_database(database_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--lessons", type=int, default=5)
    parser.add_argument("--registered", type=int, default=10, help="per cent of the members in the programme")
    parser.add_argument("--database-url", default=None, help="a PostgreSQL database to create, use and drop")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jamlik-bench-imports-") as folder:
        _configure(args.database_url, Path(folder))
        try:
            return _run(args.rows, args.lessons, args.registered)
        finally:
            if args.database_url:
                from django.db import connections

                connections.close_all()
                _drop(args.database_url)


def _run(rows: int, lessons: int, registered_percent: int) -> int:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from jamlik.campaigns import actions as campaign_actions
    from jamlik.campaigns.counting import recompute
    from jamlik.campaigns.models import Participant
    from jamlik.courses import import_jobs
    from jamlik.courses.models import Completion, CompletionImport
    from jamlik.credentials.models import Diploma
    from jamlik.people.models import HeadcountDeclaration, Membership, MembershipRole, Organisation, User
    from jamlik.programmes.models import (
        ModuleKind,
        Programme,
        ProgrammeCompletion,
        ProgrammeModule,
        Registration,
        RegistrationStatus,
    )
    from tests.courses.factories import make_course

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}; migrate {time.perf_counter() - started:.1f} s", flush=True)

    started = time.perf_counter()
    organisation = Organisation.objects.create(slug="bench-kommun", name="Benchkommunen")
    coordinator = User.objects.create(email="samordnare@bench.se", name="Samordnare")
    Membership.objects.create(
        user=coordinator,
        organisation=organisation,
        role=MembershipRole.COORDINATOR,
        valid_from=datetime.date(2020, 1, 1),
    )
    User.objects.bulk_create(
        [User(email=f"person{i}@bench.se", name=f"Person {i}") for i in range(rows)], batch_size=2000
    )
    people = list(User.objects.filter(email__startswith="person").order_by("pk"))
    Membership.objects.bulk_create(
        [Membership(user=u, organisation=organisation, valid_from=datetime.date(2020, 1, 1)) for u in people],
        batch_size=2000,
    )
    course = make_course(lessons=lessons, slug="bench-kurs")
    course.versions.update(issues_diploma=True)
    programme = Programme.objects.create(
        slug="bench-program", title="Benchprogrammet", summary="-", registration_deadline=timezone.localdate()
    )
    ProgrammeModule.objects.create(
        programme=programme, position=1, title="Webbkurs", kind=ModuleKind.SELF_PACED, course=course, required=True
    )
    registered = people[: rows * registered_percent // 100]
    Registration.objects.bulk_create(
        [Registration(programme=programme, user=u, status=RegistrationStatus.CONFIRMED) for u in registered],
        batch_size=2000,
    )
    today = timezone.localdate()
    HeadcountDeclaration.objects.create(
        organisation=organisation, headcount=rows * 2, as_of=today - datetime.timedelta(days=40)
    )
    campaign = campaign_actions.create_campaign(
        None,
        slug="bench-kampanj",
        title_sv="Benchkampanjen",
        title_en="The bench campaign",
        courses=[course],
        first_day=today - datetime.timedelta(days=30),
        last_day=today + datetime.timedelta(days=30),
        counts_earlier=False,
        headcount_freeze_on=today + datetime.timedelta(days=7),
    )
    campaign_actions.publish_campaign(None, campaign)
    campaign_actions.approve(None, campaign_actions.invite(None, campaign, organisation))
    day = (today - datetime.timedelta(days=1)).isoformat()
    content = ("email,completed_on\n" + "".join(f"{u.email},{day}\n" for u in people)).encode()
    print(f"{rows} members and a campaign written in {time.perf_counter() - started:.1f} s", flush=True)

    started = time.perf_counter()
    with transaction.atomic():
        job = import_jobs.start_import(
            coordinator, organisation, course, filename="bench.csv", content=content, language="sv"
        )
        # The upload's request ends here; the on-commit enqueue (immediate backend) runs the job.
    upload_to_done = time.perf_counter() - started
    job.refresh_from_db()
    assert job.started_at is not None and job.finished_at is not None
    worker_seconds = (job.finished_at - job.started_at).total_seconds()
    listeners_seconds = (timezone.now() - job.finished_at).total_seconds()
    participant = Participant.objects.get(campaign=campaign, organisation=organisation)
    differences = recompute(campaign)
    completions = Completion.objects.count()
    print(
        f"import of {rows} rows ({len(content) // 1024} KB, {lessons} lessons each): "
        f"job {job.state} in {worker_seconds:.1f} s in the worker "
        f"({upload_to_done:.1f} s from upload to the end of the after-commit listeners)",
        flush=True,
    )
    diplomas = Diploma.objects.filter(achievement_key=f"course:{course.pk}").count()
    programme_done = ProgrammeCompletion.objects.filter(programme=programme).count()
    print(
        f"after-commit listeners: {listeners_seconds:.1f} s ({1000 * listeners_seconds / max(rows, 1):.2f} ms a "
        f"completion); diplomas {diplomas}, programme completions {programme_done} of {len(registered)}",
        flush=True,
    )
    ok = (
        job.state == "done"
        and job.imported == rows
        and completions == rows
        and participant.completions == rows
        and differences == []
        and CompletionImport.objects.filter(content=b"").count() == 1
        and diplomas == rows
        and programme_done == len(registered)
    )
    print(
        f"check: imported {job.imported}, completions {completions}, campaign counts {participant.completions}, "
        f"recompute differences {differences}: {'OK' if ok else 'WRONG'}",
        flush=True,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
