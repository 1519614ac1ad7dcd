"""The demo evaluations: answered rounds for the demo course and an earlier programme run, loaded twice."""

from __future__ import annotations

import pytest

from jamlik.campaigns import demo as campaigns_demo
from jamlik.courses import demo as courses_demo
from jamlik.courses.models import Course
from jamlik.evaluations import demo
from jamlik.evaluations.models import Participation, Response
from jamlik.evaluations.results import results_of
from jamlik.people import demo as people_demo
from jamlik.programmes import demo as programmes_demo
from jamlik.programmes.models import Programme


@pytest.mark.django_db
def test_the_demo_shows_published_rounds_and_loads_twice_without_answering_twice() -> None:
    people_demo.load()
    courses_demo.load()
    campaigns_demo.load()
    programmes_demo.load()
    demo.load()
    counts = (Participation.objects.count(), Response.objects.count())
    lines = demo.load()
    assert (Participation.objects.count(), Response.objects.count()) == counts
    assert counts[0] == counts[1] > 50
    course_rounds = results_of(course=Course.objects.get(slug=demo.COURSE))
    assert course_rounds and all(r.published for r in course_rounds)
    assert any(q.mean is not None for r in course_rounds for q in r.questions)
    (run,) = results_of(programme=Programme.objects.get(slug=demo.EARLIER_RUN))
    assert run.published and run.rate is not None and 50 <= run.rate <= 100
    assert any(q.texts for q in run.questions)
    assert "/utvardering/resultat/" in lines[0]
