"""Never who answered what: not in the rows' shape, nor on any page, export, API answer or audit entry,
and no two views whose difference singles anyone out."""

from __future__ import annotations

import datetime
import json
import uuid

import pytest
from django.core import serializers
from django.db import models

from jamlik.audit.models import AuditEntry
from jamlik.evaluations import actions
from jamlik.evaluations.defaults import DEFAULT_QUESTIONS, QuestionRow
from jamlik.evaluations.models import Answer, Participation, Response
from jamlik.evaluations.results import results_of
from jamlik.evaluations.rounds import Occasion, closes_on, period_of
from jamlik.people.models import Organisation, User
from tests.conftest import client_for
from tests.evaluations.kit import PAST, a_course, a_round, complete


def test_what_was_answered_has_no_key_time_or_person_that_links_it_to_who_answered() -> None:
    assert {f.name for f in Response._meta.concrete_fields} == {"id", "questionnaire", "period", "kon"}
    assert {f.name for f in Answer._meta.concrete_fields} == {"id", "response", "question", "rating", "text"}
    assert {f.name for f in Participation._meta.concrete_fields} == {"id", "user", "completion", "booking"}
    for model in (Response, Answer, Participation):
        assert not any(isinstance(f, models.DateField) for f in model._meta.concrete_fields)
    # Random keys, not numbers in the order of answering (which the audit log's order would match).
    assert isinstance(Response._meta.pk, models.UUIDField) and isinstance(Answer._meta.pk, models.UUIDField)


@pytest.mark.django_db
def test_no_page_export_or_audit_entry_names_a_respondent_or_ties_them_to_an_answer(
    org_a: Organisation, programme_manager: User, coordinator_a: User
) -> None:
    course = a_course()
    course.owner = org_a
    course.save()
    everyone = a_round(course, org_a, [("kvinna", 6, (5, 4, 4, 3)), ("man", 6, (2, 4, 4, 3))], text="Hemlig-text")
    response_keys = {str(k) for k in Response.objects.values_list("id", flat=True)}
    answer_keys = {str(k) for k in Answer.objects.values_list("id", flat=True)}
    assert all(uuid.UUID(k).version == 4 for k in response_keys)
    entries = AuditEntry.objects.filter(action="evaluations.answered")
    assert entries.count() == 12
    dumped = serializers.serialize("json", entries)
    assert "Hemlig-text" not in dumped and not any(k in dumped for k in response_keys | answer_keys)
    for entry in json.loads(dumped):
        fields = entry["fields"]
        assert not fields.get("before") and not fields.get("after")  # no answers, not even as "after"
    base = f"/utvardering/resultat/kurs/{course.slug}/"
    for viewer in (programme_manager, coordinator_a):
        client = client_for(viewer)
        for path in (base, base + "utvardering.csv"):
            text = client.get(path).content.decode()
            assert "Hemlig-text" in text  # the free text is there, twelve times, without anything else
            for person in everyone:
                assert person.email not in text and (not person.name or person.name not in text)
            assert not any(k in text for k in response_keys | answer_keys)


@pytest.mark.django_db
def test_two_viewers_see_the_same_figures_and_no_filter_cuts_a_round(
    org_a: Organisation, org_b: Organisation, programme_manager: User, coordinator_a: User
) -> None:
    """Differencing: a coordinator and a programme manager, or a round with and without one organisation,
    would leave one person's answers as the difference. There is one view of a round, for everyone."""
    course = a_course()
    course.owner = org_a
    course.save()
    a_round(course, org_a, [("kvinna", 6, (5, 4, 4, 3)), ("man", 5, (2, 4, 4, 3))])
    a_round(course, org_b, [("man", 1, (1, 1, 1, 1))])  # the one other person, from another organisation
    base = f"/utvardering/resultat/kurs/{course.slug}/"

    def figures(client_user: User, query: str = "") -> str:
        page = client_for(client_user).get(base + query).content.decode()
        return page.split('<section class="evaluation-round"')[1].split("</section>")[0]

    seen = figures(programme_manager)
    assert seen == figures(coordinator_a)
    for query in (f"?organisation={org_a.pk}", f"?organisation={org_b.slug}", "?unit=1", "?kon=man"):
        assert figures(programme_manager, query) == seen
        csv = client_for(programme_manager).get(base + "utvardering.csv" + query).content
        assert csv == client_for(programme_manager).get(base + "utvardering.csv").content


@pytest.mark.django_db
def test_a_published_round_never_changes(org_a: Organisation, learner_a: User) -> None:
    """Seen before and after one more answer, a round would give that answer away: a round is
    published only once it takes no more answers."""
    course = a_course()
    a_round(course, org_a, [("kvinna", 6, (5, 4, 4, 3)), ("man", 6, (2, 4, 4, 3))])
    before = results_of(course=course)
    late = complete(learner_a, course, PAST)
    with pytest.raises(actions.RoundClosed):
        actions.answer(learner_a, Occasion(completion=late), {1: 1, 2: 1, 3: 1, 4: 1}, {}, asked=1)
    assert not Participation.objects.filter(user=learner_a).exists()
    after = results_of(course=course)
    # Only the rate's denominator may grow, with completions recorded later for that quarter (imports).
    assert [(r.responses, r.questions) for r in after] == [(r.responses, r.questions) for r in before]
    # The last day it takes answers, the round is not shown yet.
    last = closes_on(period_of(PAST.date()))
    assert results_of(course=course, today=last) == []
    assert results_of(course=course, today=last + datetime.timedelta(days=1)) == after


@pytest.mark.django_db
def test_a_new_questionnaire_is_its_own_round_and_never_added_to_the_old(
    org_a: Organisation, programme_manager: User
) -> None:
    course = a_course()
    a_round(course, org_a, [("kvinna", 6, (5, 4, 4, 3)), ("man", 6, (2, 4, 4, 3))])
    actions.set_questions(programme_manager, [QuestionRow("rating", "Nytt?", "New?")], course=course)
    a_round(course, org_a, [("man", 2, (1,))])
    newest, oldest = results_of(course=course)
    assert newest.questionnaire.number == 2 and not newest.published and newest.questions == []
    assert oldest.count.value == 12
    page = client_for(programme_manager).get(f"/utvardering/resultat/kurs/{course.slug}/").content.decode()
    assert ">14<" not in page  # the two questionnaires' answers are never added up
    assert [q.text_sv for q in oldest.questionnaire.questions.all()] == [q.text_sv for q in DEFAULT_QUESTIONS]
