"""Who sees and sets what: a course's authors, a programme's organisers; tenant isolation; refusals
leave nothing written."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from jamlik.audit.models import AuditEntry
from jamlik.evaluations import actions
from jamlik.evaluations.defaults import QuestionRow
from jamlik.evaluations.models import Question, Questionnaire
from jamlik.people.models import Organisation, User
from tests.conftest import client_for
from tests.evaluations.kit import a_course
from tests.programmes.factories import make_programme

ROW = [QuestionRow("rating", "Hur var det?", "How was it?"), QuestionRow("text", "Något mer?", "Anything else?")]


@pytest.mark.django_db
def test_another_organisations_coordinator_sees_and_sets_nothing(
    org_a: Organisation, org_b: Organisation, coordinator_a: User, coordinator_b: User, learner_a: User
) -> None:
    course = a_course()
    course.owner = org_a
    course.save()
    shape = make_programme(org_a, org_a)
    for kind, slug in (("kurs", course.slug), ("program", shape.programme.slug)):
        base = f"/utvardering/resultat/{kind}/{slug}/"
        for suffix in ("", "utvardering.csv", "fragor/"):
            assert client_for(coordinator_a).get(base + suffix).status_code == 200
            assert client_for(coordinator_b).get(base + suffix).status_code == 404
            assert client_for(learner_a).get(base + suffix).status_code == 404
        assert (
            client_for(coordinator_b).post(base + "fragor/", {"rating_1_sv": "x", "rating_1_en": "y"}).status_code
            == 404
        )
    assert client_for(learner_a).get("/utvardering/resultat/").status_code == 403
    index = client_for(coordinator_b).get("/utvardering/resultat/").content.decode()
    assert course.slug not in index and shape.programme.slug not in index
    assert client_for(coordinator_a).get("/utvardering/resultat/annat/x/").status_code == 404
    for kwargs in ({"course": course}, {"programme": shape.programme}):
        with pytest.raises(PermissionDenied):
            actions.set_questions(coordinator_b, ROW, **kwargs)  # type: ignore[arg-type]
        with pytest.raises(PermissionDenied):
            actions.set_questions(learner_a, ROW, **kwargs)  # type: ignore[arg-type]
    assert (
        not Questionnaire.objects.exists() and not AuditEntry.objects.filter(action__startswith="evaluations").exists()
    )


@pytest.mark.django_db
def test_organisers_set_the_questions(org_a: Organisation, coordinator_a: User) -> None:
    shape = make_programme(org_a, org_a)
    base = f"/utvardering/resultat/program/{shape.programme.slug}/fragor/"
    client = client_for(coordinator_a)
    page = client.get(base).content.decode()
    assert "Hur värdefullt var det för ditt arbete?" in page  # the default, to start from
    bad = client.post(base, {"rating_1_sv": "Bara svenska"})
    assert "Skriv varje fråga på svenska och engelska." in bad.content.decode()
    assert not Questionnaire.objects.exists()
    data = {"rating_1_sv": "Hur var det?", "rating_1_en": "How was it?", "text_1_sv": "Mer?", "text_1_en": "More?"}
    assert client.post(base, data).status_code == 302
    questionnaire = Questionnaire.objects.get(programme=shape.programme, current=True)
    assert list(Question.objects.filter(questionnaire=questionnaire).values_list("kind", "text_en")) == [
        ("rating", "How was it?"),
        ("text", "More?"),
    ]
    entry = AuditEntry.objects.get(action="evaluations.questions_set")
    assert entry.actor == coordinator_a
