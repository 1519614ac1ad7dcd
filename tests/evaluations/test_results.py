"""Organisers' figures: the statistics app's suppression rule on every count, the mean only when it tells
nothing hidden, free text only in rounds above the threshold, nothing before a round closes."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jamlik.evaluations.results import closed_rounds, results_of, round_result
from jamlik.people.models import Organisation, User
from jamlik.statistics import suppression
from jamlik.statistics.suppression import Cell
from tests.conftest import client_for
from tests.evaluations.kit import PAST, a_course, a_round


@pytest.mark.django_db
def test_a_round_under_the_threshold_shows_only_that(org_a: Organisation, programme_manager: User) -> None:
    course = a_course()
    a_round(course, org_a, [("kvinna", 4, (5, 5, 5, 5))], text="Hemligt")
    (result,) = results_of(course=course)
    assert not result.published and result.questions == [] and result.rate is None
    assert result.count.state == Cell.SMALL
    page = client_for(programme_manager).get(f"/utvardering/resultat/kurs/{course.slug}/").content.decode()
    assert "Hemligt" not in page and "färre än 5" in page


@pytest.mark.django_db
def test_counts_follow_the_statistics_rule_exactly(org_a: Organisation) -> None:
    course = a_course()
    a_round(
        course,
        org_a,
        [("kvinna", 9, (5, 4, 4, 3)), ("man", 6, (4, 4, 2, 3)), ("annat", 1, (1, 4, 2, 3)), ("", 2, (5, 4, 2, 3))],
        text="Svar",
    )
    (result,) = results_of(course=course)
    assert result.published and result.count.value == 18 and result.eligible == 18 and result.rate == 100
    counts = suppression.with_margins([[9, 6, 1, 2]], 4)
    count_states = suppression.suppress(counts)
    assert [c.state for c in result.responses] == count_states[-1]
    first = result.questions[0]
    grid = suppression.with_margins([[0, 0, 1, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 6, 0, 0], [9, 0, 0, 2]], 4)
    expected = suppression.publish(grid, suppression.suppress(grid, fixed_total=count_states[-1]))
    assert [cells for _rating, cells in first.rows] == expected[:-1] and first.total == expected[-1]
    # The lone "annat" answer of 1 and the 2 of "not stated" are hidden, so the mean is too.
    assert first.rows[0][1][-1].state == Cell.SMALL and first.mean is None
    second = result.questions[1]  # everyone 4: every total shown, the mean is 4.0
    assert second.mean is not None and str(second.mean) == "4.0"
    texts = result.questions[4].texts
    assert len(texts) == 18 and texts == sorted(texts)


@pytest.mark.django_db
def test_a_round_where_everyone_is_a_woman_does_not_say_so_by_rating(org_a: Organisation) -> None:
    course = a_course()
    a_round(course, org_a, [("kvinna", 7, (3, 3, 3, 3))])
    (result,) = results_of(course=course)
    # Rule 2: a row whose only non-zero kön cell is one kön keeps its kön cells protected.
    assert all(c.state == Cell.PROTECTED for c in result.responses[:-1]) and result.responses[-1].value == 7
    for _rating, cells in result.questions[0].rows:
        assert all(c.state != Cell.SHOWN or c.value == 0 for c in cells[:-1]) or cells[-1].value == 0


@pytest.mark.django_db
def test_nothing_is_shown_before_the_round_closes(org_a: Organisation, programme_manager: User) -> None:
    course = a_course()
    a_round(course, org_a, [("kvinna", 6, (4, 4, 4, 4)), ("man", 6, (4, 4, 4, 4))])
    with time_machine.travel(PAST + datetime.timedelta(days=30), tick=False):
        assert closed_rounds(course=course) == []
        page = client_for(programme_manager).get(f"/utvardering/resultat/kurs/{course.slug}/").content.decode()
        assert "Ingen omgång med svar har stängt" in page and "12" not in page.split("<main")[-1]
    assert len(closed_rounds(course=course)) == 1


@pytest.mark.django_db
def test_the_results_page_and_exports_take_the_same_queries_whatever_the_answers(
    org_a: Organisation, programme_manager: User
) -> None:
    client = client_for(programme_manager)
    small, large = a_course(), a_course()
    a_round(small, org_a, [("kvinna", 5, (4, 4, 4, 4)), ("man", 5, (3, 3, 3, 3))], text="a")
    a_round(large, org_a, [("kvinna", 20, (4, 4, 4, 4)), ("man", 15, (3, 5, 3, 1))], text="b")
    counts = []
    for course in (small, large):
        for suffix in ("", "utvardering.csv"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"/utvardering/resultat/kurs/{course.slug}/{suffix}").status_code == 200
            counts.append(len(queries))
    assert counts[:2] == counts[2:]


@pytest.mark.django_db
def test_the_csv_says_the_same_as_the_page(org_a: Organisation, programme_manager: User) -> None:
    course = a_course()
    a_round(course, org_a, [("kvinna", 9, (5, 4, 4, 3)), ("man", 6, (4, 4, 2, 3))], text="Fritext")
    csv = client_for(programme_manager).get(f"/utvardering/resultat/kurs/{course.slug}/utvardering.csv?dialect=plain")
    text = csv.content.decode()
    assert csv["Content-Type"].startswith("text/csv")
    assert "2026 Q2,1,,Svar,9,6,0,0,15," in text
    assert text.count("Fritext") == 15
    assert "färre än 5" in text or "x" in text  # the legend
    result = round_result(*closed_rounds(course=course)[0])
    assert f"{result.rate} %" in text
