"""Helpers for API tests: a token for a person of the cast, and JSON requests with it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from jamlik.people.actions import create_api_token
from jamlik.people.models import User

CAST = ("learner_a", "coordinator_a", "coordinator_b", "programme_manager", "administrator")


def bearer(user: User | None) -> dict[str, str]:
    """Headers for ``user`` (None: anonymous), answers in English."""
    headers = {"HTTP_ACCEPT_LANGUAGE": "en"}
    if user is not None:
        _token, raw = create_api_token(user, name="test")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return headers


def cast_member(request: pytest.FixtureRequest, name: str) -> User | None:
    return None if name == "anonymous" else request.getfixturevalue(name)


def send(method: str, url: str, who: User | dict[str, str] | None, body: Any = None, **headers: str) -> Any:
    """A JSON request as ``who``: a person (a token is made for them), or headers from ``bearer``."""
    client = Client()
    data = json.dumps(body) if body is not None else None
    call = getattr(client, method.lower())
    auth = who if isinstance(who, dict) else bearer(who)
    return call(url, data=data, content_type="application/json", **auth, **headers)
