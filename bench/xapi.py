"""Scenario 7: the xAPI statement resource — a batch of ten statements POSTed, and a filtered GET.

A client of the benchmark's own organisation (made with ``lrs.actions.create_client``) sends
every request with HTTP Basic. Each POST carries ten new statements (their ids fixed beforehand,
so a statement is stored once whatever happens); each GET asks for the ten latest statements
of one verb and one agent, the filters the index serves. The queries per request must not
depend on how many statements are stored.
"""

from __future__ import annotations

import base64
import json
import random
import uuid
from typing import Any
from urllib.parse import urlencode

from bench.report import Target
from bench.scenarios import Request, Scenario, Sizes
from jamlik.lrs.actions import create_client
from jamlik.lrs.models import LrsClient
from jamlik.people.models import Organisation

CLIENT_NAME = "Benchmark"
VERB = "http://adlnet.gov/expapi/verbs/experienced"
AGENTS = 50


def _agent(n: int) -> dict[str, Any]:
    return {"objectType": "Agent", "account": {"homePage": "https://bench.scale.example", "name": f"a{n}"}}


def _statement(rng: random.Random) -> dict[str, Any]:
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "actor": _agent(rng.randrange(AGENTS)),
        "verb": {"id": VERB, "display": {"en-US": "experienced"}},
        "object": {"id": f"https://bench.scale.example/activities/{rng.randrange(20)}"},
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
