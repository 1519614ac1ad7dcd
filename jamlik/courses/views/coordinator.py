"""Coordinators: their own organisation's enrolments and completions, by unit, with exports.

The organisation comes from ``get_organisation_for_coordinator``, so another organisation's
coordinator gets 404. Reflection answers are never part of any of this.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.courses import reports
from jamlik.courses.models import Course
from jamlik.lib.tables import csv_dialect, csv_response, xlsx_response
from jamlik.people.access import get_organisation_for_coordinator
from jamlik.people.models import Organisation


def _chosen(courses: list[Course], public_id: str | None) -> Course | None:
    if public_id:
        course = next((c for c in courses if str(c.public_id) == public_id), None)
        if course is None:
            raise Http404
        return course
    return courses[0] if courses else None


@login_required
def org_courses(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    courses = list(reports.courses_for(organisation))
    course = _chosen(courses, request.GET.get("kurs"))
    rows = reports.rows_for(organisation, course) if course is not None else []
    context = {
        "organisation": organisation,
        "section": "courses",
        "courses": courses,
        "course": course,
        "rows": rows,
        "units": reports.by_unit(rows),
    }
    return render(request, "courses/org_courses.html", context)


def _table(organisation: Organisation, course: Course) -> tuple[list[str], list[list[object]]]:
    header = [
        _("Name"),
        _("Email"),
        _("Unit"),
        _("Course version"),
        _("Enrolled"),
        _("Lessons done"),
        _("Lessons in all"),
        _("Completed"),
    ]
    data: list[list[object]] = [
        [r.name, r.email, r.unit, r.version, r.enrolled_at, r.lessons_done, r.lessons_total, r.completed_at]
        for r in reports.rows_for(organisation, course)
    ]
    return header, data


@login_required
def org_courses_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    course = _chosen(list(reports.courses_for(organisation)), request.GET.get("kurs") or "-")
    assert course is not None  # noqa: S101 (_chosen raises 404 when nothing matches)
    header, data = _table(organisation, course)
    filename = f"{organisation.slug}-{course.slug}-{timezone.localdate():%Y-%m-%d}"
    if fmt == "xlsx":
        return xlsx_response(filename, header, data, title=course.slug)  # type: ignore[arg-type]
    return csv_response(filename, header, data, dialect=csv_dialect(request))  # type: ignore[arg-type]
