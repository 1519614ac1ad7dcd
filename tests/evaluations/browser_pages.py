"""Pages of evaluations that the browser tests check (see tests/browser/pages.py)."""

from __future__ import annotations

from tests.browser.check import Check
from tests.evaluations.page_setups import a_published_round, an_open_evaluation, send_without_ratings

PAGES: list[Check] = [
    Check("evaluations-mine", "/utvardering/", viewer="learner_a", setup=an_open_evaluation),
    Check(
        "evaluation-answer",
        lambda cast: f"/utvardering/kurs/{cast.extra['completion']}/",
        viewer="learner_a",
        setup=an_open_evaluation,
    ),
    Check(
        "evaluation-answer-errors",
        lambda cast: f"/utvardering/kurs/{cast.extra['completion']}/",
        viewer="learner_a",
        setup=an_open_evaluation,
        then=send_without_ratings,
    ),
    Check("evaluation-results-index", "/utvardering/resultat/", viewer="programme_manager", setup=a_published_round),
    Check(
        "evaluation-results",
        lambda cast: f"/utvardering/resultat/kurs/{cast.extra['course']}/",
        viewer="programme_manager",
        setup=a_published_round,
    ),
    Check(
        "evaluation-questions",
        lambda cast: f"/utvardering/resultat/kurs/{cast.extra['course']}/fragor/",
        viewer="programme_manager",
        setup=a_published_round,
    ),
]
