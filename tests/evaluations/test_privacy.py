"""My data shows that the person answered an evaluation, never what they answered."""

from __future__ import annotations

import pytest

from jamlik.people.models import User
from jamlik.privacy.inventory import collect
from tests.evaluations.kit import PAST, a_course, answer, complete


@pytest.mark.django_db
def test_my_data_lists_the_evaluations_answered_and_not_the_answers(learner_a: User) -> None:
    course = a_course(title="Likabehandling i praktiken")
    completion = complete(learner_a, course, PAST)
    answer(learner_a, completion, (5, 4, 3, 2), text="Mitt eget hemliga svar")
    inventory = collect(learner_a)
    (record,) = inventory.sections["evaluations.participation"].records
    assert record.values == {"occasion": "Likabehandling i praktiken", "day": completion.completed_at}
    everything = repr([s.records for s in inventory.sections.values()])
    assert "Mitt eget hemliga svar" not in everything
