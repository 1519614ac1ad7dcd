"""Scenario 8: the SCORM runtime's commit, the POST the player sends every few seconds for every
active learner (``POST /kurser/paket/forsok/<attempt>/commit``, docs/scorm.md "Track").

The benchmark makes its own package course (``bench-scorm``: one SCO, as the importer would
leave it, without files: nothing is played), enrols learners of the synthetic population and
opens an attempt for each. Every request is the next commit (``seq`` one above the stored one)
of a different attempt, carrying what a real package sends: status, location, suspend data of a
few kilobytes, session time and a few interactions. The check: every commit applied once (each
attempt's ``seq`` advanced by exactly one) and the same number of queries for every commit.
"""

from __future__ import annotations

import json
import random
import secrets
import string
from typing import Any

from django.conf import settings
from django.utils import timezone

from bench.report import Target
from bench.scenarios import Scenario, Sizes
from jamlik.courses import versions
from jamlik.courses.models import Audience, Course, Delivery, Enrolment, VersionStatus
from jamlik.packages.attempts import Attempt
from jamlik.packages.models import ItemKind, Package, PackageItem, Standard
from jamlik.people.models import User
from jamlik.scale.people import EMAIL_SUFFIX
from jamlik.scale.sessions import sign_in

SLUG = "bench-scorm"


def _package() -> PackageItem:
    course = Course.objects.filter(slug=SLUG).first()
    if course is None:
        course = versions.create_course(None, slug=SLUG, title="Aktiva åtgärder (SCORM, benchmark)", language="sv")
        version = course.versions.get()
        version.audience, version.delivery = Audience.PUBLIC, Delivery.SCORM
        version.status, version.published_at = VersionStatus.PUBLISHED, timezone.now()
        version.save()
        course.published_version = version
        course.save(update_fields=["published_version"])
        package = Package.objects.create(
            version=version,
            standard=Standard.SCORM_12,
            title="Aktiva åtgärder",
            archive_sha256="0" * 64,
            archive_bytes=0,
            total_bytes=0,
            file_count=0,
        )
        PackageItem.objects.create(
            package=package,
            position=1,
            identifier="sco-1",
            title="Aktiva åtgärder",
            kind=ItemKind.SCO,
            href="index.html",
            mastery_score=80,
        )
    return PackageItem.objects.get(package__version__course__slug=SLUG, kind=ItemKind.SCO)


def _attempts(item: PackageItem, count: int) -> list[Attempt]:
    """``count`` attempts of different synthetic learners, made on the first run and kept."""
    course_id = item.package.version.course_id
    people = list(User.objects.filter(email__endswith=EMAIL_SUFFIX).order_by("pk").values_list("pk", flat=True)[:count])
    have = set(Enrolment.objects.filter(course_id=course_id, user_id__in=people).values_list("user_id", flat=True))
    Enrolment.objects.bulk_create(
        [
            Enrolment(user_id=pk, course_id=course_id, version_id=item.package.version_id)
            for pk in people
            if pk not in have
        ]
    )
    enrolments = list(Enrolment.objects.filter(course_id=course_id, user_id__in=people))
    started = set(Attempt.objects.filter(item=item, enrolment__in=enrolments).values_list("enrolment_id", flat=True))
    Attempt.objects.bulk_create(
        [Attempt(enrolment=e, item=item, sessions=1) for e in enrolments if e.pk not in started]
    )
    return list(Attempt.objects.filter(item=item, enrolment__in=enrolments).select_related("enrolment__user"))


def _commit_body(seq: int, rng: random.Random) -> str:
    cmi: dict[str, str] = {
        "cmi.core.lesson_status": "incomplete",
        "cmi.core.lesson_location": f"sida-{rng.randint(1, 40)}",
        "cmi.core.session_time": f"00:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}.00",
        "cmi.core.exit": "suspend",
        "cmi.suspend_data": "".join(rng.choices(string.ascii_letters + string.digits, k=3000)),
        "cmi.core.score.raw": str(rng.randint(0, 79)),
    }
    for n in range(5):
        cmi |= {
            f"cmi.interactions.{n}.id": f"fraga-{n + 1}",
            f"cmi.interactions.{n}.type": "choice",
            f"cmi.interactions.{n}.student_response": rng.choice("abcd"),
            f"cmi.interactions.{n}.result": rng.choice(["correct", "wrong"]),
        }
    return json.dumps({"seq": seq, "terminated": False, "cmi": cmi})


def _post_json(path: str, body: str, session_key: str) -> dict[str, Any]:
    token = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    return {
        "method": "POST",
        "path": path,
        "headers": {
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}; {settings.CSRF_COOKIE_NAME}={token}",
            "X-CSRFToken": token,
            "Content-Type": "application/json",
        },
        "body": body,
    }


def runtime_commit(sizes: Sizes, rng: random.Random) -> Scenario:
    item = _package()
    attempts = _attempts(item, sizes.requests + sizes.warmup)
    rng.shuffle(attempts)
    before = {a.pk: a.seq for a in attempts}
    keys = sign_in([a.enrolment.user for a in attempts])
    requests = [
        _post_json(
            f"/kurser/paket/forsok/{a.public_id}/commit", _commit_body(a.seq + 1, rng), keys[a.enrolment.user_id]
        )
        for a in attempts
    ]
    measured = attempts[sizes.warmup :]

    def check(run: dict[str, Any]) -> list[str]:
        problems = []
        after = dict(Attempt.objects.filter(pk__in=before).values_list("pk", "seq"))
        moved = [pk for pk in before if after[pk] != before[pk] + 1]
        if moved:
            problems.append(f"{len(moved)} attempts whose seq did not advance by exactly one")
        counts = {r["queries"] for r in run["results"] if r["queries"] is not None}
        if len(counts) > 1:
            problems.append(f"queries per commit vary: {sorted(counts)}")
        return problems

    return Scenario(
        "8",
        "SCORM runtime commit (POST, JSON)",
        requests[sizes.warmup :],
        sizes.concurrency,
        {200},
        Target("≥ 0.3 x baseline; queries per commit constant", min_ratio=0.3),
        warmup=requests[: sizes.warmup],
        check=check,
        notes=[f"{len(measured)} learners' attempts, one commit each (about 3.5 kB of JSON)"],
    )
