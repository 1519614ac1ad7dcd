"""Clients for the programmes API tests: the role cast, each with a personal API token."""

from __future__ import annotations

import pytest
from django.test import Client

from jamlik.people.actions import create_api_token
from jamlik.people.models import User

CAST = ("learner_a", "coordinator_a", "coordinator_b", "programme_manager", "administrator", "anonymous")


def token_client(user: User) -> Client:
    """A client that sends ``Authorization: Bearer …`` with a token made as a person makes one."""
    _token, raw = create_api_token(user, name="Integration")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def cast_client(request: pytest.FixtureRequest, role: str) -> Client:
    return Client() if role == "anonymous" else token_client(request.getfixturevalue(role))


def send(client: Client, method: str, url: str, body: object = None, **headers: str) -> object:
    call = getattr(client, method.lower())
    if body is None:
        return call(url, **headers)
    return call(url, body, content_type="application/json", **headers)
