"""Evaluation test data: completions and attended sessions made through the real actions, and answers."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import time_machine
from django.utils import timezone

from jamlik.courses import actions as course_actions
from jamlik.courses.models import Completion, Course
from jamlik.evaluations import actions
from jamlik.evaluations.models import Questionnaire
from jamlik.evaluations.rounds import Occasion
from jamlik.people.models import MembershipRole, Organisation, User
from tests.courses.factories import lessons_of, make_course
from tests.factories import MembershipFactory, UserFactory

# A day in the middle of a quarter, long enough ago that its round has closed.
PAST = datetime.datetime(2026, 5, 12, 10, 0, tzinfo=datetime.UTC)
AFTER = datetime.datetime(2026, 8, 20, 10, 0, tzinfo=datetime.UTC)  # round 2026-2 closed on 30 July


def a_course(**fields: object) -> Course:
    return make_course(lessons=1, **fields)  # type: ignore[arg-type]


def complete(user: User, course: Course, when: datetime.datetime | None = None) -> Completion:
    with time_machine.travel(when or timezone.now(), tick=False):
        course_actions.enrol(user, course)
        for lesson in lessons_of(course):
            course_actions.record_progress(user, lesson)
    return Completion.objects.get(user=user, course=course)


def people(n: int, organisation: Organisation, kon: str = "kvinna", prefix: str = "p") -> list[User]:
    made = []
    for i in range(n):
        user = UserFactory(email=f"{prefix}{i}-{kon}@{organisation.slug}.example", kon=kon)
        MembershipFactory(user=user, organisation=organisation, role=MembershipRole.LEARNER)
        made.append(user)
    return made


def answer(
    user: User, completion: Completion, ratings: Sequence[int] = (4, 4, 4, 4), text: str = "", asked: int | None = None
) -> None:
    course = completion.course
    current = Questionnaire.objects.filter(course=course, current=True).first()
    number = asked if asked is not None else (current.number if current else 0)
    with time_machine.travel(completion.completed_at + datetime.timedelta(days=1), tick=False):
        actions.answer(
            user,
            Occasion(completion=completion),
            dict(enumerate(ratings, start=1)),
            {len(ratings) + 1: text},
            asked=number,
        )


def a_round(
    course: Course,
    organisation: Organisation,
    groups: Sequence[tuple[str, int, Sequence[int]]],
    *,
    text: str = "",
    when: datetime.datetime = PAST,
) -> list[User]:
    """People of each kön complete the course and answer with the given ratings (one per question)."""
    everyone = []
    for kon, n, ratings in groups:
        for user in people(n, organisation, kon, prefix=f"{course.slug}-{len(everyone)}-"):
            answer(user, complete(user, course, when), ratings, text=f"{text} {user.pk}".strip() if text else "")
            everyone.append(user)
    return everyone
