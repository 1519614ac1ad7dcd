"""Pages for an organisation's facilitators: record a group session, import completions.

The organisation is reached only through checked helpers (a coordinator of another
organisation gets 404), and the participant and course choices are limited in the query to
that organisation's members and the courses open to it.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from jamlik.courses import import_jobs, imports
from jamlik.courses.group import facilitated_organisations, group_courses, members_of, record_group_session
from jamlik.courses.models import CompletionImport, Course, ImportLineKind, ImportState
from jamlik.lib.forms import add_action_errors
from jamlik.people.access import get_organisation_for_coordinator
from jamlik.people.http import authenticated_user
from jamlik.people.models import Organisation


class CourseField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.published_version.title} ({obj.slug})"


class LessonField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.module.title}: {obj.title}"


class PeopleField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.email})" if obj.name else str(obj.email)


class GroupSessionForm(forms.Form):
    held_on = forms.DateField(
        label=gettext_lazy("Date of the meeting"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )

    def __init__(self, *args: Any, organisation: Organisation, course: Course, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assert course.published_version is not None  # noqa: S101 (group_courses are published)
        self.fields["lesson"] = LessonField(
            label=_("Lesson taken together"),
            queryset=course.published_version.ordered_lessons().select_related("module"),
            to_field_name="public_id",
            empty_label=None,
        )
        self.fields["participants"] = PeopleField(
            label=_("Who took part"),
            queryset=members_of(organisation).order_by("name", "email"),
            to_field_name="public_id",
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Only members of %(org)s can be chosen.") % {"org": organisation.name},
        )
        self.order_fields(["lesson", "held_on", "participants"])


def _group_course(organisation: Organisation, slug: str | None) -> Course | None:
    if not slug:
        return None
    course = group_courses(organisation).select_related("published_version").filter(slug=slug).first()
    if course is None:
        raise Http404
    return course


@login_required
def group_session(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = facilitated_organisations(request.user).filter(slug=slug).first()
    if organisation is None:
        raise Http404
    courses = list(group_courses(organisation).select_related("published_version").order_by("slug"))
    course = _group_course(organisation, request.GET.get("kurs") or request.POST.get("kurs"))
    form = None
    if course is not None:
        form = GroupSessionForm(request.POST or None, organisation=organisation, course=course)
        if request.method == "POST" and form.is_valid():
            try:
                result = record_group_session(
                    authenticated_user(request),
                    organisation,
                    form.cleaned_data["lesson"],
                    list(form.cleaned_data["participants"]),
                    held_on=form.cleaned_data["held_on"],
                )
            except ValidationError as exc:
                add_action_errors(form, exc)
            else:
                _report_session(request, result.recorded, result.already_done, len(result.completions))
                return redirect(f"{request.path}?kurs={course.slug}")
    context = {"organisation": organisation, "section": "group", "courses": courses, "course": course, "form": form}
    return render(request, "courses/authoring/group_session.html", context)


def _report_session(request: HttpRequest, recorded: list[Any], already: list[Any], completed: int) -> None:
    messages.success(
        request,
        ngettext(
            "The lesson was recorded for %(n)d person.", "The lesson was recorded for %(n)d people.", len(recorded)
        )
        % {"n": len(recorded)},
    )
    if already:
        messages.info(
            request,
            _("Already done before, unchanged: %(list)s") % {"list": ", ".join(p.email for p in already)},
        )
    if completed:
        messages.success(
            request,
            ngettext("%(n)d person completed the course.", "%(n)d people completed the course.", completed)
            % {"n": completed},
        )


class ImportCompletionsForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (.csv or .xlsx)"),
        help_text=gettext_lazy(
            "Columns: email, completed_on (YYYY-MM-DD) and, if you like, unit. The first row names the columns."
        ),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"] = CourseField(
            label=_("Course"),
            queryset=group_courses(organisation).select_related("published_version").order_by("slug"),
            to_field_name="slug",
            empty_label=None,
        )
        self.order_fields(["course", "file"])


@login_required
def import_completions(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload: the file is kept and the import queued; the person is sent to its progress page."""
    organisation = get_organisation_for_coordinator(request.user, slug)
    form = ImportCompletionsForm(request.POST or None, request.FILES or None, organisation=organisation)
    errors: list[imports.RowError] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > imports.MAX_BYTES:
                raise imports.ImportRejected([imports.RowError(0, "", _("The file is larger than 5 MB."))])
            job = import_jobs.start_import(
                authenticated_user(request),
                organisation,
                form.cleaned_data["course"],
                filename=upload.name or "",
                content=upload.read(),
                language=translation.get_language() or "sv",
            )
        except imports.ImportRejected as exc:
            errors = exc.errors
            form.add_error("file", _("Nothing was imported: correct the rows listed below and upload the file again."))
        else:
            return redirect("courses:authoring:import_result", slug=organisation.slug, job_id=job.public_id)
    recent = (
        CompletionImport.objects.filter(organisation=organisation, created_by=authenticated_user(request))
        .select_related("course__published_version")
        .defer("content")
        .order_by("-created_at")[:10]
    )
    context = {"organisation": organisation, "section": "import", "form": form, "errors": errors, "recent": recent}
    return render(request, "courses/authoring/import_completions.html", context)


@login_required
def import_result(request: HttpRequest, slug: str, job_id: UUID) -> HttpResponse:
    """Progress while the job runs (refresh, or htmx polling of the status part), then the outcome."""
    organisation = get_organisation_for_coordinator(request.user, slug)
    job = import_jobs.get_import_for_user(authenticated_user(request), job_id)
    if job.organisation_id != organisation.pk:
        raise Http404
    kind = ImportLineKind.PROBLEM if job.state == ImportState.REJECTED else ImportLineKind.UNCHANGED
    lines = list(job.lines.filter(kind=kind)[:LINES_SHOWN]) if job.finished else []
    context = {
        "organisation": organisation,
        "section": "import",
        "job": job,
        "lines": lines,
        "more_lines": max(0, job.lines.filter(kind=kind).count() - LINES_SHOWN) if len(lines) == LINES_SHOWN else 0,
    }
    if request.headers.get("HX-Request") == "true":
        response = render(request, "courses/authoring/_import_status.html", context)
        if job.finished:
            response["HX-Refresh"] = "true"  # the outcome (tables of rows) is read as a whole page
        return response
    return render(request, "courses/authoring/import_result.html", context)


LINES_SHOWN = 1000
