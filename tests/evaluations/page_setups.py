"""Rows the browser checks of the evaluation pages need (listed in ``tests/evaluations/browser_pages.py``)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

from tests.evaluations.kit import a_course, a_round, complete


def an_open_evaluation(cast: Any) -> None:
    """learner_a completed a course today, so its evaluation waits for an answer."""
    completion = complete(cast.learner_a, a_course(title="Bemötande i offentlig verksamhet"))
    cast.extra["completion"] = str(completion.public_id)


def a_published_round(cast: Any) -> None:
    """A course with a closed round of 14 answers (free text, hidden cells, a shown and a hidden mean)."""
    course = a_course(title="Likabehandling i praktiken")
    a_round(
        course,
        cast.org_a,
        [("kvinna", 8, (5, 4, 4, 3)), ("man", 5, (4, 4, 2, 3)), ("annat", 1, (1, 4, 2, 3))],
        text="Bra exempel från verkligheten",
    )
    cast.extra["course"] = course.slug


def send_without_ratings(page: Page) -> None:
    page.get_by_role("button", name="Skicka svaren").or_(page.get_by_role("button", name="Send the answers")).click()
    page.wait_for_load_state()
