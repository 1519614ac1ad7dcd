"""Answering: once per person and occasion, only one's own, only while the round is open, nothing lost
on bad input, and sessions only after attending."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from jamlik.evaluations import actions
from jamlik.evaluations.defaults import DEFAULT_QUESTIONS
from jamlik.evaluations.models import Answer, Participation, Questionnaire, Response
from jamlik.evaluations.rounds import Occasion, closes_on, open_occasions, period_of, quarter_bounds
from jamlik.people.models import Organisation, User
from jamlik.programmes import actions as programme_actions
from jamlik.programmes.models import Booking
from tests.conftest import client_for
from tests.evaluations.kit import PAST, a_course, answer, complete
from tests.programmes.factories import attend, during, make_programme


def test_rounds_are_quarters_that_close_thirty_days_after() -> None:
    assert period_of(datetime.date(2026, 3, 31)) == "2026-1"
    assert period_of(datetime.date(2026, 10, 1)) == "2026-4"
    assert quarter_bounds("2026-4") == (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    assert closes_on("2026-4") == datetime.date(2027, 1, 30)
    assert closes_on("2026-1") == datetime.date(2026, 4, 30)


@pytest.mark.django_db
def test_a_learner_answers_once_and_the_default_questions_are_kept(learner_a: User) -> None:
    completion = complete(learner_a, a_course(), PAST)
    client = client_for(learner_a)
    path = f"/utvardering/kurs/{completion.public_id}/"
    with time_machine.travel(PAST + datetime.timedelta(days=2), tick=False):
        page = client.get(path).content.decode()
        assert DEFAULT_QUESTIONS[0].text_sv in page
        data = {"asked": "0", "rating_1": "5", "rating_2": "4", "rating_3": "3", "rating_4": "5", "text_5": "Bra!"}
        assert client.post(path, data).status_code == 302
        again = client.get(path).content.decode()
        assert "Du har svarat" in again and "<form" not in again.split("<main")[-1].split("</main>")[0]
        with pytest.raises(actions.AlreadyAnswered):
            actions.answer(learner_a, Occasion(completion=completion), {1: 1, 2: 1, 3: 1, 4: 1}, {}, asked=1)
    questionnaire = Questionnaire.objects.get()
    assert [q.text_sv for q in questionnaire.questions.all()] == [q.text_sv for q in DEFAULT_QUESTIONS]
    assert Response.objects.count() == 1 and Participation.objects.count() == 1
    assert sorted(Answer.objects.exclude(rating=None).values_list("rating", flat=True)) == [3, 4, 5, 5]
    assert Answer.objects.get(rating=None).text == "Bra!"


@pytest.mark.django_db
def test_a_missing_rating_is_a_clear_error_and_nothing_is_written(learner_a: User) -> None:
    completion = complete(learner_a, a_course(), PAST)
    with time_machine.travel(PAST + datetime.timedelta(days=2), tick=False):
        response = client_for(learner_a).post(
            f"/utvardering/kurs/{completion.public_id}/", {"asked": "0", "rating_1": "5", "text_5": "Kvar"}
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Välj ett betyg från 1 till 5." in page and "<title>Fel:" in page
    assert "Kvar" in page  # what was written is still there
    assert not Response.objects.exists() and not Participation.objects.exists() and not Answer.objects.exists()
    with pytest.raises(ValidationError):
        actions.answer(
            learner_a, Occasion(completion=completion), {1: 6, 2: 1, 3: 1, 4: 1}, {}, asked=0, today=PAST.date()
        )
    assert not Participation.objects.exists()


@pytest.mark.django_db
def test_a_closed_round_takes_no_answer(learner_a: User) -> None:
    completion = complete(learner_a, a_course(), PAST)
    last_day = closes_on(period_of(PAST.date()))
    with pytest.raises(actions.RoundClosed):
        actions.answer(
            learner_a,
            Occasion(completion=completion),
            {1: 3, 2: 3, 3: 3, 4: 3},
            {},
            asked=0,
            today=last_day + datetime.timedelta(days=1),
        )
    page = client_for(learner_a).get(f"/utvardering/kurs/{completion.public_id}/").content.decode()
    assert "tar inte längre emot svar" in page
    assert not Participation.objects.exists()


@pytest.mark.django_db
def test_only_ones_own_completion(learner_a: User, coordinator_a: User) -> None:
    completion = complete(learner_a, a_course(), PAST)
    with time_machine.travel(PAST + datetime.timedelta(days=2), tick=False):
        assert client_for(coordinator_a).get(f"/utvardering/kurs/{completion.public_id}/").status_code == 404
        with pytest.raises(PermissionDenied):
            actions.answer(coordinator_a, Occasion(completion=completion), {1: 3, 2: 3, 3: 3, 4: 3}, {}, asked=0)
    assert not Participation.objects.exists()


@pytest.mark.django_db
def test_questions_changed_while_answering(learner_a: User, programme_manager: User) -> None:
    course = a_course()
    completion = complete(learner_a, course, PAST)
    actions.set_questions(programme_manager, [DEFAULT_QUESTIONS[0]], course=course)
    with pytest.raises(actions.QuestionsChanged):
        answer(learner_a, completion, (4,), asked=0)
    answer(learner_a, completion, (4,), asked=1)
    assert Response.objects.get().questionnaire.number == 1


@pytest.mark.django_db
def test_open_evaluations_on_the_learners_page(learner_a: User) -> None:
    course = a_course(title="Likabehandling i praktiken")
    completion = complete(learner_a, course, PAST)
    with time_machine.travel(PAST + datetime.timedelta(days=2), tick=False):
        assert [o.completion for o in open_occasions(learner_a)] == [completion]
        page = client_for(learner_a).get("/utvardering/").content.decode()
        assert "Likabehandling i praktiken" in page and f"/utvardering/kurs/{completion.public_id}/" in page
        answer(learner_a, completion)
        assert open_occasions(learner_a) == []
    assert open_occasions(learner_a) == []  # and the round has closed since


@pytest.mark.django_db
def test_a_session_is_evaluated_after_attending_only(org_a: Organisation, learner_a: User, coordinator_a: User) -> None:
    shape = make_programme(org_a, org_a)
    programme_actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    booking = Booking.objects.get(session=shape.stockholm)
    with during(shape.stockholm):
        client = client_for(learner_a)
        assert client.get(f"/utvardering/tillfalle/{booking.public_id}/").status_code == 404
    attend(coordinator_a, booking)
    booking.refresh_from_db()
    with during(shape.stockholm):
        client = client_for(learner_a)
        assert client.get(f"/utvardering/tillfalle/{booking.public_id}/").status_code == 200
        assert [o.booking for o in open_occasions(learner_a)] == [booking]
        actions.answer(learner_a, Occasion(booking=booking), {1: 5, 2: 5, 3: 5, 4: 5}, {}, asked=0)
    response = Response.objects.get()
    assert response.questionnaire.programme == shape.programme and response.kon == ""
