"""Searching and paging the hosts' long lists (a session's roster, the registrations to approve)
on the server, as plain GET forms that work without script (issue 19's pattern: 50 a page)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils.http import urlencode

PER_PAGE = 50
KEPT = ("q", "status", "sida")


def search_text(request: HttpRequest) -> str:
    """What was typed in the search box, spaces tidied, at most 100 characters."""
    return " ".join(str(request.GET.get("q", "")).split())[:100]


def by_name_or_email(rows: Any, text: str, user: str) -> Any:
    """Rows whose person (the ``user`` relation path) has every word (five at most) in name or email."""
    for word in text.split()[:5]:
        rows = rows.filter(Q(**{f"{user}__name__icontains": word}) | Q(**{f"{user}__email__icontains": word}))
    return rows


def kept_query(request: HttpRequest) -> str:
    """``?q=…&status=…&sida=…`` of the list shown (or ""), so an action returns to the same page."""
    kept = {k: str(request.GET[k])[:100] for k in KEPT if request.GET.get(k)}
    return f"?{urlencode(kept)}" if kept else ""
