"""Public pages, the profile and "my data", notices and the accessibility statement."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from jamlik.audit.models import AuditEntry
from jamlik.people.models import Kon, User
from jamlik.web.models import AccessibilityStatement, Notice, Severity


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/tillganglighet/", "/integritet/", "/konto/login/", "/konto/signup/"])
def test_public_pages_open_without_sign_in_and_link_the_accessibility_statement(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert 'href="/tillganglighet/"' in response.content.decode()


@pytest.mark.django_db
def test_pages_send_a_policy_that_allows_only_our_own_resources(client: Client) -> None:
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "http" not in policy


@pytest.mark.django_db
def test_the_accessibility_statement_has_the_fields_digg_requires(client: Client) -> None:
    AccessibilityStatement.objects.create(
        compliance="partial",
        known_issues_sv="PDF-diplom saknar ännu taggning.",
        assessed_on=datetime.date(2026, 11, 1),
        method_sv="Egen granskning med axe och skärmläsare.",
        feedback_email="tillganglighet@jamlik.example",
    )
    body = client.get("/tillganglighet/").content.decode()
    for expected in (
        "PDF-diplom saknar ännu taggning.",
        "Egen granskning med axe",
        "tillganglighet@jamlik.example",
        "https://www.digg.se/tdosanmalan",
        "2026",
    ):
        assert expected in body


@pytest.mark.django_db
def test_an_active_notice_is_shown_on_every_page_until_it_expires(client: Client) -> None:
    Notice.objects.create(
        title_sv="Driftstörning",
        title_en="Service disruption",
        severity=Severity.WARNING,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    Notice.objects.create(
        title_sv="Gammal nyhet",
        starts_at=timezone.now() - datetime.timedelta(days=2),
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    for path in ("/", "/integritet/"):
        body = client.get(path).content.decode()
        assert "Driftstörning" in body
        assert "Gammal nyhet" not in body


@pytest.mark.django_db
def test_kon_is_optional_and_never_written_to_the_audit_log(as_learner_a: Client, learner_a: User) -> None:
    response = as_learner_a.post("/min-sida/", {"name": "Lina L", "preferred_language": "sv", "kon": ""})
    assert response.status_code == 302
    as_learner_a.post("/min-sida/", {"name": "Lina L", "preferred_language": "sv", "kon": Kon.KVINNA})
    learner_a.refresh_from_db()
    assert learner_a.kon == Kon.KVINNA
    entries = AuditEntry.objects.filter(action="profile.updated")
    assert entries.count() == 2
    assert all("kvinna" not in str(e.before) + str(e.after) for e in entries)


@pytest.mark.django_db
def test_an_invalid_kon_is_refused(as_learner_a: Client, learner_a: User) -> None:
    response = as_learner_a.post("/min-sida/", {"name": "x", "preferred_language": "sv", "kon": "alien"})
    assert response.status_code == 200
    learner_a.refresh_from_db()
    assert learner_a.kon == ""


@pytest.mark.django_db
def test_the_preferred_language_is_used_after_sign_in(as_learner_a: Client) -> None:
    as_learner_a.post("/min-sida/", {"name": "", "preferred_language": "en", "kon": ""})
    assert "Skip to content" in as_learner_a.get("/").content.decode()


@pytest.mark.django_db
def test_my_data_shows_what_is_held_about_me_and_nobody_else(
    as_learner_a: Client, learner_a: User, coordinator_a: User
) -> None:
    body = as_learner_a.get("/min-sida/mina-uppgifter/").content.decode()
    assert learner_a.email in body
    assert "Säters kommun" in body
    assert coordinator_a.email not in body
