"""The credential check API refuses JSON nested deeper than any credential, instead of a 500."""

from __future__ import annotations

from django.test import Client


def test_a_body_nested_100000_levels_deep_answers_400(client: Client, db: None) -> None:
    body = "[" * 100_000 + "]" * 100_000
    response = client.post("/api/v1/credentials/check", body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
