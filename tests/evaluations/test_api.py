"""The evaluations API: the same published cells as the page, 404 for anyone but the organisers."""

from __future__ import annotations

import pytest
from django.test import Client

from jamlik.evaluations.results import results_of
from jamlik.people.models import Organisation, User
from tests.conftest import client_for
from tests.evaluations.kit import a_course, a_round
from tests.programmes.factories import make_programme


@pytest.mark.django_db
def test_a_courses_rounds_as_on_the_page(org_a: Organisation, programme_manager: User, coordinator_b: User) -> None:
    course = a_course()
    everyone = a_round(
        course, org_a, [("kvinna", 9, (5, 4, 4, 3)), ("man", 6, (4, 4, 2, 3)), ("annat", 1, (1, 4, 2, 3))], text="Bra"
    )
    for key in (course.slug, str(course.public_id)):
        answer = client_for(programme_manager).get(f"/api/v1/evaluations/courses/{key}")
        assert answer.status_code == 200
        body = answer.json()
        (round_,) = body["rounds"]
        (result,) = results_of(course=course)
        assert round_["period"] == "2026-2" and round_["published"] is True
        assert round_["responses"] == [c.value for c in result.responses]
        assert round_["response_states"] == [c.state.value for c in result.responses]
        first = round_["questions"][0]
        assert [r["cells"] for r in first["ratings"]] == [
            [c.value for c in cells] for _r, cells in result.questions[0].rows
        ]
        assert first["mean"] is None and round_["questions"][1]["mean"] == 4.0
        assert len(round_["questions"][4]["texts"]) == 16
        text = answer.content.decode()
        assert not any(person.email in text for person in everyone)
    assert client_for(coordinator_b).get(f"/api/v1/evaluations/courses/{course.slug}").status_code == 404
    assert Client().get(f"/api/v1/evaluations/courses/{course.slug}").status_code == 401


@pytest.mark.django_db
def test_a_programme_for_its_organisers_only(org_a: Organisation, coordinator_a: User, coordinator_b: User) -> None:
    shape = make_programme(org_a, org_a)
    path = f"/api/v1/evaluations/programmes/{shape.programme.slug}"
    assert client_for(coordinator_a).get(path).json()["rounds"] == []
    assert client_for(coordinator_b).get(path).status_code == 404
