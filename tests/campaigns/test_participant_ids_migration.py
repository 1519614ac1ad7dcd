"""Participants made before their ``public_id`` existed each get their own by the migration."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import OrganisationFactory

BEFORE = [("campaigns", "0004_digest_sent")]
AFTER = [("campaigns", "0005_participant_public_id")]


@pytest.mark.django_db(transaction=True)
def test_existing_participants_get_distinct_ids() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Campaign = old.get_model("campaigns", "Campaign")
    Participant = old.get_model("campaigns", "Participant")
    start = datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)
    campaign = Campaign.objects.create(
        slug="gammal",
        title_sv="Gammal",
        start_at=start,
        end_at=start + datetime.timedelta(days=30),
        headcount_freeze_on=datetime.date(2026, 3, 14),
    )
    for slug in ("sater", "gagnef", "leksand"):
        # Today's model: people's own migrations stay applied while campaigns' go back.
        organisation = OrganisationFactory(name=slug.title(), slug=slug)
        Participant.objects.create(campaign=campaign, organisation_id=organisation.pk, status="approved")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    ids = list(new.get_model("campaigns", "Participant").objects.values_list("public_id", flat=True))
    assert len(ids) == 3 and None not in ids and len(set(ids)) == 3
