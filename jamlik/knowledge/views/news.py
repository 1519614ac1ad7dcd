"""Public news: the merged list (news items and campaign results), one news item, and content pages."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jamlik.knowledge.access import get_content_page, get_public_news, may_submit
from jamlik.knowledge.news import news_entries

PER_PAGE = 20


def news_list(request: HttpRequest) -> HttpResponse:
    try:
        number = max(1, int(request.GET.get("sida", "1")))
    except ValueError:
        number = 1
    entries, count = news_entries((number - 1) * PER_PAGE, PER_PAGE)
    pages = max(1, -(-count // PER_PAGE))
    if number > pages:
        number = pages
        entries, count = news_entries((number - 1) * PER_PAGE, PER_PAGE)
    context = {
        "entries": entries,
        "number": number,
        "pages": pages,
        "previous": number - 1 if number > 1 else None,
        "next": number + 1 if number < pages else None,
        "may_write": may_submit(request.user),
    }
    return render(request, "knowledge/news_list.html", context)


def news_item(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return render(request, "knowledge/news_item.html", {"item": get_public_news(public_id)})


def content_page(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "knowledge/page.html", {"page": get_content_page(slug)})
