"""People with kön and memberships, and their completions, for the statistics tests."""

from __future__ import annotations

import datetime

from django.utils import timezone

from jamlik.courses.models import Completion, Course
from jamlik.people.models import Organisation, Unit, User
from tests.campaigns.factories import complete
from tests.factories import MembershipFactory, UserFactory


def people(organisation: Organisation, n: int, kon: str = "", unit: Unit | None = None) -> list[User]:
    """``n`` members of ``organisation`` (since 2020) with the given kön ("" = not stated)."""
    users = []
    for _ in range(n):
        user = UserFactory(kon=kon)
        MembershipFactory(user=user, organisation=organisation, unit=unit)
        users.append(user)
    return users


def moment(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def completed(
    users: list[User], course: Course, organisation: Organisation | None, day: datetime.date, unit: Unit | None = None
) -> list[Completion]:
    return [complete(u, course, organisation, moment(day), unit=unit) for u in users]
