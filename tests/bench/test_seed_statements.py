"""The benchmark's xAPI store: seeded statements are the rows the LRS itself keeps, found by its filters."""

from __future__ import annotations

import base64
import json
from urllib.parse import urlencode

import pytest
from django.test import Client

from bench.xapi import HOME, SEED_VERBS, seed_statements
from jamlik.lrs.actions import create_client
from jamlik.lrs.models import Statement, StatementActivity, StatementAgent
from jamlik.lrs.shapes import mentioned
from jamlik.people.models import Organisation

pytestmark = pytest.mark.django_db


def test_seeded_statements_are_indexed_as_stored_ones_and_seeding_twice_adds_nothing(org_a: Organisation) -> None:
    added, _seconds = seed_statements(12, org_a)
    assert added == 12
    assert seed_statements(12, org_a)[0] == 0
    assert Statement.objects.filter(organisation=org_a).count() == 12
    for row in Statement.objects.filter(organisation=org_a):
        agents, activities = mentioned(row.data)
        assert set(StatementAgent.objects.filter(statement=row).values_list("ifi", flat=True)) == agents
        assert set(StatementActivity.objects.filter(statement=row).values_list("activity_id", flat=True)) == activities
    # Later statements are stored later, so the newest-first order is the seeding order reversed.
    stored = list(Statement.objects.filter(organisation=org_a).order_by("seq").values_list("stored", flat=True))
    assert stored == sorted(stored)
    assert seed_statements(15, org_a)[0] == 3


def test_the_lrs_finds_seeded_statements_by_agent_verb_and_activity(org_a: Organisation) -> None:
    seed_statements(12, org_a)
    client, secret = create_client(None, org_a, name="reader")
    token = base64.b64encode(f"{client.key}:{secret}".encode()).decode()
    lrs = Client(HTTP_AUTHORIZATION=f"Basic {token}", HTTP_X_EXPERIENCE_API_VERSION="2.0.0")
    agent = json.dumps({"account": {"homePage": HOME, "name": "a3"}})
    response = lrs.get("/xapi/statements?" + urlencode({"agent": agent, "verb": SEED_VERBS[3]}))
    assert response.status_code == 200, response.content
    (found,) = response.json()["statements"]
    assert found["actor"]["account"]["name"] == "a3"
    assert found["verb"]["id"] == SEED_VERBS[3]
    assert found["object"]["id"] == f"{HOME}/activities/3"
    assert found["timestamp"].endswith("Z")
    response = lrs.get(
        "/xapi/statements?" + urlencode({"activity": f"{HOME}/activities/7", "related_activities": "true"})
    )
    assert [s["actor"]["account"]["name"] for s in response.json()["statements"]] == ["a7"]
