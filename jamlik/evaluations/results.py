"""What organisers see of an evaluation: each closed round's figures, with small groups hidden.

Every count goes through the statistics app's rule (``jamlik.statistics.suppression``, docs/statistics.md):
the responses by kön are a one-row table; each rating question is a table of its five ratings by kön
whose total row is that one (``fixed_total``), so both say the same about kön. The mean is shown only
when every rating's total is shown (it then says nothing the table does not). Free text, the
tables and the response rate appear only in a round with at least the threshold's number of answers.

What keeps differencing out (docs/evaluations.md): a round is published only after it closes and
never changes; everybody who may see it sees the same figures; rounds of different questionnaires
are never added up, and nothing is cut by organisation, unit or session.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils import timezone

from jamlik.courses.models import Completion, Course
from jamlik.evaluations.models import Answer, Question, QuestionKind, Questionnaire, Response
from jamlik.evaluations.rounds import closes_on, quarter_bounds
from jamlik.programmes.models import Attendance, Booking, BookingStatus, Programme
from jamlik.statistics import suppression
from jamlik.statistics.suppression import Shown
from jamlik.statistics.tables import KON_COLUMNS, UNKNOWN

_COLUMN = {"kvinna": 0, "man": 1, "annat": 2}
RATINGS = (1, 2, 3, 4, 5)


@dataclass
class QuestionResult:
    question: Question
    rows: list[tuple[int, list[Shown]]] = field(default_factory=list)  # rating, kön cells and total
    total: list[Shown] = field(default_factory=list)
    mean: Decimal | None = None
    texts: list[str] = field(default_factory=list)


@dataclass
class RoundResult:
    questionnaire: Questionnaire
    period: str
    responses: list[Shown]  # by kön, then the total
    eligible: int
    published: bool  # at least the threshold's number of answers: tables, rate and texts shown
    questions: list[QuestionResult] = field(default_factory=list)

    @property
    def first_day(self) -> datetime.date:
        return quarter_bounds(self.period)[0]

    @property
    def last_day(self) -> datetime.date:
        return quarter_bounds(self.period)[1]

    @property
    def count(self) -> Shown:
        return self.responses[-1]

    @property
    def rate(self) -> int | None:
        """The response rate in whole per cent, only where the count is shown."""
        if not self.published or self.count.value is None or not self.eligible:
            return None
        return round(100 * self.count.value / self.eligible)

    @property
    def label(self) -> str:
        year, quarter = self.period.split("-")
        return f"{year} Q{quarter}"


def _kon_column(kon: str) -> int:
    return _COLUMN.get(kon, UNKNOWN)


def _questionnaires(course: Course | None, programme: Programme | None) -> list[Questionnaire]:
    if course is not None:
        return list(Questionnaire.objects.filter(course=course).order_by("number"))
    return list(Questionnaire.objects.filter(programme=programme).order_by("number"))


def closed_rounds(
    *, course: Course | None = None, programme: Programme | None = None, today: datetime.date | None = None
) -> list[tuple[Questionnaire, str]]:
    """The rounds with answers whose answering time is over, newest first (one query)."""
    today = today or timezone.localdate()
    filters = {"questionnaire__course": course} if course is not None else {"questionnaire__programme": programme}
    keys = Response.objects.filter(**filters).values_list("questionnaire", "period").distinct()
    by_pk = {q.pk: q for q in _questionnaires(course, programme)}
    rounds = [(by_pk[q], period) for q, period in keys if closes_on(period) < today]
    return sorted(rounds, key=lambda r: (r[1].split("-")[0], int(r[1].split("-")[1]), r[0].number), reverse=True)


def open_round_closes(
    *, course: Course | None = None, programme: Programme | None = None, today: datetime.date | None = None
) -> list[tuple[str, datetime.date]]:
    """Rounds still taking answers (this quarter and, during the grace days, the last): when each closes."""
    today = today or timezone.localdate()
    periods = {f"{today.year}-{(today.month - 1) // 3 + 1}"}
    before = today - datetime.timedelta(days=31 * 3)
    periods.add(f"{before.year}-{(before.month - 1) // 3 + 1}")
    return sorted((p, closes_on(p)) for p in periods if closes_on(p) >= today)


def _eligible(questionnaire: Questionnaire, period: str) -> int:
    first, last = quarter_bounds(period)
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time()))
    end = timezone.make_aware(datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time()))
    if questionnaire.course_id is not None:
        return Completion.objects.filter(
            course_id=questionnaire.course_id, completed_at__gte=start, completed_at__lt=end
        ).count()
    return Booking.objects.filter(
        session__module__programme=questionnaire.programme,
        session__starts_at__gte=start,
        session__starts_at__lt=end,
        status=BookingStatus.CONFIRMED,
        attendance=Attendance.ATTENDED,
    ).count()


def _mean(total_column: list[tuple[int, Shown]]) -> Decimal | None:
    if any(cell.hidden for _rating, cell in total_column):
        return None
    n = sum(cell.value or 0 for _rating, cell in total_column)
    if not n:
        return None
    value = Decimal(sum(rating * (cell.value or 0) for rating, cell in total_column)) / n
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def round_result(questionnaire: Questionnaire, period: str) -> RoundResult:
    """One round's figures, suppressed. Four queries, whatever the number of answers."""
    columns = len(KON_COLUMNS)
    responses = Response.objects.filter(questionnaire=questionnaire, period=period)
    by_kon = [0] * columns
    for kon, n in responses.values_list("kon").annotate(n=Count("id")).order_by():
        by_kon[_kon_column(kon)] += n
    count_grid = suppression.with_margins([by_kon], columns)
    count_states = suppression.suppress(count_grid)
    published_counts = suppression.publish(count_grid, count_states)
    total = count_grid[-1][-1]
    result = RoundResult(
        questionnaire=questionnaire,
        period=period,
        responses=published_counts[-1],
        eligible=_eligible(questionnaire, period),
        published=total >= suppression.threshold(),
    )
    if not result.published:
        return result
    questions = list(questionnaire.questions.all())
    counts: dict[int, list[list[int]]] = defaultdict(lambda: [[0] * columns for _ in RATINGS])
    texts: dict[int, list[str]] = defaultdict(list)
    answers = Answer.objects.filter(response__questionnaire=questionnaire, response__period=period)
    for question_id, rating, kon, n in (
        answers.filter(rating__isnull=False)
        .values_list("question", "rating", "response__kon")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[question_id][rating - 1][_kon_column(kon)] += n
    for question_id, text in answers.exclude(text="").values_list("question", "text").order_by("text"):
        texts[question_id].append(text)
    for question in questions:
        item = QuestionResult(question=question)
        if question.kind == QuestionKind.RATING:
            grid = suppression.with_margins(counts[question.pk], columns)
            same_people = grid[-1] == count_grid[-1]
            states = suppression.suppress(grid, fixed_total=count_states[-1] if same_people else None)
            cells = suppression.publish(grid, states)
            item.rows = list(zip(RATINGS, cells[:-1], strict=True))
            item.total = cells[-1]
            item.mean = _mean([(rating, row[-1]) for rating, row in item.rows])
        else:
            item.texts = texts[question.pk]
        result.questions.append(item)
    return result


def results_of(
    *, course: Course | None = None, programme: Programme | None = None, today: datetime.date | None = None
) -> list[RoundResult]:
    return [round_result(q, p) for q, p in closed_rounds(course=course, programme=programme, today=today)]
