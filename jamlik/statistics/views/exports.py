"""Downloads: one table as CSV or XLSX, every table in one XLSX workbook."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.lib.tables import csv_dialect
from jamlik.statistics import dashboards, measures
from jamlik.statistics.access import get_organisation_for_statistics, require_manager
from jamlik.statistics.exports import table_response, workbook_response
from jamlik.statistics.forms import PeriodForm, ScopeForm
from jamlik.statistics.tables import DIMENSIONS, build

MANAGER_DIMENSIONS = {"organisation", "county", "item"}
ORGANISATION_DIMENSIONS = {"unit", "item"}
FORMATS = {"csv", "xlsx"}


def _measure(key: str) -> measures.Measure:
    try:
        return measures.get(key)
    except KeyError:
        raise Http404 from None


def _stamp() -> str:
    return timezone.localdate().isoformat()


def _valid_scope(request: HttpRequest) -> ScopeForm:
    form = ScopeForm(request.GET, user=request.user)
    if not form.is_valid():
        raise Http404  # the dashboard shows why; a download never half-works
    return form


@login_required
def table(request: HttpRequest, measure: str, dimension: str, fmt: str) -> HttpResponse:
    require_manager(request.user)
    if dimension not in MANAGER_DIMENSIONS or fmt not in FORMATS:
        raise Http404
    form = _valid_scope(request)
    result = build(_measure(measure), dimension, form.scope())
    return table_response(result, fmt, f"jamlik-{result.slug}-{_stamp()}", csv_dialect(request))


@login_required
def workbook(request: HttpRequest) -> HttpResponse:
    """Every table for the chosen scope and rows in one workbook (the national export)."""
    require_manager(request.user)
    form = _valid_scope(request)
    filters = form.scope()
    tables = dashboards.manager_tables(filters, form.rows(), form.families())
    title = _("Jämlik statistics, by %(rows)s") % {"rows": str(DIMENSIONS[form.rows()]).lower()}
    return workbook_response(tables, dashboards.intro(title, filters), f"jamlik-statistik-{_stamp()}")


@login_required
def organisation_table(request: HttpRequest, slug: str, measure: str, dimension: str, fmt: str) -> HttpResponse:
    org = get_organisation_for_statistics(request.user, slug)
    if dimension not in ORGANISATION_DIMENSIONS or fmt not in FORMATS:
        raise Http404
    form = PeriodForm(request.GET)
    if not form.is_valid():
        raise Http404
    [result] = dashboards.organisation_tables(form.filters(), org, dimension, [_measure(measure)])
    return table_response(result, fmt, f"{org.slug}-{result.slug}-{_stamp()}", csv_dialect(request))
