"""SCIM tests talk HTTP to /scim/v2/ with a token of the cast's organisation A (or B)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client

from jamlik.identity.scim import actions
from jamlik.people.models import Organisation, User

BASE = "/scim/v2/"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


class Scim:
    """An identity system with one organisation's token."""

    def __init__(self, token: str) -> None:
        self.client = Client()
        self.token = token

    def _send(self, method: str, path: str, body: Any = None, raw: bytes | None = None, **query: str) -> HttpResponse:
        data = raw if raw is not None else (json.dumps(body) if body is not None else "")
        response = self.client.generic(
            method,
            BASE + path,
            data,
            content_type="application/scim+json",
            headers={"Authorization": f"Bearer {self.token}"},
            QUERY_STRING="&".join(f"{k}={_quote(v)}" for k, v in query.items()),
        )
        return response

    def get(self, path: str, **query: str) -> HttpResponse:
        return self._send("GET", path, **query)

    def post(self, path: str, body: Any) -> HttpResponse:
        return self._send("POST", path, body)

    def put(self, path: str, body: Any) -> HttpResponse:
        return self._send("PUT", path, body)

    def patch(self, path: str, body: Any) -> HttpResponse:
        return self._send("PATCH", path, body)

    def delete(self, path: str) -> HttpResponse:
        return self._send("DELETE", path)

    def raw(self, method: str, path: str, raw: bytes) -> HttpResponse:
        return self._send(method, path, raw=raw)


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


def body(response: HttpResponse) -> Any:
    assert response["Content-Type"].startswith("application/scim+json"), response["Content-Type"]
    return json.loads(response.content)


def patch_op(*operations: dict[str, Any]) -> dict[str, Any]:
    return {"schemas": [PATCH], "Operations": list(operations)}


@pytest.fixture
def scim_a(org_a: Organisation, coordinator_a: User) -> Scim:
    _token, raw = actions.create_token(coordinator_a, org_a, name="Entra ID")
    return Scim(raw)


@pytest.fixture
def scim_b(org_b: Organisation, coordinator_b: User) -> Scim:
    _token, raw = actions.create_token(coordinator_b, org_b, name="Entra ID")
    return Scim(raw)
