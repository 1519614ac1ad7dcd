"""Migration 0003 gives every existing module, trainer and question its own ``public_id``."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("programmes", "0002_booking_replaces")]
AFTER = [("programmes", "0003_public_ids")]


@pytest.mark.django_db(transaction=True)
def test_existing_rows_get_distinct_ids() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    programme = apps.get_model("programmes", "Programme").objects.create(
        slug="p", title="P", summary="S", registration_deadline=datetime.date(2027, 1, 1)
    )
    for position in (1, 2):
        apps.get_model("programmes", "ProgrammeModule").objects.create(
            programme=programme, position=position, title=f"M{position}", kind="webinar"
        )
        apps.get_model("programmes", "Trainer").objects.create(programme=programme, name=f"T{position}")
        apps.get_model("programmes", "Question").objects.create(programme=programme, text=f"Q{position}")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    for name in ("ProgrammeModule", "Trainer", "Question"):
        ids = list(apps.get_model("programmes", name).objects.values_list("public_id", flat=True))
        assert len(ids) == 2 and None not in ids and len(set(ids)) == 2, name
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
