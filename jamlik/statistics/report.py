"""The PDF report: a title page and a list of sections, each a template with its own context.

Another app adds a section by appending one ``Section`` to ``SECTIONS`` (for example from its
``AppConfig.ready``); see docs/statistics.md. A section gets the ``Scope`` and returns the context
for its template. It must publish only figures that went through ``jamlik.statistics.suppression``
(build them with ``jamlik.statistics.tables.build``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jamlik.people.models import County, Organisation
from jamlik.statistics import chart, dashboards, suppression
from jamlik.statistics.measures import MEASURES, Family, Filters
from jamlik.statistics.tables import Table, build


@dataclass(frozen=True)
class Scope:
    """Whose figures and for when: one organisation, one county's organisations, or everyone."""

    filters: Filters
    organisation: Organisation | None = None
    county: County | None = None

    @property
    def name(self) -> str:
        if self.organisation is not None:
            return self.organisation.name
        if self.county is not None:
            return self.county.name
        return _("All organisations")

    @property
    def period(self) -> str:
        start, end = self.filters.date_from, self.filters.date_to
        if start and end and start.month == 1 and start.day == 1 and end == start.replace(month=12, day=31):
            return str(start.year)
        if not start and not end:
            return _("all time")
        return f"{start.isoformat() if start else '…'} - {end.isoformat() if end else '…'}"

    @property
    def title(self) -> str:
        return f"{self.name}, {self.period}"


@dataclass(frozen=True)
class Section:
    key: str
    title: Promise
    template: str
    context: Callable[[Scope], dict[str, Any]]


def _context(tables: list[Table]) -> dict[str, Any]:
    """Tables with somebody in them, and the names of those without (one line, not a page of empty tables)."""
    shown = [t for t in tables if t.rows]
    return {
        "tables": shown,
        "empty": [str(t.measure.label) for t in tables if not t.rows],
        "chart": chart.build(shown),
    }


def _family(scope: Scope, family: str) -> dict[str, Any]:
    return _context([build(m, "item", scope.filters) for m in MEASURES if m.family == family])


def _participation(scope: Scope) -> dict[str, Any]:
    return _context(dashboards.manager_tables(scope.filters, "organisation"))


SECTIONS: list[Section] = [
    Section(
        "courses",
        gettext_lazy("Courses"),
        "statistics/report/tables.html",
        lambda scope: _family(scope, Family.COURSE),
    ),
    Section(
        "campaigns",
        gettext_lazy("Campaigns"),
        "statistics/report/tables.html",
        lambda scope: _family(scope, Family.CAMPAIGN),
    ),
    Section(
        "programmes",
        gettext_lazy("Programmes"),
        "statistics/report/tables.html",
        lambda scope: _family(scope, Family.PROGRAMME),
    ),
    Section(
        "participation",
        gettext_lazy("Participation by organisation and sex"),
        "statistics/report/tables.html",
        _participation,
    ),
]


def render_html(scope: Scope) -> str:
    sections = [
        {"title": s.title, "html": render_to_string(s.template, {"scope": scope, **s.context(scope)})} for s in SECTIONS
    ]
    return render_to_string(
        "statistics/report/report.html",
        {
            "scope": scope,
            "sections": sections,
            "threshold": suppression.threshold(),
            "made_on": timezone.localdate(),
        },
    )


def render_pdf(scope: Scope) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]  # loading pango takes a moment; only reports need it

    pdf: bytes = HTML(string=render_html(scope), base_url=settings.SITE_URL).write_pdf(pdf_variant="pdf/ua-1")
    return pdf


def year(y: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(y, 1, 1), datetime.date(y, 12, 31)
