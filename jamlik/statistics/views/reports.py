"""The PDF report for a chosen scope and period (programme managers)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from jamlik.statistics import report
from jamlik.statistics.access import require_manager
from jamlik.statistics.forms import ReportForm


@login_required
def report_pdf(request: HttpRequest) -> HttpResponse:
    """The form; once it is filled in, the PDF itself."""
    require_manager(request.user)
    form = ReportForm(request.GET or None, user=request.user)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        organisation, county = data.get("organisation"), data.get("county")
        filters = form.filters(
            organisation_ids=(organisation.pk,) if organisation else None,
            county_ids=(county.pk,) if county else (),
        )
        scope = report.Scope(filters, organisation, county)
        response = HttpResponse(report.render_pdf(scope), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="jamlik-{slugify(scope.title)}.pdf"'
        return response
    return render(request, "statistics/report_form.html", {"form": form}, status=400 if form.is_bound else 200)
