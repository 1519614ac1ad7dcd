"""The answers to the organiser's questions are on the host's roster and in its exports, for that host only."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from jamlik.people.models import Organisation, User
from jamlik.programmes import actions
from jamlik.programmes.models import Question
from tests.programmes.factories import make_programme


@pytest.fixture
def answered(learner_a: User, org_a: Organisation, org_b: Organisation) -> Any:
    shape = make_programme(org_a, org_b)  # Stockholm hosted by A, Göteborg by B
    title = Question.objects.create(programme=shape.programme, text="Titel", position=1)
    employer = Question.objects.create(programme=shape.programme, text="Arbetsgivare", position=2)
    actions.register(
        learner_a,
        shape.programme,
        [shape.stockholm.pk],
        answers={title.pk: "Utvecklingsledare", employer.pk: "Säters kommun"},
        dietary="Glutenfri",
    )
    return shape


@pytest.mark.django_db
def test_the_host_sees_the_answers_on_the_roster(as_coordinator_a: Client, answered: Any) -> None:
    page = as_coordinator_a.get(f"/program/vard/{answered.stockholm.public_id}/").content.decode()
    assert '<th scope="col">Titel</th>' in page and '<th scope="col">Arbetsgivare</th>' in page
    assert "Utvecklingsledare" in page and "Säters kommun" in page and "Glutenfri" in page


@pytest.mark.django_db
def test_the_answers_are_in_the_csv_and_xlsx_exports(as_coordinator_a: Client, answered: Any) -> None:
    csv = as_coordinator_a.get(
        f"/program/vard/{answered.stockholm.public_id}/deltagare.csv?dialect=plain"
    ).content.decode("utf-8-sig")
    header, row = csv.splitlines()[:2]
    assert header.endswith("Titel,Arbetsgivare") and row.endswith("Utvecklingsledare,Säters kommun")
    xlsx = as_coordinator_a.get(f"/program/vard/{answered.stockholm.public_id}/deltagare.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-2:] == ("Titel", "Arbetsgivare")
    assert rows[1][5] == "Glutenfri" and rows[1][-2:] == ("Utvecklingsledare", "Säters kommun")


@pytest.mark.django_db
def test_another_host_does_not_get_the_answers(as_coordinator_b: Client, answered: Any) -> None:
    for path in ("", "deltagare.csv", "deltagare.xlsx"):
        assert as_coordinator_b.get(f"/program/vard/{answered.stockholm.public_id}/{path}").status_code == 404
    own = as_coordinator_b.get(f"/program/vard/{answered.goteborg.public_id}/")
    assert own.status_code == 200 and "Utvecklingsledare" not in own.content.decode()
    export = as_coordinator_b.get(
        f"/program/vard/{answered.goteborg.public_id}/deltagare.csv?dialect=plain"
    ).content.decode()
    assert "Utvecklingsledare" not in export and "lina@sater.se" not in export


@pytest.mark.django_db
def test_the_participant_does_not_get_the_roster_answers(as_learner_a: Client, answered: Any) -> None:
    response = as_learner_a.get(f"/program/vard/{answered.stockholm.public_id}/deltagare.csv")
    assert response.status_code == 404
