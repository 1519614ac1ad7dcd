"""Coordinators write news for their organisations; programme managers also platform-wide."""

from __future__ import annotations

import pytest
from django.conf import settings

from jamlik.audit.models import AuditEntry
from jamlik.knowledge.models import NewsItem
from tests.knowledge.factories import NewsItemFactory

pytestmark = pytest.mark.django_db


def news_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "language": "sv",
        "title": "Säter vann",
        "lead": "Säters kommun fick flest anställda att gå utbildningen.",
        "body": "Grattis!",
        "publish": "on",
    }
    data.update(overrides)
    return data


def test_a_coordinator_publishes_news_for_their_organisation(as_coordinator_a, org_a, client):
    response = as_coordinator_a.post("/nyheter/skriv/", news_data(organisation=org_a.pk))
    assert response.status_code == 302
    item = NewsItem.objects.get()
    assert item.organisation == org_a
    assert item.published_at is not None
    assert AuditEntry.objects.filter(action="news.published", target_id=str(item.pk)).exists()
    assert "Säter vann" in client.get("/nyheter/").content.decode()
    assert "Säter vann" in client.get("/nyheter/rss/").content.decode()


def test_a_draft_stays_off_the_public_stream(as_coordinator_a, org_a, client):
    as_coordinator_a.post("/nyheter/skriv/", news_data(organisation=org_a.pk, publish=""))
    item = NewsItem.objects.get()
    assert item.published_at is None
    assert "Säter vann" not in client.get("/nyheter/").content.decode()
    assert client.get(f"/nyheter/{item.public_id}/").status_code == 404
    assert "Säter vann" not in client.get("/api/v1/news").content.decode()


def test_a_coordinator_cannot_write_for_another_organisation_or_platform_wide(as_coordinator_a, org_b):
    as_coordinator_a.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for organisation in (org_b.pk, ""):
        response = as_coordinator_a.post("/nyheter/skriv/", news_data(organisation=organisation))
        assert response.status_code == 400
        assert "Säters kommun fick flest" in response.content.decode()  # what was typed is kept
    assert not NewsItem.objects.exists()


def test_a_programme_manager_writes_platform_wide_news(as_programme_manager):
    assert as_programme_manager.post("/nyheter/skriv/", news_data(organisation="")).status_code == 302
    assert NewsItem.objects.get().organisation is None


def test_coordinator_b_never_sees_or_edits_organisation_as_news(as_coordinator_b, org_a):
    item = NewsItemFactory(organisation=org_a, title="Säters utkast", published_at=None)
    assert "Säters utkast" not in as_coordinator_b.get("/nyheter/mina/").content.decode()
    assert as_coordinator_b.get(f"/nyheter/{item.public_id}/redigera/").status_code == 404
    assert as_coordinator_b.post(f"/nyheter/{item.public_id}/redigera/", news_data()).status_code == 404


def test_a_learner_cannot_write_news(as_learner_a, org_a):
    assert as_learner_a.get("/nyheter/skriv/").status_code == 404
    assert as_learner_a.post("/nyheter/skriv/", news_data(organisation=org_a.pk)).status_code == 404
    assert not NewsItem.objects.exists()


def test_unpublishing_keeps_the_item_as_a_draft(as_coordinator_a, org_a, client):
    item = NewsItemFactory(organisation=org_a, title="Tillbaka")
    response = as_coordinator_a.post(
        f"/nyheter/{item.public_id}/redigera/", news_data(organisation=org_a.pk, title="Tillbaka", publish="")
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.published_at is None
    assert client.get(f"/nyheter/{item.public_id}/").status_code == 404
