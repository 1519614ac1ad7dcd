"""An organisation's strategies: coordinators edit their own, programme managers read all, nobody else sees them."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from jamlik.audit.models import AuditEntry
from jamlik.people.models import Organisation, User
from jamlik.strategies.models import Activity, Goal, Indicator, Measurement, Strategy, WorkStatus
from tests.conftest import client_for
from tests.strategies.factories import make_strategy

pytestmark = pytest.mark.django_db


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_coordinator_creates_a_strategy_for_their_organisation(as_coordinator_a: Client, org_a: Organisation) -> None:
    response = as_coordinator_a.post(
        "/strategier/ny/",
        {
            "organisation": "sater",
            "area": "gender_mainstreaming",
            "title": "Säters strategi",
            "period_from": "2024",
            "period_to": "2027",
            "description": "",
        },
    )
    strategy = Strategy.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/strategier/{strategy.public_id}/"
    assert strategy.organisation == org_a
    assert AuditEntry.objects.filter(action="strategy.created", organisation=org_a).exists()


def test_a_coordinator_cannot_create_a_strategy_for_another_organisation(
    as_coordinator_a: Client, org_b: Organisation
) -> None:
    response = as_coordinator_a.post(
        "/strategier/ny/",
        {
            "organisation": "gagnef",
            "area": "gender_mainstreaming",
            "title": "X",
            "period_from": 2024,
            "period_to": 2025,
        },
    )
    assert response.status_code == 400
    assert not Strategy.objects.exists()


def test_a_period_that_ends_before_it_starts_is_refused_and_the_text_is_kept(as_coordinator_a: Client) -> None:
    response = english(as_coordinator_a).post(
        "/strategier/ny/",
        {
            "organisation": "sater",
            "area": "gender_mainstreaming",
            "title": "Baklänges",
            "period_from": 2027,
            "period_to": 2024,
        },
    )
    assert response.status_code == 400
    assert b"The period cannot end before it starts." in response.content
    assert 'value="Baklänges"' in response.content.decode()
    assert not Strategy.objects.exists()


def test_learners_and_visitors_have_no_strategy_pages(
    as_learner_a: Client, client: Client, org_a: Organisation
) -> None:
    strategy = make_strategy(org_a)
    assert as_learner_a.get("/strategier/").status_code == 404
    assert as_learner_a.get(f"/strategier/{strategy.public_id}/").status_code == 404
    assert client.get(f"/strategier/{strategy.public_id}/").status_code == 302  # to sign in


def test_coordinator_b_never_sees_organisation_a_strategies(
    as_coordinator_b: Client, coordinator_b: User, org_a: Organisation
) -> None:
    strategy = make_strategy(org_a, title="Hemlig plan för Säter")
    listing = as_coordinator_b.get("/strategier/")
    assert listing.status_code == 200
    assert b"Hemlig plan" not in listing.content
    assert as_coordinator_b.get(f"/strategier/{strategy.public_id}/").status_code == 404
    assert as_coordinator_b.get(f"/strategier/{strategy.public_id}/andra/").status_code == 404
    goal = strategy.goals.first()
    assert goal is not None
    assert (
        as_coordinator_b.post(f"/strategier/{strategy.public_id}/mal/{goal.pk}/", {"title": "Kapad"}).status_code == 404
    )
    goal.refresh_from_db()
    assert goal.title == "Könsuppdelad statistik"


def test_a_programme_manager_reads_every_strategy_but_does_not_edit(
    as_programme_manager: Client, org_a: Organisation, org_b: Organisation
) -> None:
    a = make_strategy(org_a, title="Säters strategi")
    make_strategy(org_b, title="Gagnefs strategi")
    listing = as_programme_manager.get("/strategier/")
    assert "Säters strategi".encode() in listing.content
    assert b"Gagnefs strategi" in listing.content
    assert as_programme_manager.get(f"/strategier/{a.public_id}/").status_code == 200
    assert as_programme_manager.get(f"/strategier/{a.public_id}/andra/").status_code == 404


def test_the_detail_page_shows_goals_activities_and_values_in_constant_queries(
    as_coordinator_a: Client, org_a: Organisation, django_assert_max_num_queries: Any
) -> None:
    strategy = make_strategy(org_a)
    with django_assert_max_num_queries(16):
        response = as_coordinator_a.get(f"/strategier/{strategy.public_id}/")
    body = response.content.decode()
    assert "Gå igenom rapporterna" in body and "Kansliet" in body and "2025: 55" in body
    for n in range(5):
        make_strategy(org_a, title=f"Fler {n}")
    goal = strategy.goals.first()
    assert goal is not None
    for n in range(10):
        Activity.objects.create(goal=goal, title=f"Extra {n}")
    with django_assert_max_num_queries(16):
        as_coordinator_a.get(f"/strategier/{strategy.public_id}/")
    with django_assert_max_num_queries(12):
        as_coordinator_a.get("/strategier/")


def test_goals_activities_indicators_and_values_are_edited_through_the_pages(
    as_coordinator_a: Client, coordinator_a: User, org_a: Organisation
) -> None:
    strategy = make_strategy(org_a)
    base = f"/strategier/{strategy.public_id}"
    assert as_coordinator_a.post(f"{base}/mal/ny/", {"title": "Nytt mål", "status": "planned"}).status_code == 302
    goal = Goal.objects.get(title="Nytt mål")
    response = as_coordinator_a.post(
        f"{base}/aktiviteter/ny/",
        {
            "goal": goal.pk,
            "title": "Workshop",
            "owner": coordinator_a.pk,
            "status": "ongoing",
            "due_date": "2026-12-01",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title="Workshop")
    assert activity.owner == coordinator_a and activity.status == WorkStatus.ONGOING
    response = as_coordinator_a.post(
        f"{base}/indikatorer/ny/", {"name": "Andel kvinnor", "unit": "procent", "target": "50"}
    )
    indicator = Indicator.objects.get(name="Andel kvinnor")
    assert response["Location"] == f"{base}/indikatorer/{indicator.pk}/"
    assert (
        as_coordinator_a.post(
            f"{base}/indikatorer/{indicator.pk}/matvarden/", {"year": 2025, "value": "41.5"}
        ).status_code
        == 302
    )
    assert (
        as_coordinator_a.post(
            f"{base}/indikatorer/{indicator.pk}/matvarden/", {"year": 2025, "value": "42"}
        ).status_code
        == 302
    )
    assert list(Measurement.objects.filter(indicator=indicator).values_list("year", "value")) == [(2025, 42)]
    assert AuditEntry.objects.filter(action="strategy.measured", organisation=org_a).count() >= 2


def test_an_activity_owner_from_another_organisation_is_refused(
    as_coordinator_a: Client, coordinator_b: User, org_a: Organisation
) -> None:
    strategy = make_strategy(org_a)
    goal = strategy.goals.first()
    assert goal is not None
    response = as_coordinator_a.post(
        f"/strategier/{strategy.public_id}/aktiviteter/ny/",
        {"goal": goal.pk, "title": "Smyg", "owner": coordinator_b.pk, "status": "planned"},
    )
    assert response.status_code == 400
    assert not Activity.objects.filter(title="Smyg").exists()


def test_an_activity_cannot_be_moved_to_another_strategys_goal(as_coordinator_a: Client, org_a: Organisation) -> None:
    mine = make_strategy(org_a)
    other = make_strategy(org_a, title="Annan")
    foreign_goal = other.goals.first()
    activity = Activity.objects.filter(goal__strategy=mine).first()
    assert foreign_goal is not None and activity is not None
    response = as_coordinator_a.post(
        f"/strategier/{mine.public_id}/aktiviteter/{activity.pk}/",
        {"goal": foreign_goal.pk, "title": "Flyttad", "status": "done"},
    )
    assert response.status_code == 400
    activity.refresh_from_db()
    assert activity.goal.strategy_id == mine.pk


def test_a_measured_value_that_is_not_a_number_is_refused(as_coordinator_a: Client, org_a: Organisation) -> None:
    strategy = make_strategy(org_a)
    indicator = strategy.indicators.get()
    response = english(as_coordinator_a).post(
        f"/strategier/{strategy.public_id}/indikatorer/{indicator.pk}/matvarden/", {"year": 2026, "value": "många"}
    )
    assert response.status_code == 400
    assert not Measurement.objects.filter(indicator=indicator, year=2026).exists()


def test_a_coordinator_of_two_organisations_picks_which_one(
    coordinator_a: User, org_b: Organisation, org_a: Organisation
) -> None:
    from tests.factories import MembershipFactory

    MembershipFactory(user=coordinator_a, organisation=org_b, role="coordinator")
    client = client_for(coordinator_a)
    page = client.get("/strategier/ny/")
    assert b'value="gagnef"' in page.content and b'value="sater"' in page.content


def test_a_coordinator_removes_an_activity_a_goal_and_an_indicator(
    as_coordinator_a: Client, org_a: Organisation
) -> None:
    strategy = make_strategy(org_a)
    base = f"/strategier/{strategy.public_id}"
    goal = strategy.goals.get(title="Könsuppdelad statistik")
    activity = Activity.objects.get(title="Utbilda handläggare")
    indicator = strategy.indicators.get()
    assert as_coordinator_a.post(f"{base}/aktiviteter/{activity.pk}/ta-bort/").status_code == 302
    assert as_coordinator_a.post(f"{base}/mal/{goal.pk}/ta-bort/").status_code == 302
    assert as_coordinator_a.post(f"{base}/indikatorer/{indicator.pk}/ta-bort/").status_code == 302
    assert list(Goal.objects.filter(strategy=strategy).values_list("title", flat=True)) == ["Likvärdigt bemötande"]
    assert not Activity.objects.filter(goal__strategy=strategy).exists()
    assert not Measurement.objects.exists()
    assert AuditEntry.objects.filter(action="strategy.goal_removed", organisation=org_a).count() == 1


def test_coordinator_b_cannot_remove_organisation_a_parts(as_coordinator_b: Client, org_a: Organisation) -> None:
    strategy = make_strategy(org_a)
    goal = strategy.goals.first()
    assert goal is not None
    assert as_coordinator_b.post(f"/strategier/{strategy.public_id}/mal/{goal.pk}/ta-bort/").status_code == 404
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_editing_a_goal_logs_what_it_was_and_what_it_became(as_coordinator_a: Client, org_a: Organisation) -> None:
    strategy = make_strategy(org_a)
    goal = strategy.goals.get(title="Likvärdigt bemötande")
    as_coordinator_a.post(
        f"/strategier/{strategy.public_id}/mal/{goal.pk}/", {"title": "Likvärdigt bemötande", "status": "done"}
    )
    entry = AuditEntry.objects.get(action="strategy.goal_changed")
    assert (entry.before or {})["status"] == "planned"
    assert (entry.after or {})["status"] == "done"
