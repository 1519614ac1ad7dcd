"""Scenario 7: the xAPI statement resource — a batch of ten statements POSTed, and a filtered GET.

A client of the benchmark's own organisation (made with ``lrs.actions.create_client``) sends
every request with HTTP Basic. Each POST carries ten new statements (their ids fixed beforehand,
so a statement is stored once whatever happens); each GET asks for the ten latest statements
of one verb and one agent, the filters the index serves. The queries per request must not
depend on how many statements are stored.

``seed_statements`` fills the LRS first (``--statements``, a million in the full run): statements
of the benchmark's organisation by the same agents and verbs, with their agent and activity index
rows, in batches of one ``INSERT … SELECT`` each on PostgreSQL, so the GET and POST are measured
against a store of that size. It lives here, not in the application: the rows are the ones
``lrs.store.store_statements`` writes for such a statement, built by the database.
"""

from __future__ import annotations

import base64
import json
import random
import uuid
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection, transaction

from bench.report import Target
from bench.scenarios import Request, Scenario, Sizes
from jamlik.lrs.actions import create_client
from jamlik.lrs.models import LrsClient, Statement, StatementActivity, StatementAgent
from jamlik.lrs.shapes import ifi_key
from jamlik.people.models import Organisation

CLIENT_NAME = "Benchmark"
VERB = "http://adlnet.gov/expapi/verbs/experienced"
AGENTS = 50
HOME = "https://bench.scale.example"
# The seeded store: learners a0…a9972 (the scenarios ask about the first 50), five verbs, 197
# activities; the counts are prime to each other, so every learner has every verb and activity.
SEED_AGENTS = 9_973
SEED_VERBS = [
    "http://adlnet.gov/expapi/verbs/experienced",
    "http://adlnet.gov/expapi/verbs/attempted",
    "http://adlnet.gov/expapi/verbs/answered",
    "http://adlnet.gov/expapi/verbs/completed",
    "http://adlnet.gov/expapi/verbs/passed",
]
SEED_ACTIVITIES = 197
SEED_BATCH = 50_000


def _agent(n: int) -> dict[str, Any]:
    return {"objectType": "Agent", "account": {"homePage": HOME, "name": f"a{n}"}}


def _statement(rng: random.Random) -> dict[str, Any]:
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "actor": _agent(rng.randrange(AGENTS)),
        "verb": {"id": VERB, "display": {"en-US": "experienced"}},
        "object": {"id": f"{HOME}/activities/{rng.randrange(20)}"},
    }


def _headers(key: str, secret: str) -> dict[str, str]:
    token = base64.b64encode(f"{key}:{secret}".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}", "X-Experience-API-Version": "2.0.0"}


def _post(headers: dict[str, str], rng: random.Random) -> Request:
    body = json.dumps([_statement(rng) for _ in range(10)])
    return {
        "method": "POST",
        "path": "/xapi/statements",
        "headers": {**headers, "Content-Type": "application/json"},
        "body": body,
    }


def _get(headers: dict[str, str], rng: random.Random) -> Request:
    agent = json.dumps(_agent(rng.randrange(AGENTS)), separators=(",", ":"))
    query = urlencode({"verb": VERB, "agent": agent, "limit": 10})
    return {"method": "GET", "path": f"/xapi/statements?{query}", "headers": headers}


def statements(sizes: Sizes, rng: random.Random) -> list[Scenario]:
    organisation = Organisation.objects.order_by("pk").first()
    if organisation is None:
        return []
    LrsClient.objects.filter(name=CLIENT_NAME, organisation=organisation).delete()
    client, secret = create_client(None, organisation, name=CLIENT_NAME)
    headers = _headers(client.key, secret)
    return [
        Scenario(
            "7a",
            "xAPI: POST a batch of 10 statements",
            [_post(headers, rng) for _ in range(sizes.requests)],
            sizes.concurrency,
            {200},
            Target("≥ 0.1 x baseline; queries independent of statements stored", min_ratio=0.1),
            warmup=[_post(headers, rng) for _ in range(sizes.warmup)],
        ),
        Scenario(
            "7b",
            "xAPI: GET statements by verb and agent (limit 10)",
            [_get(headers, rng) for _ in range(sizes.requests)],
            sizes.concurrency,
            {200},
            Target("≥ 0.3 x baseline; queries independent of statements stored", min_ratio=0.3),
            warmup=[_get(headers, rng) for _ in range(sizes.warmup)],
        ),
    ]


def _seed_authority() -> dict[str, Any]:
    home = settings.SITE_URL.rstrip("/") + "/xapi/"
    return {"objectType": "Agent", "name": "Seeded", "account": {"homePage": home, "name": "bench-seed"}}


def _seeded_id(n: int) -> uuid.UUID:
    """The n-th seeded statement's id (the database computes the same: md5 of the same text)."""
    import hashlib

    return uuid.UUID(hashlib.md5(f"jamlik-bench-statement-{n}".encode()).hexdigest())  # noqa: S324 (an id, not security)


def seed_statements(total: int, organisation: Organisation | None = None) -> tuple[int, float]:
    """Make sure ``total`` seeded statements are stored; return how many were added and the seconds taken.

    They belong to ``organisation`` (default: the first, whose client the scenarios use). Statement n is by agent ``a{n mod 9,973}``, of verb n mod 5 and activity n mod 197, stored one
    second after statement n-1, the last one a minute ago. Idempotent: a batch whose last statement
    is already there is skipped, and each insert skips ids already stored.
    """
    import time

    organisation = organisation or Organisation.objects.order_by("pk").first()
    if organisation is None or total <= 0:
        return 0, 0.0
    started = time.monotonic()
    authority = _seed_authority()
    added = 0
    for first in range(0, total, SEED_BATCH):
        last = min(first + SEED_BATCH, total) - 1
        if Statement.objects.filter(organisation=organisation, statement_id=_seeded_id(last)).exists():
            continue
        with transaction.atomic():
            if connection.vendor == "postgresql":
                added += _insert_select(organisation.pk, authority, first, last, total)
            else:
                added += _insert_rows(organisation, authority, first, last, total)
    if added and connection.vendor == "postgresql":
        # What autovacuum would do a minute later: without it the planner takes the new million
        # for a near-empty table and reads every statement of a verb for a filtered GET.
        with connection.cursor() as cursor:
            for model in (Statement, StatementAgent, StatementActivity):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    return added, time.monotonic() - started


def _insert_select(organisation_id: int, authority: dict[str, Any], first: int, last: int, total: int) -> int:
    """PostgreSQL: the batch's statements and their agent and activity rows in one statement."""
    statement, agent, activity = (m._meta.db_table for m in (Statement, StatementAgent, StatementActivity))
    sql = f"""
        WITH numbered AS (
            SELECT g,
                   md5('jamlik-bench-statement-' || g)::uuid AS sid,
                   date_trunc('milliseconds', now()) - make_interval(secs => %(total)s - g + 60) AS moment,
                   (%(verbs)s::text[])[1 + mod(g, %(verb_count)s)] AS verb
            FROM generate_series(%(first)s, %(last)s) AS g
        ), new AS (
            INSERT INTO {statement} (statement_id, organisation_id, client_id, stored, timestamp, data, verb_id,
                                     object_activity_id, object_agent, object_statement_id, actor_ifi,
                                     registration, voided)
            SELECT sid, %(organisation)s, NULL, moment, moment,
                   jsonb_build_object(
                       'id', sid::text,
                       'actor', jsonb_build_object('objectType', 'Agent', 'account',
                                                   jsonb_build_object('homePage', %(home)s, 'name', 'a' || mod(g, %(agents)s))),
                       'verb', jsonb_build_object('id', verb, 'display',
                                                  jsonb_build_object('en-US', regexp_replace(verb, '^.*/', ''))),
                       'object', jsonb_build_object('id', %(home)s || '/activities/' || mod(g, %(activities)s)),
                       'timestamp', to_char(moment AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                       'stored', to_char(moment AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                       'authority', %(authority)s::jsonb,
                       'version', '2.0.0'),
                   verb, %(home)s || '/activities/' || mod(g, %(activities)s), '', NULL,
                   'account:["' || %(home)s || '", "a' || mod(g, %(agents)s) || '"]', NULL, false
            FROM numbered
            ORDER BY g
            ON CONFLICT (organisation_id, statement_id) WHERE organisation_id IS NOT NULL DO NOTHING
            RETURNING seq, actor_ifi, object_activity_id
        ), agents AS (
            INSERT INTO {agent} (statement_id, ifi, related)
            SELECT seq, actor_ifi, false FROM new
            UNION ALL SELECT seq, %(authority_key)s, false FROM new
        ), activities AS (
            INSERT INTO {activity} (statement_id, activity_id, related)
            SELECT seq, object_activity_id, false FROM new
        )
        SELECT count(*) FROM new
    """  # noqa: S608 (only the models' own table names are formatted in)
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "first": first,
                "last": last,
                "total": total,
                "organisation": organisation_id,
                "verbs": SEED_VERBS,
                "verb_count": len(SEED_VERBS),
                "agents": SEED_AGENTS,
                "activities": SEED_ACTIVITIES,
                "home": HOME,
                "authority": json.dumps(authority),
                "authority_key": ifi_key(authority),
            },
        )
        return int(cursor.fetchone()[0])


def _insert_rows(organisation: Organisation, authority: dict[str, Any], first: int, last: int, total: int) -> int:
    """SQLite (the smoke run without PostgreSQL): the same rows built here, a few hundred at most."""
    import datetime

    from django.utils import timezone

    now = timezone.now().replace(microsecond=0)
    existing = set(
        Statement.objects.filter(
            organisation=organisation, statement_id__in=[_seeded_id(n) for n in range(first, last + 1)]
        ).values_list("statement_id", flat=True)
    )
    rows: list[Statement] = []
    for n in range(first, last + 1):
        if _seeded_id(n) in existing:
            continue
        moment = now - datetime.timedelta(seconds=total - n + 60)
        stamp = moment.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        verb = SEED_VERBS[n % len(SEED_VERBS)]
        actor = _agent(n % SEED_AGENTS)
        target = f"{HOME}/activities/{n % SEED_ACTIVITIES}"
        data = {
            "id": str(_seeded_id(n)),
            "actor": actor,
            "verb": {"id": verb, "display": {"en-US": verb.rsplit("/", 1)[1]}},
            "object": {"id": target},
            "timestamp": stamp,
            "stored": stamp,
            "authority": authority,
            "version": "2.0.0",
        }
        rows.append(
            Statement(
                statement_id=_seeded_id(n),
                organisation=organisation,
                stored=moment,
                timestamp=moment,
                data=data,
                verb_id=verb,
                object_activity_id=target,
                actor_ifi=ifi_key(actor),
            )
        )
    Statement.objects.bulk_create(rows)
    StatementAgent.objects.bulk_create(
        [StatementAgent(statement=row, ifi=key) for row in rows for key in (row.actor_ifi, ifi_key(authority))]
    )
    StatementActivity.objects.bulk_create(
        [StatementActivity(statement=row, activity_id=row.object_activity_id) for row in rows]
    )
    return len(rows)
