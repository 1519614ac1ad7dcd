"""What a programme manager writes into a follow-up question reaches coordinators as text, never as markup."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from jamlik.people.models import Organisation
from jamlik.strategies import rounds
from jamlik.strategies.models import QuestionKind, Response

pytestmark = pytest.mark.django_db

REFRESH = '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
SCRIPT = "<script>alert(1)</script>"


@pytest.mark.parametrize("kind", [QuestionKind.TEXT, QuestionKind.YES_NO, QuestionKind.NUMBER, QuestionKind.CHOICE])
def test_a_question_s_help_text_is_escaped_on_the_answer_form(
    as_coordinator_a: Client, org_a: Organisation, kind: str
) -> None:
    round_ = rounds.create_round(
        None, title="Uppföljning", year=2025, deadline=timezone.localdate() + datetime.timedelta(days=14)
    )
    rounds.add_question(
        None,
        round_,
        text=f"Fråga {SCRIPT}",
        kind=kind,
        options="Bra\nDåligt",
        help_text=f"Se {REFRESH} och {SCRIPT}",
    )
    rounds.add_organisations(None, round_, [org_a])
    rounds.open_round(None, round_)
    response = Response.objects.get(round=round_)

    page = as_coordinator_a.get(f"/uppfoljning/svar/{response.public_id}/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "<meta http-equiv" not in html
    assert "<script>alert" not in html
    assert "Se &lt;meta http-equiv=&quot;refresh&quot;" in html


def test_every_form_escapes_help_text_even_when_a_field_forgets_to() -> None:
    from django import forms

    class Careless(forms.Form):
        name = forms.CharField(help_text=REFRESH)

    html = str(Careless())
    assert "<meta" not in html
    assert "&lt;meta http-equiv=&quot;refresh&quot;" in html
