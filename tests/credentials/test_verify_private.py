"""Checking a diploma names its holder, so neither the page nor the API answer may be stored."""

from __future__ import annotations

from typing import Any

from django.test import Client

from jamlik.people.models import User
from tests.credentials.kit import complete, diploma_course, diploma_of
from tests.test_private_responses import private


def test_the_verification_page_and_api_are_private_for_an_anonymous_visitor(
    client: Client, learner_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    complete(django_capture_on_commit_callbacks, learner_a, diploma_course(title="Bemötande"))
    code = diploma_of(learner_a).display_code
    for address in [f"/verify/{code}/", f"/verifiera/{code}/", f"/api/v1/credentials/verify/{code}"]:
        response = client.get(address)
        assert response.status_code == 200
        assert "Lina L" in response.content.decode()  # the page or the JSON (escaped) names her
        assert private(response), address
