"""Helpers for the LRS tests: clients with credentials, statements, requests with the xAPI headers."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

from django.test import Client

from jamlik.lrs import actions
from jamlik.lrs.models import LrsClient
from jamlik.people.models import Organisation

ENDPOINT = "/xapi/statements"


def make_client(organisation: Organisation | None, name: str = "Testklient") -> tuple[LrsClient, str]:
    return actions.create_client(None, organisation, name=name)


def basic(client: LrsClient, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client.key}:{secret}".encode()).decode()


class Lrs:
    """A test client speaking xAPI as one LRS client."""

    def __init__(self, organisation: Organisation | None, version: str = "2.0.0") -> None:
        self.lrs_client, self.secret = make_client(organisation)
        self.http = Client()
        self.version = version

    def headers(self, **extra: str) -> dict[str, str]:
        return {
            "HTTP_AUTHORIZATION": basic(self.lrs_client, self.secret),
            "HTTP_X_EXPERIENCE_API_VERSION": self.version,
            **extra,
        }

    def post(self, data: Any, path: str = ENDPOINT, **extra: str) -> Any:
        return self.http.post(path, json.dumps(data), content_type="application/json", **self.headers(**extra))

    def put(self, data: Any, statement_id: str, **extra: str) -> Any:
        return self.http.put(
            f"{ENDPOINT}?statementId={statement_id}",
            json.dumps(data),
            content_type="application/json",
            **self.headers(**extra),
        )

    def get(self, path: str = ENDPOINT, params: dict[str, str] | None = None, **extra: str) -> Any:
        return self.http.get(path, params or {}, **self.headers(**extra))


def statement(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "actor": {"objectType": "Agent", "mbox": "mailto:ada@example.org", "name": "Ada"},
        "verb": {
            "id": "http://adlnet.gov/expapi/verbs/completed",
            "display": {"en-US": "completed", "sv": "slutförde"},
        },
        "object": {"id": "https://jamlik.example/kurs/1", "definition": {"name": {"sv": "Kurs 1"}}},
    }
    data.update(overrides)
    return data


def new_id() -> str:
    return str(uuid.uuid4())
