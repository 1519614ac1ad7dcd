"""Good-example and news actions check their actor themselves (docs/architecture.md, "Who may
make a change"): an example is written by its organisation's coordinators and its author, and
changed after submission by programme managers only, who alone review; news by the
organisation's coordinators (platform-wide news: programme managers). Each case calls one action
as someone who may not and expects ``PermissionDenied`` with nothing written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jamlik.knowledge import actions
from jamlik.knowledge.models import Attachment, Example, NewsItem
from jamlik.knowledge.news_actions import save_news
from jamlik.people.models import Organisation, User
from tests.knowledge.factories import ExampleFactory, NewsItemFactory, draft_example, published_example, theme
from tests.refusals import assert_refused

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("plan.pdf", PDF, "application/pdf")


@dataclass
class Written:
    """Organisation A's examples (a draft with an attachment, a submitted and a published one) and news."""

    org_a: Organisation
    draft: Example
    attachment: Attachment
    submitted: Example
    published: Example
    news: NewsItem


@pytest.fixture
def written(org_a: Organisation, coordinator_a: User, programme_manager: User, settings: object) -> Written:
    settings.MEDIA_ROOT = settings.PRIVATE_ROOT  # type: ignore[attr-defined]
    draft = draft_example(coordinator_a, org_a)
    attachment = actions.add_attachment(None, draft, _pdf())
    submitted = actions.submit_example(coordinator_a, draft_example(coordinator_a, org_a))
    published = published_example(coordinator_a, org_a, programme_manager)
    news = NewsItemFactory(organisation=org_a, published_at=None)
    return Written(org_a, draft, attachment, submitted, published, news)


def _changed(example: Example) -> Example:
    example.title = "Ändrad"
    return example


# An organisation's examples and news: a coordinator of another organisation is refused.
OUTSIDER: dict[str, Callable[[Written, User], object]] = {
    "save_example (new)": lambda w, u: actions.save_example(
        u, ExampleFactory.build(organisation=w.org_a), themes=[theme()]
    ),
    "save_example": lambda w, u: actions.save_example(u, _changed(w.draft), themes=[theme()]),
    "submit_example": lambda w, u: actions.submit_example(u, w.draft),
    "withdraw_example": lambda w, u: actions.withdraw_example(u, w.published),
    "add_attachment": lambda w, u: actions.add_attachment(u, w.draft, _pdf()),
    "remove_attachment": lambda w, u: actions.remove_attachment(u, w.attachment),
    "save_news": lambda w, u: save_news(u, w.news, publish=True),
    "save_news (new)": lambda w, u: save_news(
        u, NewsItem(organisation=w.org_a, title="Ny", lead="", body="Text"), publish=False
    ),
}
# Reviewing, changing a submitted example and platform-wide news: even the organisation's own coordinator is refused.
NOT_A_PROGRAMME_MANAGER: dict[str, Callable[[Written, User], object]] = {
    "publish_example": lambda w, u: actions.publish_example(u, w.submitted),
    "request_changes": lambda w, u: actions.request_changes(u, w.submitted, "Mer om resultaten."),
    "save_example (submitted)": lambda w, u: actions.save_example(u, _changed(w.submitted), themes=[theme()]),
    "add_attachment (published)": lambda w, u: actions.add_attachment(u, w.published, _pdf()),
    "save_news (platform-wide)": lambda w, u: save_news(
        u, NewsItem(organisation=None, title="Ny", lead="", body="Text"), publish=True
    ),
}


@pytest.mark.parametrize("action", sorted(OUTSIDER))
def test_a_coordinator_of_another_organisation_is_refused(written: Written, coordinator_b: User, action: str) -> None:
    assert_refused(lambda: OUTSIDER[action](written, coordinator_b), Example, Attachment, NewsItem)
    written.draft.refresh_from_db()
    assert written.draft.title != "Ändrad"


@pytest.mark.parametrize("action", sorted(NOT_A_PROGRAMME_MANAGER))
def test_a_coordinator_does_not_review_or_change_what_is_submitted(
    written: Written, coordinator_a: User, action: str
) -> None:
    assert_refused(lambda: NOT_A_PROGRAMME_MANAGER[action](written, coordinator_a), Example, Attachment, NewsItem)
    written.submitted.refresh_from_db()
    assert written.submitted.title != "Ändrad"


def test_the_organisations_coordinator_and_programme_managers_may(
    written: Written, coordinator_a: User, programme_manager: User
) -> None:
    """The same checks let through whom the pages let through."""
    actions.add_attachment(coordinator_a, written.draft, _pdf())
    actions.save_example(programme_manager, _changed(written.submitted), themes=[theme()])
    save_news(coordinator_a, written.news, publish=True)
    assert written.draft.attachments.count() == 2
    assert Example.objects.get(pk=written.submitted.pk).title == "Ändrad"
    assert NewsItem.objects.get(pk=written.news.pk).published_at is not None
