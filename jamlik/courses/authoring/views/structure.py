"""Authoring pages for a draft's modules, lessons and blocks, and the learner-eyed preview.

Every change is a plain form post that redirects back to the item it changed (by anchor), so
the pages work without JavaScript. Reordering is by "up"/"down" buttons, never by dragging.
"""

from __future__ import annotations

from typing import Literal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.courses.authoring import content
from jamlik.courses.authoring.access import (
    get_block_in,
    get_course_for_author,
    get_draft_for_author,
    get_lesson_in,
    get_module_in,
)
from jamlik.courses.authoring.block_forms import FORMS
from jamlik.courses.authoring.forms import LessonForm, ModuleForm, NewLessonForm
from jamlik.courses.blocks import BlockKind
from jamlik.courses.models import Block, Lesson
from jamlik.courses.rendering import render_blocks
from jamlik.lib.forms import add_action_errors
from jamlik.people.http import authenticated_user


def _course_url(course_id: str, anchor: str = "") -> str:
    url = reverse("courses:authoring:course", kwargs={"course_id": course_id})
    return f"{url}#{anchor}" if anchor else url


def _lesson_url(course_id: str, lesson: Lesson, anchor: str = "") -> str:
    url = reverse("courses:authoring:lesson", kwargs={"course_id": course_id, "lesson_id": lesson.public_id})
    return f"{url}#{anchor}" if anchor else url


def _direction(request: HttpRequest) -> Literal["up", "down"]:
    value = request.POST.get("direction")
    if value == "up":
        return "up"
    if value == "down":
        return "down"
    raise Http404


SUMMARY_FIELDS = ("markdown", "alt", "description", "transcript", "prompt", "question", "situation")


def _summary(block: Block) -> str:
    """A line that tells the author which block this is."""
    text = next((str(block.data[key]) for key in SUMMARY_FIELDS if block.data.get(key)), "")
    text = " ".join(text.split())
    return text if len(text) <= 140 else text[:139] + "…"


def _report(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


# --- Modules ------------------------------------------------------------------------------


@login_required
@require_POST
def add_module(request: HttpRequest, course_id: str) -> HttpResponse:
    version = get_draft_for_author(request.user, course_id)
    form = ModuleForm(request.POST, prefix="module")
    if not form.is_valid():
        messages.error(request, _("Give the new module a title."))
        return redirect(_course_url(course_id, "add-module"))
    try:
        module = content.add_module(authenticated_user(request), version, title=form.cleaned_data["title"])
    except ValidationError as exc:
        _report(request, exc)
        return redirect(_course_url(course_id, "add-module"))
    messages.success(request, _("The module “%(title)s” was added.") % {"title": module.title})
    return redirect(_course_url(course_id, f"module-{module.pk}"))


@login_required
def module(request: HttpRequest, course_id: str, module_id: int) -> HttpResponse:
    version = get_draft_for_author(request.user, course_id)
    item = get_module_in(version, module_id)
    form = ModuleForm(request.POST or None, initial={"title": item.title})
    if request.method == "POST" and form.is_valid():
        try:
            content.rename_module(authenticated_user(request), item, title=form.cleaned_data["title"])
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The module was renamed."))
            return redirect(_course_url(course_id, f"module-{item.pk}"))
    context = {"course": version.course, "version": version, "module": item, "form": form}
    return render(request, "courses/authoring/module.html", context)


@login_required
@require_POST
def move_module(request: HttpRequest, course_id: str, module_id: int) -> HttpResponse:
    version = get_draft_for_author(request.user, course_id)
    item = get_module_in(version, module_id)
    try:
        content.move_module(authenticated_user(request), item, _direction(request))
    except ValidationError as exc:
        _report(request, exc)
    return redirect(_course_url(course_id, f"module-{item.pk}"))


@login_required
@require_POST
def remove_module(request: HttpRequest, course_id: str, module_id: int) -> HttpResponse:
    version = get_draft_for_author(request.user, course_id)
    item = get_module_in(version, module_id)
    try:
        content.remove_module(authenticated_user(request), item)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("The module “%(title)s” and its lessons were removed.") % {"title": item.title})
    return redirect(_course_url(course_id))


# --- Lessons ------------------------------------------------------------------------------


@login_required
@require_POST
def add_lesson(request: HttpRequest, course_id: str, module_id: int) -> HttpResponse:
    version = get_draft_for_author(request.user, course_id)
    item = get_module_in(version, module_id)
    form = NewLessonForm(request.POST, prefix=f"m{item.pk}")
    if not form.is_valid():
        messages.error(request, _("Give the new lesson a title."))
        return redirect(_course_url(course_id, f"module-{item.pk}"))
    try:
        lesson = content.add_lesson(authenticated_user(request), item, title=form.cleaned_data["title"])
    except ValidationError as exc:
        _report(request, exc)
        return redirect(_course_url(course_id, f"module-{item.pk}"))
    messages.success(request, _("The lesson was added. Now add its content."))
    return redirect(_lesson_url(course_id, lesson))


@login_required
def lesson(request: HttpRequest, course_id: str, lesson_id: str) -> HttpResponse:
    version = get_draft_for_author(request.user, course_id)
    item = get_lesson_in(version, lesson_id)
    form = LessonForm(request.POST or None, version=version, initial={"title": item.title, "module": item.module})
    if request.method == "POST" and form.is_valid():
        try:
            content.update_lesson(
                authenticated_user(request), item, title=form.cleaned_data["title"], module=form.cleaned_data["module"]
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The lesson was saved."))
            return redirect(_lesson_url(course_id, item))
    context = {
        "course": version.course,
        "version": version,
        "lesson": item,
        "form": form,
        "blocks": [(b, _summary(b), b.publishing_problems()) for b in item.blocks.order_by("position", "id")],
        "kinds": BlockKind.choices,
    }
    return render(request, "courses/authoring/lesson.html", context)


@login_required
@require_POST
def move_lesson(request: HttpRequest, course_id: str, lesson_id: str) -> HttpResponse:
    version = get_draft_for_author(request.user, course_id)
    item = get_lesson_in(version, lesson_id)
    try:
        content.move_lesson(authenticated_user(request), item, _direction(request))
    except ValidationError as exc:
        _report(request, exc)
    return redirect(_course_url(course_id, f"lesson-{item.public_id}"))


@login_required
@require_POST
def remove_lesson(request: HttpRequest, course_id: str, lesson_id: str) -> HttpResponse:
    version = get_draft_for_author(request.user, course_id)
    item = get_lesson_in(version, lesson_id)
    try:
        content.remove_lesson(authenticated_user(request), item)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("The lesson “%(title)s” was removed.") % {"title": item.title})
    return redirect(_course_url(course_id, f"module-{item.module_id}"))


@login_required
def preview(request: HttpRequest, course_id: str, lesson_id: str) -> HttpResponse:
    """The lesson as a learner sees it, in any version of the course. Nothing is recorded."""
    course = get_course_for_author(request.user, course_id)
    item = (
        Lesson.objects.select_related("module", "version").filter(version__course=course, public_id=lesson_id).first()
    )
    if item is None:
        raise Http404
    version = item.version
    lessons = list(version.ordered_lessons().select_related("module"))
    index = next(i for i, other in enumerate(lessons) if other.pk == item.pk)
    scenario_choices = {key[2:]: request.GET.get(key, "") for key in request.GET if key.startswith("s-")}
    context = {
        "course": course,
        "version": version,
        "lesson": item,
        "preview": True,
        "blocks": render_blocks(list(item.blocks.order_by("position", "id")), {}, {}, scenario_choices),
        "lessons": [(other, False, False) for other in lessons],
        "position": index + 1,
        "lesson_count": len(lessons),
        "done_count": 0,
        "previous": lessons[index - 1] if index > 0 else None,
        "next": lessons[index + 1] if index + 1 < len(lessons) else None,
    }
    return render(request, "courses/authoring/preview.html", context)


# --- Blocks -------------------------------------------------------------------------------


@login_required
def new_block(request: HttpRequest, course_id: str, lesson_id: str, kind: str) -> HttpResponse:
    version = get_draft_for_author(request.user, course_id)
    item = get_lesson_in(version, lesson_id)
    form_class = FORMS.get(kind)
    if form_class is None:
        raise Http404
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            block = content.add_block(
                authenticated_user(request), item, kind=kind, data=form.block_data, **form.uploads()
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The block was added."))
            return redirect(_lesson_url(course_id, item, f"block-{block.public_id}"))
    context = {
        "course": version.course,
        "version": version,
        "lesson": item,
        "form": form,
        "kind_label": BlockKind(kind).label,
        "current_block": None,
    }
    return render(request, "courses/authoring/block.html", context)


@login_required
def block(request: HttpRequest, course_id: str, block_id: str) -> HttpResponse:
    version = get_draft_for_author(request.user, course_id)
    item = get_block_in(version, block_id)
    form = FORMS[item.kind](request.POST or None, request.FILES or None, block=item)
    if request.method == "POST" and form.is_valid():
        try:
            content.update_block(authenticated_user(request), item, data=form.block_data, **form.uploads())
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The block was saved."))
            return redirect(_lesson_url(course_id, item.lesson, f"block-{item.public_id}"))
    context = {
        "course": version.course,
        "version": version,
        "lesson": item.lesson,
        "form": form,
        "kind_label": item.get_kind_display(),
        "current_block": item,
    }
    return render(request, "courses/authoring/block.html", context)


@login_required
@require_POST
def move_block(request: HttpRequest, course_id: str, block_id: str) -> HttpResponse:
    version = get_draft_for_author(request.user, course_id)
    item = get_block_in(version, block_id)
    try:
        content.move_block(authenticated_user(request), item, _direction(request))
    except ValidationError as exc:
        _report(request, exc)
    return redirect(_lesson_url(course_id, item.lesson, f"block-{item.public_id}"))


@login_required
@require_POST
def remove_block(request: HttpRequest, course_id: str, block_id: str) -> HttpResponse:
    version = get_draft_for_author(request.user, course_id)
    item = get_block_in(version, block_id)
    try:
        content.remove_block(authenticated_user(request), item)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("The block was removed."))
    return redirect(_lesson_url(course_id, item.lesson))
