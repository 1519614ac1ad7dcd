"""Fixtures of the campaign tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jamlik.people import actions as people_actions
from tests.campaigns.api_cast import Caller


@pytest.fixture
def call(request: pytest.FixtureRequest) -> Any:
    """``call("coordinator_a").post(path, body)``: the request as that member of the cast."""

    def as_role(role: str) -> Caller:
        if role == "anonymous":
            return Caller(Client(), None)
        user = request.getfixturevalue(role)
        _token, raw = people_actions.create_api_token(user, name=f"tests-{role}")
        return Caller(Client(), raw)

    return as_role
