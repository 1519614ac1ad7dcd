"""Administrators edit themes, news, content pages and (for corrections) examples in the admin; each change is logged."""

from __future__ import annotations

import pytest

from jamlik.audit.models import AuditEntry
from jamlik.knowledge.models import ContentPage
from tests.knowledge.factories import NewsItemFactory, draft_example, ensure_themes

pytestmark = pytest.mark.django_db


def test_the_admin_pages_open(as_administrator, coordinator_a, org_a):
    ensure_themes()
    example = draft_example(coordinator_a, org_a)
    news = NewsItemFactory()
    page = ContentPage.objects.create(slug="kontakt", title_sv="Kontakt", body_sv="Text")
    for url in (
        "/admin/knowledge/theme/",
        "/admin/knowledge/example/",
        f"/admin/knowledge/example/{example.pk}/change/",
        "/admin/knowledge/newsitem/",
        f"/admin/knowledge/newsitem/{news.pk}/change/",
        "/admin/knowledge/contentpage/",
        f"/admin/knowledge/contentpage/{page.pk}/change/",
        "/admin/knowledge/contentpage/add/",
    ):
        assert as_administrator.get(url).status_code == 200, url


def test_a_content_page_saved_in_the_admin_is_logged(as_administrator):
    response = as_administrator.post(
        "/admin/knowledge/contentpage/add/",
        {"slug": "om-jamlik", "title_sv": "Om Jämlik", "title_en": "", "body_sv": "Text", "body_en": ""},
    )
    assert response.status_code == 302
    page = ContentPage.objects.get()
    assert AuditEntry.objects.filter(action="contentpage.created", target_id=str(page.pk)).exists()


def test_coordinators_have_no_admin(as_coordinator_a):
    assert as_coordinator_a.get("/admin/knowledge/contentpage/").status_code == 302
