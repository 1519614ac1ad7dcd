"""What the organisations API tests share: a token per person of the cast, and the cast's names."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jamlik.audit.models import AuditEntry
from jamlik.people import actions
from jamlik.people.models import User

# Who may use a coordinator's operation on organisation A, and who gets 404 (as if it did not exist).
ALLOWED = ["coordinator_a", "administrator"]
REFUSED = ["learner_a", "coordinator_b", "programme_manager"]


class Api:
    """Requests to /api/v1 with a person's token (none for ``anonymous``)."""

    def __init__(self, user: User | None) -> None:
        self.client = Client()
        self.headers: dict[str, str] = {}
        if user is not None:
            _token, raw = actions.create_api_token(user, name="tests")
            self.headers["Authorization"] = f"Bearer {raw}"

    def __call__(self, method: str, path: str, body: Any = None, **headers: str) -> Any:
        send = getattr(self.client, method.lower())
        kwargs: dict[str, Any] = {"headers": {**self.headers, **headers}}
        if body is not None:
            kwargs.update(data=body, content_type="application/json")
        return send(f"/api/v1{path}", **kwargs)


def api_for(request: pytest.FixtureRequest, who: str) -> Api:
    return Api(None if who == "anonymous" else request.getfixturevalue(who))


def audited(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).latest("pk")


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    return body
