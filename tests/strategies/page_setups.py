"""Rows the browser checks of the strategy pages need (listed in ``tests/strategies/browser_pages.py``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from playwright.sync_api import Page

from jamlik.strategies import rounds
from jamlik.strategies.models import Response
from tests.factories import OrganisationFactory
from tests.strategies.factories import make_round, make_strategy, questions


def a_strategy(cast: Any) -> None:
    strategy = make_strategy(cast.org_a)
    cast.extra["strategy"] = str(strategy.public_id)
    cast.extra["activity"] = str(strategy.goals.first().activities.first().pk)
    cast.extra["indicator"] = str(strategy.indicators.get().pk)


def a_round(cast: Any) -> None:
    """An open round to organisation A (a draft answer) and two others (one submitted with a strategy)."""
    done, waiting = OrganisationFactory(name="Länsstyrelsen i Provlän"), OrganisationFactory(name="Testkommunen")
    round_ = make_round([cast.org_a, done, waiting])
    q = questions(round_)
    submitted = Response.objects.get(round=round_, organisation=done)
    values = {q["text"]: "Ledningens stöd avgjorde.", q["yes_no"]: True, q["number"]: Decimal(4), q["choice"]: "Bra"}
    rounds.save_answers(None, submitted, values, make_strategy(done))
    rounds.submit_response(None, submitted)
    own = Response.objects.get(round=round_, organisation=cast.org_a)
    rounds.save_answers(None, own, {q["text"]: "Ett utkast."}, None)
    cast.extra["round"] = str(round_.public_id)
    cast.extra["answer"] = str(own.public_id)
    cast.extra["submitted"] = str(submitted.public_id)


def a_submitted_answer(cast: Any) -> None:
    """Organisation A's answer submitted with its strategy, so the snapshot tables show."""
    strategy = make_strategy(cast.org_a, title="Strategi som följs upp")
    round_ = make_round([cast.org_a], title="Inskickad uppföljning")
    q = questions(round_)
    own = Response.objects.get(round=round_)
    rounds.save_answers(None, own, {q["text"]: "Lärdom.", q["yes_no"]: False}, strategy)
    rounds.submit_response(None, own)
    cast.extra["answer"] = str(own.public_id)


def a_draft_round(cast: Any) -> None:
    round_ = make_round([cast.org_a], open_it=False)
    cast.extra["round"] = str(round_.public_id)


def submit_the_form(page: Page) -> None:
    page.locator("main form.stacked button[type=submit]").first.click()
    page.wait_for_load_state()


def submit_the_answer(page: Page) -> None:
    page.locator("main button[name=submit]").click()
    page.wait_for_load_state()
