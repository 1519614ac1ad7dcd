"""The organisers' side: results of closed rounds, exports and the questions asked."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jamlik.courses.models import Course
from jamlik.evaluations import actions, exports
from jamlik.evaluations.access import (
    evaluable_courses,
    evaluable_programmes,
    get_course_for_organiser,
    get_programme_for_organiser,
    may_see_results,
)
from jamlik.evaluations.forms import QuestionsForm
from jamlik.evaluations.results import open_round_closes, results_of
from jamlik.evaluations.rounds import GRACE_DAYS, course_title
from jamlik.lib.tables import csv_dialect, csv_response
from jamlik.people.http import authenticated_user
from jamlik.programmes.models import Programme
from jamlik.statistics import suppression
from jamlik.statistics.tables import KON_COLUMNS


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    if not may_see_results(user):
        raise PermissionDenied
    courses = evaluable_courses(user).select_related("published_version").order_by("slug")
    programmes = evaluable_programmes(user).order_by("title")
    rows = [(course_title(c), c) for c in courses]
    return render(
        request,
        "evaluations/index.html",
        {"courses": sorted(rows, key=lambda r: r[0].lower()), "programmes": programmes},
    )


def _owner(request: HttpRequest, kind: str, slug: str) -> tuple[Course | None, Programme | None, str]:
    user = authenticated_user(request)
    if kind not in ("kurs", "program"):
        raise Http404
    if kind == "kurs":
        course = get_course_for_organiser(user, slug)
        return course, None, course_title(course)
    programme = get_programme_for_organiser(user, slug)
    return None, programme, programme.title


def _context(request: HttpRequest, kind: str, slug: str) -> dict[str, Any]:
    course, programme, title = _owner(request, kind, slug)
    questionnaire = actions.current_questionnaire(course=course, programme=programme)
    return {
        "kind": kind,
        "slug": slug,
        "title": title,
        "results": results_of(course=course, programme=programme),
        "open_rounds": open_round_closes(),
        "questions": actions.asked_questions(questionnaire),
        "default_questions": questionnaire is None,
        "threshold": suppression.threshold(),
        "grace_days": GRACE_DAYS,
        "kon_header": [str(label) for _key, label in KON_COLUMNS] + [_("Total")],
    }


@login_required
def results(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    return render(request, "evaluations/results.html", _context(request, kind, slug))


@login_required
def export_csv(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    context = _context(request, kind, slug)
    filename = f"utvardering-{slug}"
    return csv_response(filename, exports.header(), exports.lines(context["results"]), dialect=csv_dialect(request))


@login_required
def export_pdf(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    context = _context(request, kind, slug)
    response = HttpResponse(exports.render_pdf(context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="utvardering-{slug}.pdf"'
    return response


@login_required
def questions(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    course, programme, title = _owner(request, kind, slug)
    current = actions.current_questionnaire(course=course, programme=programme)
    form = QuestionsForm(actions.asked_questions(current), request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_questions(authenticated_user(request), form.rows(), course=course, programme=programme)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The evaluation's questions are saved."))
            return redirect("evaluations:results", kind, slug)
    answered = current is not None and current.responses.exists()
    return render(
        request,
        "evaluations/questions.html",
        {"form": form, "kind": kind, "slug": slug, "title": title, "answered": answered, "default": current is None},
    )
