"""Strategy test data, built through the actions so the rows are what the pages make."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone

from jamlik.people.models import Organisation
from jamlik.strategies import actions, rounds
from jamlik.strategies.models import EqualityArea, QuestionKind, Round, Strategy, WorkStatus


def make_strategy(organisation: Organisation, title: str = "Jämställdhetsstrategi 2024-2027") -> Strategy:
    """Two goals, three activities (done, ongoing, planned) and one indicator measured in 2024 and 2025."""
    strategy = actions.create_strategy(
        None,
        organisation,
        area=EqualityArea.GENDER_MAINSTREAMING,
        title=title,
        period_from=2024,
        period_to=2027,
        description="Jämställdhet i ordinarie verksamhet.",
    )
    first = actions.save_goal(None, strategy, None, title="Könsuppdelad statistik", status=WorkStatus.ONGOING)
    second = actions.save_goal(None, strategy, None, title="Likvärdigt bemötande", status=WorkStatus.PLANNED)
    actions.save_activity(None, strategy, None, goal=first, title="Gå igenom rapporterna", status=WorkStatus.DONE)
    actions.save_activity(
        None, strategy, None, goal=first, title="Ny mall", status=WorkStatus.ONGOING, owner_text="Kansliet"
    )
    actions.save_activity(None, strategy, None, goal=second, title="Utbilda handläggare", status=WorkStatus.PLANNED)
    indicator = actions.save_indicator(
        None,
        strategy,
        None,
        name="Andel könsuppdelade beslut",
        unit="procent",
        baseline=Decimal(20),
        target=Decimal(90),
    )
    actions.record_measurement(None, indicator, year=2024, value=Decimal(40))
    actions.record_measurement(None, indicator, year=2025, value=Decimal(55))
    return strategy


def make_round(
    organisations: Iterable[Organisation],
    *,
    open_it: bool = True,
    deadline: datetime.date | None = None,
    title: str = "Uppföljning 2025",
) -> Round:
    """A round with a text (highlight), a yes/no, a number and a choice question."""
    round_ = rounds.create_round(
        None, title=title, year=2025, deadline=deadline or timezone.localdate() + datetime.timedelta(days=14)
    )
    rounds.add_question(None, round_, text="Vad har ni lärt er?", kind=QuestionKind.TEXT, highlight=True)
    rounds.add_question(None, round_, text="Finns en strategi?", kind=QuestionKind.YES_NO)
    rounds.add_question(None, round_, text="Antal analyser", kind=QuestionKind.NUMBER, required=False)
    rounds.add_question(
        None, round_, text="Hur har det gått?", kind=QuestionKind.CHOICE, options="Bra\nDelvis\nDåligt", required=False
    )
    rounds.add_organisations(None, round_, organisations)
    if open_it:
        rounds.open_round(None, round_)
    return round_


def questions(round_: Round) -> dict[str, int]:
    """Question ids by kind."""
    return {q.kind: q.pk for q in round_.questions.all()}
