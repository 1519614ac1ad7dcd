"""Attempts at package courses: a coordinator's view of their own organisation (with CSV and
XLSX), and a learner's own attempts. Another organisation's coordinator gets 404, as does a
course the learner is not enrolled on."""

from __future__ import annotations

from dataclasses import replace

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jamlik.courses.models import Course
from jamlik.lib.tables import csv_dialect, csv_response, xlsx_response
from jamlik.packages import reports
from jamlik.people.access import get_organisation_for_coordinator
from jamlik.people.http import authenticated_user

STATUS_LABELS = {
    "not attempted": gettext_lazy("Not attempted"),
    "incomplete": gettext_lazy("Incomplete"),
    "browsed": gettext_lazy("Browsed"),
    "completed": gettext_lazy("Completed"),
    "passed": gettext_lazy("Passed"),
    "failed": gettext_lazy("Failed"),
    "unknown": gettext_lazy("Unknown"),
}


def _labelled(rows: list[reports.AttemptRow]) -> list[reports.AttemptRow]:
    return [replace(row, status=str(STATUS_LABELS.get(row.status, row.status))) for row in rows]


@login_required
def org_attempts(request: HttpRequest, slug: str, course_id: str) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    course = get_object_or_404(Course.objects.select_related("published_version"), public_id=course_id)
    rows = _labelled(reports.rows_for(organisation, course))
    context = {"organisation": organisation, "section": "courses", "course": course, "rows": rows}
    return render(request, "packages/org_attempts.html", context)


@login_required
def org_attempts_export(request: HttpRequest, slug: str, course_id: str, fmt: str) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    course = get_object_or_404(Course, public_id=course_id)
    header = [
        _("Name"),
        _("Email"),
        _("Unit"),
        _("Part"),
        _("Attempt"),
        _("Status"),
        _("Score"),
        _("Time"),
        _("Started"),
        _("Last saved"),
        _("Done"),
    ]
    data: list[list[object]] = [
        [r.name, r.email, r.unit, r.item, r.number, r.status, r.score, r.time, r.started_at, r.updated_at, r.done_at]
        for r in _labelled(reports.rows_for(organisation, course))
    ]
    filename = f"{organisation.slug}-{course.slug}-forsok-{timezone.localdate():%Y-%m-%d}"
    if fmt == "xlsx":
        return xlsx_response(filename, header, data, title=course.slug)  # type: ignore[arg-type]
    return csv_response(filename, header, data, dialect=csv_dialect(request))  # type: ignore[arg-type]


@login_required
def my_attempts(request: HttpRequest, slug: str) -> HttpResponse:
    user = authenticated_user(request)
    course = get_object_or_404(Course.objects.select_related("published_version"), slug=slug, enrolments__user=user)
    rows = _labelled(reports.mine(user, course))
    return render(request, "packages/my_attempts.html", {"course": course, "rows": rows})
