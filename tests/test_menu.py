"""The main menu offers each person what they may use, and nothing they would be refused."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

STATISTICS = f'href="{reverse("statistics:dashboard")}"'
STRATEGIES = f'href="{reverse("strategies:list")}"'
ORGANISATIONS = f'href="{reverse("people:my_organisations")}"'


def menu(client: Client) -> str:
    page = client.get("/").content.decode()
    return page[page.index("<nav") : page.index("</nav>")]


@pytest.mark.django_db
def test_everyone_finds_good_examples_and_networks(client: Client) -> None:
    nav = menu(client)
    assert f'href="{reverse("knowledge:examples")}"' in nav
    assert f'href="{reverse("networks:list")}"' in nav
    assert STATISTICS not in nav


def test_a_learner_sees_their_organisations_but_no_statistics(as_learner_a: Client) -> None:
    nav = menu(as_learner_a)
    assert ORGANISATIONS in nav
    assert STATISTICS not in nav and STRATEGIES not in nav


def test_a_coordinator_finds_statistics_and_strategies(as_coordinator_a: Client) -> None:
    nav = menu(as_coordinator_a)
    assert STATISTICS in nav and STRATEGIES in nav
    assert as_coordinator_a.get(reverse("statistics:dashboard"), follow=True).status_code == 200
    assert as_coordinator_a.get(reverse("strategies:list")).status_code == 200


def test_a_programme_manager_finds_statistics_without_a_membership(as_programme_manager: Client) -> None:
    nav = menu(as_programme_manager)
    assert STATISTICS in nav and ORGANISATIONS not in nav
    assert as_programme_manager.get(reverse("statistics:dashboard")).status_code == 200


def test_only_programme_managers_find_the_follow_up_rounds(
    as_programme_manager: Client, as_coordinator_a: Client
) -> None:
    rounds = f'href="{reverse("strategies:rounds")}"'
    assert rounds in menu(as_programme_manager)
    assert rounds not in menu(as_coordinator_a)


def test_the_menu_marks_exactly_one_current_page(as_programme_manager: Client) -> None:
    for name in ("programmes:authoring_list", "strategies:rounds", "knowledge:examples", "programmes:list"):
        page = as_programme_manager.get(reverse(name)).content.decode()
        nav = page[page.index("<nav") : page.index("</nav>")]
        assert nav.count('aria-current="page"') == 1, name
        assert f'href="{reverse(name)}" aria-current="page"' in nav, name


EVALUATIONS = f'href="{reverse("evaluations:index")}"'
ERASURE = f'href="{reverse("retention:erasure_requests")}"'
RULES = f'href="{reverse("retention:rules")}"'


def test_evaluation_results_erasure_requests_and_retention_rules_are_in_the_menu_of_those_who_use_them(
    as_learner_a: Client, as_coordinator_a: Client, as_programme_manager: Client, as_administrator: Client
) -> None:
    # The pages existed but no menu led to them (reachable by their address only).
    learner, coordinator = menu(as_learner_a), menu(as_coordinator_a)
    manager, administrator = menu(as_programme_manager), menu(as_administrator)
    assert EVALUATIONS not in learner and ERASURE not in learner and RULES not in learner
    assert EVALUATIONS in coordinator and ERASURE in coordinator and RULES not in coordinator
    assert EVALUATIONS in manager and ERASURE not in manager
    assert ERASURE in administrator and RULES in administrator
    for client, name in (
        (as_coordinator_a, "evaluations:index"),
        (as_coordinator_a, "retention:erasure_requests"),
        (as_administrator, "retention:rules"),
    ):
        page = client.get(reverse(name)).content.decode()
        assert page.count('aria-current="page"') == 1, name
        assert f'href="{reverse(name)}" aria-current="page"' in page, name
