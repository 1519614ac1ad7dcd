"""Shared set-ups for the statistics tests: a course with completions in two organisations."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jamlik.courses.models import Course
from jamlik.people.models import Organisation
from tests.courses.factories import make_course
from tests.statistics.factories import completed, people

MARCH = datetime.date(2026, 3, 10)


@dataclass
class World:
    course: Course
    org_a: Organisation
    org_b: Organisation


def two_organisations(org_a: Organisation, org_b: Organisation, size: int = 1) -> World:
    """Org A: 6·size women, 5·size men, 3 people who did not state kön; org B: 7·size women, 2 men."""
    course = make_course(lessons=1, slug="bemotande")
    completed(
        people(org_a, 6 * size, "kvinna") + people(org_a, 5 * size, "man") + people(org_a, 3), course, org_a, MARCH
    )
    completed(people(org_b, 7 * size, "kvinna") + people(org_b, 2, "man"), course, org_b, MARCH)
    return World(course, org_a, org_b)


def english(client: Client) -> Client:
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def queries(action: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)
