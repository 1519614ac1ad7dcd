"""The programme manager's chart and tables, rendered once per scope and language and kept as HTML.

The figures are already kept for ``JAMLIK_STATISTICS_CACHE_SECONDS``; rendering them (every
table, suppression cut from the national base, the chart) was most of the dashboard's cost. The
HTML is kept no longer than the oldest figure in it, and ``warm_statistics`` makes every kept
copy stale when it counts again. It holds nothing about the person asking: only managers see it,
and every manager sees the same figures for the same filters.

The filter form is kept beside them: its six lists (every county, organisation, course,
programme, campaign and funded project) were six queries and about 80 % of a kept dashboard's
CPU (docs/performance.md). A new organisation or course shows in the lists when the figures are
counted again, at most ``JAMLIK_STATISTICS_CACHE_SECONDS`` later.
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


def manager_results(form: ScopeForm, query: str, exports: list[str]) -> tuple[SafeString, SafeString]:
    """The filter form and the chart and tables for a valid scope form; ``query`` is the page's
    query string for the links."""
    filters, rows, families = form.scope(), form.rows("county"), form.families()
    seconds = cache_seconds()
    if seconds <= 0:
        return _form(form), _render(dashboards.manager_tables(filters, rows, families), query, exports)
    scope = (filters, rows, sorted(families or ()), query, exports, get_language())
    key = "statistics:dashboard:" + hashlib.sha256(repr(scope).encode()).hexdigest()
    found = cache.get_many([key, GENERATION])  # one query
    generation = found.get(GENERATION, "")
    kept = found.get(key)
    if isinstance(kept, tuple) and len(kept) == 3 and kept[0] == generation:
        return mark_safe(str(kept[2])), mark_safe(str(kept[1]))  # noqa: S308 - rendered by our templates below
    with counted_at() as times:
        tables = dashboards.manager_tables(filters, rows, families)
    html, form_html = _render(tables, query, exports), _form(form)
    left = int(seconds - (time.time() - min(times))) if times else seconds
    if left > 0:
        cache.set(key, (generation, str(html), str(form_html)), left)
    return form_html, html


def _form(form: ScopeForm) -> SafeString:
    return mark_safe(render_to_string("statistics/_period.html", {"form": form}))  # noqa: S308 - autoescaped


def _render(tables: list[Any], query: str, exports: list[str]) -> SafeString:
    context = {"tables": tables, "chart": chart.build(tables), "query": query, "exports": exports}
    return mark_safe(render_to_string(TEMPLATE, context))  # noqa: S308 - autoescaped by the template
