"""Imported course completions complete programmes as completions made one by one do, in queries
that do not grow with the number of people imported who are in no programme."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jamlik.courses.imports import announce_imported, import_completions
from jamlik.courses.models import Course
from jamlik.people.models import Membership, Organisation, User
from jamlik.programmes.models import ModuleKind, Programme, ProgrammeCompletion, Registration, RegistrationStatus
from tests.courses.factories import make_course
from tests.programmes.factories import ModuleFactory, ProgrammeFactory

DAY = timezone.localdate() - datetime.timedelta(days=1)


def members(organisation: Organisation, n: int, prefix: str) -> list[User]:
    User.objects.bulk_create([User(email=f"{prefix}{i}@{organisation.slug}.se", name=f"P {i}") for i in range(n)])
    users = list(User.objects.filter(email__startswith=prefix, email__endswith=f"@{organisation.slug}.se"))
    Membership.objects.bulk_create(
        [Membership(user=u, organisation=organisation, valid_from=datetime.date(2020, 1, 1)) for u in users]
    )
    return users


def imported(organisation: Organisation, course: Course, users: list[User]) -> list[int]:
    content = ("email,completed_on\n" + "".join(f"{u.email},{DAY.isoformat()}\n" for u in users)).encode()
    return [c.pk for c in import_completions(None, organisation, course, filename="f.csv", content=content).imported]


def announce(capture: Any, ids: list[int]) -> int:
    with CaptureQueriesContext(connection) as queries, capture(execute=True):
        announce_imported.call(ids)
    return len(queries)


def programme_with(course: Course) -> Programme:
    programme: Programme = ProgrammeFactory()
    ModuleFactory(programme=programme, position=1, title="Webbkurs", kind=ModuleKind.SELF_PACED, course=course)
    return programme


@pytest.mark.django_db
def test_people_in_no_programme_cost_no_queries_each(
    org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    course = make_course(lessons=1)
    programme_with(course)
    few = imported(org_a, course, members(org_a, 3, "few"))
    many = imported(org_a, course, members(org_a, 30, "many"))
    counts = [announce(django_capture_on_commit_callbacks, ids) for ids in (few, many)]
    assert counts[0] == counts[1], counts
    assert not ProgrammeCompletion.objects.exists()


@pytest.mark.django_db
def test_an_imported_completion_completes_the_programmes_of_those_registered(
    org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    course, other = make_course(lessons=1), make_course(lessons=1)
    programme, elsewhere = programme_with(course), programme_with(other)
    registered, cancelled, outside = members(org_a, 3, "in"), members(org_a, 1, "gone"), members(org_a, 2, "out")
    Registration.objects.bulk_create(
        [Registration(programme=programme, user=u, status=RegistrationStatus.CONFIRMED) for u in registered]
        + [Registration(programme=programme, user=u, status=RegistrationStatus.CANCELLED) for u in cancelled]
        + [Registration(programme=elsewhere, user=u, status=RegistrationStatus.CONFIRMED) for u in outside]
    )
    announce(django_capture_on_commit_callbacks, imported(org_a, course, registered + cancelled + outside))
    done = ProgrammeCompletion.objects.order_by("user_id")
    assert [(c.user_id, c.programme_id) for c in done] == [(u.pk, programme.pk) for u in registered]
    assert all(timezone.localdate(c.completed_at) == DAY for c in done)
