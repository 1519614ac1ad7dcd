"""The signed-in lists cost the same number of queries however long they are; emails speak the submitter's language."""

from __future__ import annotations

import pytest
from django.core import mail

from jamlik.knowledge import actions
from tests.knowledge.factories import NewsItemFactory, draft_example

pytestmark = pytest.mark.django_db


def queries_for(client, url, django_assert_max_num_queries, grow) -> None:
    grow(2)
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    grow(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_my_examples_costs_the_same_for_many(coordinator_a, org_a, as_coordinator_a, django_assert_max_num_queries):
    def grow(n: int) -> None:
        for _ in range(n):
            draft_example(coordinator_a, org_a)

    queries_for(as_coordinator_a, "/goda-exempel/mina/", django_assert_max_num_queries, grow)


def test_the_review_queue_costs_the_same_for_many(
    coordinator_a, org_a, as_programme_manager, django_assert_max_num_queries
):
    def grow(n: int) -> None:
        for _ in range(n):
            actions.submit_example(coordinator_a, draft_example(coordinator_a, org_a))

    queries_for(as_programme_manager, "/goda-exempel/granska/", django_assert_max_num_queries, grow)


def test_my_news_costs_the_same_for_many(org_a, as_coordinator_a, django_assert_max_num_queries):
    def grow(n: int) -> None:
        for _ in range(n):
            NewsItemFactory(organisation=org_a)

    queries_for(as_coordinator_a, "/nyheter/mina/", django_assert_max_num_queries, grow)


def test_the_request_for_changes_is_emailed_in_the_submitters_language(
    coordinator_a, org_a, programme_manager, django_capture_on_commit_callbacks
):
    coordinator_a.preferred_language = "en"
    coordinator_a.save()
    example = draft_example(coordinator_a, org_a, title="Receptionen")
    actions.submit_example(coordinator_a, example)
    with django_capture_on_commit_callbacks(execute=True):
        actions.request_changes(programme_manager, example, "Fler siffror, tack.")
    assert mail.outbox[0].subject == "Changes requested: Receptionen"
    assert "Fler siffror, tack." in mail.outbox[0].body
    assert f"/goda-exempel/{example.public_id}/redigera/" in mail.outbox[0].body
