"""Packages for the tracking tests: a published SCORM course with items, made as the importer
would leave it, and the learner's enrolment on it."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.test import Client

from jamlik.courses import actions as course_actions
from jamlik.courses.models import Course, Delivery, Enrolment
from jamlik.packages.models import ItemKind, Package, PackageItem, Standard
from jamlik.people.models import User
from tests.courses.factories import make_course


def make_package(
    standard: str = Standard.SCORM_12,
    *,
    scos: int = 1,
    mastery_score: Decimal | None = None,
    passing_score: Decimal | None = None,
    completion_threshold: Decimal | None = None,
    course: Course | None = None,
) -> Package:
    course = course or make_course(lessons=1, title="Aktiva åtgärder")
    version = course.published_version
    assert version is not None
    version.delivery = Delivery.SCORM
    version.save(update_fields=["delivery"])
    package = Package.objects.create(
        version=version,
        standard=standard,
        title="Aktiva åtgärder",
        archive_sha256="0" * 64,
        archive_bytes=1000,
        total_bytes=2000,
        file_count=scos,
    )
    PackageItem.objects.create(package=package, position=0, identifier="org", title="Kursen", kind=ItemKind.CLUSTER)
    for n in range(scos):
        PackageItem.objects.create(
            package=package,
            position=n + 1,
            depth=1,
            identifier=f"sco-{n + 1}",
            title=f"Del {n + 1}",
            kind=ItemKind.SCO,
            resource_identifier=f"res-{n + 1}",
            href=f"sco{n + 1}/index.html",
            mastery_score=mastery_score,
            min_normalized_measure=passing_score,
            satisfied_by_measure=passing_score is not None,
            completion_threshold=completion_threshold,
        )
    return package


def scos_of(package: Package) -> list[PackageItem]:
    return list(package.launchable_items())


def enrol(user: User, package: Package) -> Enrolment:
    return course_actions.enrol(user, package.version.course)


def post_commit(client: Client, attempt: Any, seq: int, cmi: dict[str, Any], *, terminated: bool = False) -> Any:
    return client.post(
        f"/kurser/paket/forsok/{attempt.public_id}/commit",
        data=json.dumps({"seq": seq, "terminated": terminated, "cmi": cmi}),
        content_type="application/json",
    )
