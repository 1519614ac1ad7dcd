"""Pages of Good examples, news and pages that the browser tests check (see tests/browser/pages.py)."""

from __future__ import annotations

from tests.browser.check import Check
from tests.knowledge.page_setups import (
    a_draft,
    a_submitted_example,
    ask_for_changes_without_a_comment,
    clear_the_title,
    my_news,
    news_and_pages,
    published_examples,
    submit_empty,
)

PAGES: list[Check] = [
    Check("knowledge-examples", "/goda-exempel/", setup=published_examples),
    Check("knowledge-examples-empty", "/goda-exempel/?q=finnsinte"),
    Check(
        "knowledge-search",
        "/goda-exempel/?q=bem%C3%B6tande+rollspel&year=nej&theme=bemotande",
        viewer="coordinator_a",
        setup=published_examples,
    ),
    Check("knowledge-example", lambda cast: f"/goda-exempel/{cast.extra['example']}/", setup=published_examples),
    Check("knowledge-news", "/nyheter/", setup=news_and_pages),
    Check("knowledge-news-item", lambda cast: f"/nyheter/{cast.extra['news']}/", setup=news_and_pages),
    Check("knowledge-page", "/sida/om-jamlik/", setup=news_and_pages),
    Check("knowledge-mine", "/goda-exempel/mina/", viewer="coordinator_a", setup=a_draft),
    Check("knowledge-new", "/goda-exempel/nytt/", viewer="coordinator_a"),
    Check("knowledge-new-errors", "/goda-exempel/nytt/", viewer="coordinator_a", then=submit_empty),
    Check(
        "knowledge-draft",
        lambda cast: f"/goda-exempel/{cast.extra['draft']}/",
        viewer="coordinator_a",
        setup=a_draft,
    ),
    Check(
        "knowledge-edit",
        lambda cast: f"/goda-exempel/{cast.extra['draft']}/redigera/",
        viewer="coordinator_a",
        setup=a_draft,
    ),
    Check("knowledge-review-queue", "/goda-exempel/granska/", viewer="programme_manager", setup=a_submitted_example),
    Check(
        "knowledge-review",
        lambda cast: f"/goda-exempel/{cast.extra['submitted']}/granska/",
        viewer="programme_manager",
        setup=a_submitted_example,
    ),
    Check(
        "knowledge-review-errors",
        lambda cast: f"/goda-exempel/{cast.extra['submitted']}/granska/",
        viewer="programme_manager",
        setup=a_submitted_example,
        then=ask_for_changes_without_a_comment,
    ),
    Check("knowledge-my-news", "/nyheter/mina/", viewer="coordinator_a", setup=my_news),
    Check("knowledge-write-news", "/nyheter/skriv/", viewer="programme_manager"),
    Check(
        "knowledge-edit-news-errors",
        lambda cast: f"/nyheter/{cast.extra['news_draft']}/redigera/",
        viewer="coordinator_a",
        setup=my_news,
        then=clear_the_title,
    ),
]
