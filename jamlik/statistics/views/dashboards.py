"""Dashboards: programme managers across organisations, coordinators for their own, and the public summary."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jamlik.statistics import chart, dashboards, fragments, suppression
from jamlik.statistics.access import get_organisation_for_statistics, is_manager, own_organisations
from jamlik.statistics.forms import PeriodForm, ScopeForm
from jamlik.statistics.tables import KON_COLUMNS

EXPORTS = ["csv", "xlsx"]


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Programme managers get the dashboard across organisations; coordinators their organisation."""
    if is_manager(request.user):
        return _manager(request)
    organisations = own_organisations(request.user)
    if not organisations:
        raise Http404
    if len(organisations) == 1:
        return redirect("statistics:organisation", organisations[0].slug)
    return render(request, "statistics/choose.html", {"organisations": organisations})


def _manager(request: HttpRequest) -> HttpResponse:
    form = ScopeForm(request.GET, user=request.user)
    query = request.GET.urlencode()
    # An empty form is valid: every organisation, all time, by county.
    if not form.is_valid():
        return render(request, "statistics/manager.html", {"form": form, "results": ""})
    filters, results = fragments.manager_results(form, query, EXPORTS)
    return render(request, "statistics/manager.html", {"form": form, "filters": filters, "results": results})


@login_required
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    org = get_organisation_for_statistics(request.user, slug)
    form = PeriodForm(request.GET)
    dimension = "item" if request.GET.get("dimension") == "item" else "unit"
    tables = []
    if form.is_valid():
        tables = dashboards.organisation_tables(form.filters(), org, dimension)
    return render(
        request,
        "statistics/organisation.html",
        {
            "organisation": org,
            "form": form,
            "dimension": dimension,
            "tables": tables,
            "chart": chart.build(tables),
            "query": request.GET.urlencode(),
            "exports": EXPORTS,
        },
    )


def public(request: HttpRequest) -> HttpResponse:
    """Totals only: the platform by kön, and each campaign's people counted by kön."""
    form = PeriodForm(request.GET)
    totals = []
    campaigns = None
    if form.is_valid():
        filters = form.filters()
        totals = dashboards.platform_totals(filters)
        campaigns = dashboards.campaign_totals(filters)
    return render(
        request,
        "statistics/public.html",
        {
            "form": form,
            "totals": totals,
            "campaigns": campaigns,
            "chart": chart.build(totals),
            "threshold": suppression.threshold(),
            "kon_columns": [label for _key, label in KON_COLUMNS],
        },
    )
