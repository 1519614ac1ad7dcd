"""Pages of Strategies and follow-up that the browser tests check (see tests/browser/pages.py)."""

from __future__ import annotations

from tests.browser.check import Check
from tests.strategies.page_setups import (
    a_draft_round,
    a_round,
    a_strategy,
    a_submitted_answer,
    submit_the_answer,
    submit_the_form,
)

PAGES: list[Check] = [
    Check("strategies", "/strategier/", viewer="coordinator_a", setup=a_round),
    Check("strategy", lambda cast: f"/strategier/{cast.extra['strategy']}/", viewer="coordinator_a", setup=a_strategy),
    Check(
        "strategy-read-only",
        lambda cast: f"/strategier/{cast.extra['strategy']}/",
        viewer="programme_manager",
        setup=a_strategy,
    ),
    Check("strategy-new-errors", "/strategier/ny/", viewer="coordinator_a", then=submit_the_form),
    Check(
        "strategy-activity",
        lambda cast: f"/strategier/{cast.extra['strategy']}/aktiviteter/{cast.extra['activity']}/",
        viewer="coordinator_a",
        setup=a_strategy,
    ),
    Check(
        "strategy-indicator",
        lambda cast: f"/strategier/{cast.extra['strategy']}/indikatorer/{cast.extra['indicator']}/",
        viewer="coordinator_a",
        setup=a_strategy,
    ),
    Check("strategy-rounds", "/uppfoljning/", viewer="programme_manager", setup=a_round),
    Check("strategy-round-new-errors", "/uppfoljning/ny/", viewer="programme_manager", then=submit_the_form),
    Check(
        "strategy-round", lambda cast: f"/uppfoljning/{cast.extra['round']}/", viewer="programme_manager", setup=a_round
    ),
    Check(
        "strategy-round-draft",
        lambda cast: f"/uppfoljning/{cast.extra['round']}/",
        viewer="programme_manager",
        setup=a_draft_round,
    ),
    Check(
        "strategy-rollup",
        lambda cast: f"/uppfoljning/{cast.extra['round']}/sammanstallning/",
        viewer="programme_manager",
        setup=a_round,
    ),
    Check(
        "strategy-answer",
        lambda cast: f"/uppfoljning/svar/{cast.extra['answer']}/",
        viewer="coordinator_a",
        setup=a_round,
    ),
    Check(
        "strategy-answer-errors",
        lambda cast: f"/uppfoljning/svar/{cast.extra['answer']}/",
        viewer="coordinator_a",
        setup=a_round,
        then=submit_the_answer,
    ),
    Check(
        "strategy-answer-submitted",
        lambda cast: f"/uppfoljning/svar/{cast.extra['answer']}/",
        viewer="coordinator_a",
        setup=a_submitted_answer,
    ),
]

# The widest of them, for the 320 px reflow check in tests/strategies/test_browser.py.
NARROW = [
    "strategy",
    "strategy-new-errors",
    "strategy-round",
    "strategy-rollup",
    "strategy-answer-errors",
    "strategy-answer-submitted",
]
