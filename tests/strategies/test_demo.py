"""The strategies demo: three county boards' strategies and a round to all 21 boards, half answered, loaded twice."""

from __future__ import annotations

import pytest

from jamlik.people import demo as people_demo
from jamlik.strategies import demo
from jamlik.strategies.models import Response, ResponseStatus, Round, RoundStatus, Strategy, WorkSnapshot
from jamlik.strategies.rollup import rollup_context


@pytest.mark.django_db
def test_the_demo_is_idempotent_and_the_round_is_half_answered() -> None:
    people_demo.load()
    demo.load()
    lines = demo.load()
    assert Strategy.objects.count() == 3
    assert set(Strategy.objects.values_list("organisation__slug", flat=True)) == set(demo.BOARDS)
    round_ = Round.objects.get()
    assert round_.status == RoundStatus.OPEN and round_.accepts_answers()
    responses = Response.objects.filter(round=round_)
    assert responses.count() == 21
    submitted = responses.filter(status=ResponseStatus.SUBMITTED).count()
    assert 9 <= submitted <= 12
    assert responses.filter(status=ResponseStatus.DRAFT).count() == 3
    assert WorkSnapshot.objects.filter(response__organisation__slug="lansstyrelsen-dalarna").exists()
    assert f"{submitted} of 21 submitted" in lines[0]
    ctx = rollup_context(round_)
    assert ctx["submitted"] == submitted and ctx["activity_totals"].total == 11
    assert len(ctx["highlights"][0].items) == submitted
