"""Rows the browser checks of good examples, news and pages need (listed in ``browser_pages.py``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Page

from jamlik.knowledge import actions
from jamlik.knowledge.demo import NEWS, PAGES
from jamlik.knowledge.models import ContentPage, NewsItem
from tests.knowledge.factories import draft_example, ensure_themes, published_example

LONG = "Jämställdhetsintegreringsarbetet"  # a long Swedish word, for the 320 px reflow check


def published_examples(cast: Any) -> None:
    """Three published examples of organisation A, one with an attachment, links and a contact."""
    ensure_themes()
    pm = cast.programme_manager
    first = published_example(
        cast.coordinator_a,
        cast.org_a,
        pm,
        themes=["bemotande", "jamstalldhetsintegrering"],
        title=f"Bemötande i receptionen och {LONG}",
        summary="Receptionen tränade bemötande med rollspel varje vecka.",
        problem="Medborgare fick olika svar.\n\n* Långa köer\n* Otydliga besked",
        what_was_done="Vi tränade **rollspel** varje vecka.",
        results="Klagomålen halverades.",
        lessons="Korta samtal fungerar.",
        target_groups="Medarbetare i reception",
        contact_name="Malin Samordnare",
        contact_email="malin@sater.se",
        show_contact=True,
        links="https://example.se/rapport-om-bemotande-i-receptionen-2019",
        period_end=datetime.date(2021, 6, 30),
    )
    # once published, only programme managers change it (knowledge.access.check_may_write)
    actions.add_attachment(pm, first, SimpleUploadedFile("Rapport.pdf", b"%PDF-1.4\n%%EOF\n"))
    published_example(
        pm,
        cast.org_a,
        pm,
        themes=["tillganglighet"],
        title="Tillgänglighetsvandring i kommunhuset",
        summary="Personer med egen erfarenhet visade var hindren finns.",
    )
    published_example(
        pm,
        cast.org_a,
        pm,
        themes=["hbtqi"],
        language="en",
        title="Inclusive elderly care",
        summary="Care homes reviewed their routines with the residents.",
    )
    cast.extra["example"] = str(first.public_id)


def a_draft(cast: Any) -> None:
    """A draft of organisation A with a review comment and an attachment, for the edit page."""
    ensure_themes()
    example = draft_example(cast.coordinator_a, cast.org_a, title="Språkombud i hemtjänsten")
    actions.add_attachment(
        cast.coordinator_a, example, SimpleUploadedFile("Underlag.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20)
    )
    actions.submit_example(cast.coordinator_a, example)
    actions.request_changes(cast.programme_manager, example, "Lägg till resultat i siffror.")
    cast.extra["draft"] = str(example.public_id)


def a_submitted_example(cast: Any) -> None:
    ensure_themes()
    example = draft_example(
        cast.coordinator_a,
        cast.org_a,
        title="Rekrytering utan namn",
        summary="Anonymiserade ansökningar i första urvalet.",
        problem="Sökande med utrikes klingande namn kallades mer sällan.",
        what_was_done="Namn doldes i första urvalet.",
    )
    actions.submit_example(cast.coordinator_a, example)
    cast.extra["submitted"] = str(example.public_id)


def news_and_pages(cast: Any) -> None:
    from django.utils import timezone

    from jamlik.people.models import Organisation

    for slug, title, lead, body, days_ago in NEWS:
        item = NewsItem.objects.create(
            organisation=Organisation.objects.filter(slug=slug).first() if slug else cast.org_a,
            title=title,
            lead=lead,
            body=body,
            published_at=timezone.now() - datetime.timedelta(days=days_ago),
        )
        cast.extra["news"] = str(item.public_id)
    for slug, title_sv, title_en, body_sv, body_en in PAGES:
        ContentPage.objects.get_or_create(
            slug=slug, defaults={"title_sv": title_sv, "title_en": title_en, "body_sv": body_sv, "body_en": body_en}
        )


def submit_empty(page: Page) -> None:
    page.locator("main form.stacked button[type=submit]").first.click()
    page.wait_for_load_state()


def ask_for_changes_without_a_comment(page: Page) -> None:
    page.locator("main button[value=changes]").click()
    page.wait_for_load_state()


def my_news(cast: Any) -> None:
    """A published and a draft news item of organisation A."""
    from django.utils import timezone

    NewsItem.objects.create(
        organisation=cast.org_a, title="Säter vann kampanjen", lead="Grattis.", published_at=timezone.now()
    )
    draft = NewsItem.objects.create(organisation=cast.org_a, title="Utkast till pressmeddelande", lead="Kommer snart.")
    cast.extra["news_draft"] = str(draft.public_id)


def clear_the_title(page: Page) -> None:
    page.locator("main input[name=title]").fill("")
    page.locator("main form.stacked button[type=submit]").click()
    page.wait_for_load_state()
