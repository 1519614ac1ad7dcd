"""Authoring pages for a whole course: list, create, overview, settings, publish, new draft, bundles."""

from __future__ import annotations

import tempfile
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.courses import bundle, bundle_jobs
from jamlik.courses.authoring import actions
from jamlik.courses.authoring.access import (
    authorable_courses,
    draft_of,
    get_course_for_author,
    get_draft_for_author,
    is_programme_manager,
    latest_version,
    may_author,
    owner_choices,
)
from jamlik.courses.authoring.forms import ImportBundleForm, ModuleForm, NewCourseForm, NewLessonForm, SettingsForm
from jamlik.courses.models import Course, CourseVersion, Lesson, Module, VersionStatus
from jamlik.courses.versions import create_course, publish_version, publishing_problems
from jamlik.lib.forms import add_action_errors
from jamlik.people.http import authenticated_user


def _require_author(request: HttpRequest) -> None:
    if not may_author(request.user):
        raise Http404


@login_required
def course_list(request: HttpRequest) -> HttpResponse:
    _require_author(request)
    courses = list(authorable_courses(request.user).select_related("owner", "published_version").order_by("slug"))
    drafts = {v.course_id: v for v in CourseVersion.objects.filter(course__in=courses, status=VersionStatus.DRAFT)}
    rows = [(course, drafts.get(course.pk), course.published_version) for course in courses]
    return render(request, "courses/authoring/course_list.html", {"rows": rows})


@login_required
def new_course(request: HttpRequest) -> HttpResponse:
    _require_author(request)
    user = authenticated_user(request)
    form = NewCourseForm(
        request.POST or None, owners=owner_choices(user), owner_required=not is_programme_manager(user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            course = create_course(
                user,
                slug=form.cleaned_data["slug"],
                title=form.cleaned_data["title"],
                owner=form.cleaned_data["owner"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The course was created as a draft. Add modules and lessons."))
            return redirect("courses:authoring:course", course_id=course.public_id)
    return render(request, "courses/authoring/new_course.html", {"form": form})


def structure(version: CourseVersion) -> list[tuple[Module, list[tuple[Lesson, int]]]]:
    """Modules in order, each with its lessons and their block counts: three queries."""
    from django.db.models import Count

    lessons: dict[int, list[tuple[Lesson, int]]] = {}
    for lesson in (
        Lesson.objects.filter(version=version).annotate(block_count=Count("blocks")).order_by("position", "id")
    ):
        lessons.setdefault(lesson.module_id, []).append((lesson, lesson.block_count))
    return [(m, lessons.get(m.pk, [])) for m in Module.objects.filter(version=version).order_by("position", "id")]


def _new_lesson_form(module: Module) -> NewLessonForm:
    form = NewLessonForm(prefix=f"m{module.pk}")
    form.fields["title"].label = _("Title of a new lesson in “%(module)s”") % {"module": module.title}
    return form


@login_required
def course(request: HttpRequest, course_id: str) -> HttpResponse:
    item = get_course_for_author(request.user, course_id)
    draft = draft_of(item)
    shown = draft or latest_version(item)
    if shown is None:
        raise Http404
    modules = [(module, lessons, _new_lesson_form(module)) for module, lessons in structure(shown)]
    context = {
        "course": item,
        "draft": draft,
        "version": shown,
        "modules": modules,
        "problems": publishing_problems(draft) if draft is not None else [],
        "module_form": ModuleForm(prefix="module"),
    }
    return render(request, "courses/authoring/course.html", context)


@login_required
def course_settings(request: HttpRequest, course_id: str) -> HttpResponse:
    version = get_draft_for_author(request.user, course_id)
    form = SettingsForm(request.POST or None, initial=SettingsForm.initial_for(version))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_settings(authenticated_user(request), version, **form.cleaned_data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The settings were saved."))
            return redirect("courses:authoring:course", course_id=course_id)
    return render(
        request, "courses/authoring/settings.html", {"course": version.course, "version": version, "form": form}
    )


@login_required
@require_POST
def publish(request: HttpRequest, course_id: str) -> HttpResponse:
    version = get_draft_for_author(request.user, course_id)
    try:
        publish_version(authenticated_user(request), version)
    except ValidationError as exc:
        messages.error(
            request, _("The course was not published. Fix these first: %(list)s") % {"list": " ".join(exc.messages)}
        )
    else:
        messages.success(request, _("Version %(n)d is published.") % {"n": version.number})
    return redirect("courses:authoring:course", course_id=course_id)


@login_required
@require_POST
def new_draft(request: HttpRequest, course_id: str) -> HttpResponse:
    item = get_course_for_author(request.user, course_id)
    try:
        draft = actions.start_new_draft(authenticated_user(request), item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Version %(n)d is a new draft. Learners keep seeing the published version until you publish this one.")
            % {"n": draft.number},
        )
    return redirect("courses:authoring:course", course_id=course_id)


@login_required
def export(request: HttpRequest, course_id: str) -> HttpResponseBase:
    item: Course = get_course_for_author(request.user, course_id)
    if item.published_version is None:
        messages.error(request, _("Publish the course before exporting it."))
        return redirect("courses:authoring:course", course_id=course_id)
    target = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    bundle.export_course(item, target)
    target.seek(0)
    name = f"{item.slug}-v{item.published_version.number}.zip"
    return FileResponse(target, as_attachment=True, filename=name, content_type="application/zip")


@login_required
def import_bundle(request: HttpRequest) -> HttpResponse:
    """Upload: the zip is kept and imported by the worker; the person is sent to the job's page."""
    _require_author(request)
    user = authenticated_user(request)
    owners = owner_choices(user)
    form = ImportBundleForm(request.POST or None, request.FILES or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        job = bundle_jobs.start_bundle_import(
            user, form.cleaned_data["owner"], form.cleaned_data["bundle"], language=translation.get_language() or "sv"
        )
        return redirect("courses:authoring:bundle_import", job_id=job.public_id)
    return render(request, "courses/authoring/import_bundle.html", {"form": form})


@login_required
def bundle_import(request: HttpRequest, job_id: UUID) -> HttpResponse:
    """The import's progress (refresh, or htmx polling), then the draft course or the problems."""
    _require_author(request)
    job = bundle_jobs.get_bundle_import_for_user(authenticated_user(request), job_id)
    if request.headers.get("HX-Request") == "true":
        response = render(request, "courses/authoring/_bundle_status.html", {"job": job})
        if job.finished:
            response["HX-Refresh"] = "true"
        return response
    return render(request, "courses/authoring/bundle_import.html", {"job": job})
