"""The programme manager's chart and tables, rendered once per scope and language and kept as HTML.

The figures are already kept for ``JAMLIK_STATISTICS_CACHE_SECONDS``; rendering them (every
table, suppression cut from the national base, the chart) was most of the dashboard's cost. The
HTML is kept no longer than the oldest figure in it, and ``warm_statistics`` makes every kept
copy stale when it counts again. It holds nothing about the person asking: only managers see it,
and every manager sees the same figures for the same filters.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from jamlik.statistics import chart, dashboards
from jamlik.statistics.forms import ScopeForm
from jamlik.statistics.tables import cache_seconds, counted_at

GENERATION = "statistics:generation"
TEMPLATE = "statistics/_manager_results.html"


def renew() -> None:
    """Every kept dashboard is stale from now on (the figures were counted again on purpose)."""
    cache.set(GENERATION, uuid.uuid4().hex, None)


def manager_results(form: ScopeForm, query: str, exports: list[str]) -> SafeString:
    """The chart and tables for a valid scope form; ``query`` is the page's query string for the links."""
    filters, rows, families = form.scope(), form.rows("county"), form.families()
    seconds = cache_seconds()
    if seconds <= 0:
        return _render(dashboards.manager_tables(filters, rows, families), query, exports)
    scope = (filters, rows, sorted(families or ()), query, exports, get_language())
    key = "statistics:dashboard:" + hashlib.sha256(repr(scope).encode()).hexdigest()
    found = cache.get_many([key, GENERATION])  # one query
    generation = found.get(GENERATION, "")
    kept = found.get(key)
    if isinstance(kept, tuple) and kept[0] == generation:
        return mark_safe(str(kept[1]))  # noqa: S308 - rendered by our template below
    with counted_at() as times:
        tables = dashboards.manager_tables(filters, rows, families)
    html = _render(tables, query, exports)
    left = int(seconds - (time.time() - min(times))) if times else seconds
    if left > 0:
        cache.set(key, (generation, str(html)), left)
    return html


def _render(tables: list[Any], query: str, exports: list[str]) -> SafeString:
    context = {"tables": tables, "chart": chart.build(tables), "query": query, "exports": exports}
    return mark_safe(render_to_string(TEMPLATE, context))  # noqa: S308 - autoescaped by the template
