"""Where a learner stands in their version, and the completion rule, derived from the rows.

The rule: every lesson of the enrolled version is done, and at least ``pass_mark`` per cent
of its knowledge checks are answered correctly (the latest answer counts; unanswered counts
as not correct). Knowledge checks in lessons taken in a group session are left out of the
score, because group participation counts like individual progress for that lesson.
"""

from __future__ import annotations

from dataclasses import dataclass

from jamlik.courses.blocks import BlockKind
from jamlik.courses.models import Block, CheckAnswer, Enrolment, Lesson, LessonProgress, OrderMode, ProgressSource


@dataclass(frozen=True)
class Standing:
    lessons_total: int
    lessons_done: int
    checks_total: int
    checks_correct: int
    pass_mark: int

    @property
    def all_lessons_done(self) -> bool:
        return self.lessons_total > 0 and self.lessons_done >= self.lessons_total

    @property
    def score_percent(self) -> int:
        if self.checks_total == 0:
            return 100
        return self.checks_correct * 100 // self.checks_total

    @property
    def passed_checks(self) -> bool:
        return self.checks_correct * 100 >= self.pass_mark * self.checks_total

    @property
    def meets_rule(self) -> bool:
        return self.all_lessons_done and self.passed_checks


def standing(enrolment: Enrolment) -> Standing:
    """Four small aggregate queries, whatever the size of the course."""
    version = enrolment.version
    done = LessonProgress.objects.filter(enrolment=enrolment, lesson__version_id=enrolment.version_id)
    group_lessons = done.filter(source=ProgressSource.GROUP).values("lesson_id")
    checks = Block.objects.filter(lesson__version_id=enrolment.version_id, kind=BlockKind.KNOWLEDGE_CHECK).exclude(
        lesson_id__in=group_lessons
    )
    return Standing(
        lessons_total=Lesson.objects.filter(version_id=enrolment.version_id).count(),
        lessons_done=done.count(),
        checks_total=checks.count(),
        checks_correct=CheckAnswer.objects.filter(enrolment=enrolment, correct=True, block__in=checks).count(),
        pass_mark=version.pass_mark,
    )


def locked_lesson_ids(order_mode: str, lessons: list[Lesson], done_ids: set[int]) -> set[int]:
    """In sequential order, every lesson after the first one not done is locked."""
    if order_mode != OrderMode.SEQUENTIAL:
        return set()
    locked: set[int] = set()
    open_reached = False
    for lesson in lessons:
        if open_reached:
            locked.add(lesson.pk)
        elif lesson.pk not in done_ids:
            open_reached = True
    return locked
