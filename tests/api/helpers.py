"""What the API tests share: a token for a person, and the checks every problem answer passes."""

from __future__ import annotations

from typing import Any

from jamlik.people import actions
from jamlik.people.models import User


def bearer(user: User) -> dict[str, str]:
    _token, raw = actions.create_api_token(user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"]
    return body
