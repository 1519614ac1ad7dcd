"""A lesson: its blocks, the learner's answers, marking it done, and the completion page.

Every form works as a plain POST that redirects back; with htmx, a knowledge check's answer
returns only the feedback, swapped into the block's live region.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.courses import actions
from jamlik.courses.access import (
    get_block_in,
    get_course_for_learner,
    get_enrolled_course,
    get_enrolment,
    learner_version,
)
from jamlik.courses.blocks import BlockKind, KnowledgeCheckData
from jamlik.courses.forms import ReflectionForm
from jamlik.courses.models import Audience, CheckAnswer, Course, Enrolment, Lesson, LessonProgress, ReflectionAnswer
from jamlik.courses.progress import locked_lesson_ids, standing
from jamlik.courses.published import find_lesson, lesson_content, version_lessons
from jamlik.courses.rendering import check_feedback, render_blocks
from jamlik.people.http import authenticated_user


def _lesson_url(course: Course, lesson: Lesson, anchor: str = "") -> str:
    url = reverse("courses:lesson", args=[course.slug, lesson.public_id])
    return f"{url}#{anchor}" if anchor else url


def lesson_page(request: HttpRequest, slug: str, lesson_id: str) -> HttpResponse:
    enrolled = get_enrolled_course(request.user, slug)
    course, enrolment = enrolled if enrolled is not None else (get_course_for_learner(request.user, slug), None)
    version = learner_version(course, enrolment)
    if enrolment is None and version.audience != Audience.PUBLIC:
        messages.info(request, _("Start the course to open its lessons."))
        return redirect("courses:course", slug=slug)
    lessons = version_lessons(version)
    lesson = next((item for item in lessons if str(item.public_id) == str(lesson_id)), None)
    if lesson is None:
        raise Http404
    done: set[int] = set()
    if enrolment is not None:
        done = set(LessonProgress.objects.filter(enrolment=enrolment).values_list("lesson_id", flat=True))
    locked = locked_lesson_ids(version.order_mode, lessons, done)
    index = next(i for i, item in enumerate(lessons) if item.pk == lesson.pk)
    context: dict[str, Any] = {
        "course": course,
        "version": version,
        "enrolment": enrolment,
        "lesson": lesson,
        "lessons": [(item, item.pk in done, item.pk in locked) for item in lessons],
        "position": index + 1,
        "lesson_count": len(lessons),
        "done_count": len(done),
        "is_done": lesson.pk in done,
        "previous": lessons[index - 1] if index > 0 else None,
        "next": lessons[index + 1] if index + 1 < len(lessons) else None,
    }
    if lesson.pk in locked:
        context["open_lesson"] = next((item for item in lessons if item.pk not in locked and item.pk not in done), None)
        return render(request, "courses/lesson_locked.html", context)

    content = lesson_content(version, lesson)
    blocks = list(content.blocks)
    answers: dict[int, CheckAnswer] = {}
    reflections: dict[int, str] = {}
    if enrolment is not None:
        # Only the kinds of answer the lesson can hold are read (most lessons have no check).
        checks = [b.pk for b in blocks if b.kind == BlockKind.KNOWLEDGE_CHECK]
        questions = [b.pk for b in blocks if b.kind == BlockKind.REFLECTION]
        if checks:
            answers = {a.block_id: a for a in CheckAnswer.objects.filter(enrolment=enrolment, block_id__in=checks)}
        if questions:
            reflections = dict(
                ReflectionAnswer.objects.filter(enrolment=enrolment, block_id__in=questions).values_list(
                    "block_id", "text"
                )
            )
        actions.note_position(enrolment, lesson)
    scenario_choices = {key[2:]: request.GET.get(key, "") for key in request.GET if key.startswith("s-")}
    context["blocks"] = render_blocks(blocks, answers, reflections, scenario_choices, content.html)
    return render(request, "courses/lesson.html", context)


def _enrolled(request: HttpRequest, slug: str, lesson_id: str) -> tuple[Course, Enrolment, Lesson]:
    enrolled = get_enrolled_course(request.user, slug)
    if enrolled is None:
        raise Http404
    course, enrolment = enrolled
    lesson = find_lesson(enrolment.version, lesson_id)
    if lesson is None:
        raise Http404
    return course, enrolment, lesson


@login_required
@require_POST
def lesson_done(request: HttpRequest, slug: str, lesson_id: str) -> HttpResponse:
    course, enrolment, lesson = _enrolled(request, slug, lesson_id)
    try:
        result = actions.record_progress(authenticated_user(request), lesson)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_lesson_url(course, lesson))
    if result.completion is not None or enrolment.completed_at is not None:
        return redirect("courses:finish", slug=slug)
    if result.created:
        all_done, next_lesson = result.all_lessons_done, result.next_lesson
    else:  # done before (a double click, another tab): read where the learner stands
        enrolment.refresh_from_db(fields=["last_lesson"])
        all_done, next_lesson = standing(enrolment).all_lessons_done, enrolment.last_lesson
    if all_done:
        return redirect("courses:finish", slug=slug)
    if next_lesson is not None and next_lesson.pk != lesson.pk:
        return redirect(_lesson_url(course, next_lesson))
    return redirect("courses:course", slug=slug)


@login_required
@require_POST
def answer(request: HttpRequest, slug: str, lesson_id: str, block_id: str) -> HttpResponse:
    course, enrolment, lesson = _enrolled(request, slug, lesson_id)
    block = get_block_in(lesson, block_id, BlockKind.KNOWLEDGE_CHECK)
    error = ""
    completed = False
    try:
        result = actions.answer_check(authenticated_user(request), block, request.POST.getlist("option"))
        completed = result.completion is not None
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:  # type: ignore[attr-defined]
        content = block.content
        assert isinstance(content, KnowledgeCheckData)  # noqa: S101 (fetched by kind)
        saved = CheckAnswer.objects.filter(enrolment=enrolment, block=block).first()
        feedback = check_feedback(content, saved) if saved is not None and not error else None
        return render(
            request,
            "courses/blocks/_check_feedback.html",
            {"feedback": feedback, "error": error, "completed": completed, "course": course},
        )
    if error:
        messages.error(request, error)
        # ?fel= marks the question unanswered on the page (aria-invalid, the error beside it).
        url = reverse("courses:lesson", args=[course.slug, lesson.public_id])
        return redirect(f"{url}?fel={block.public_id}#b-{block.public_id}")
    if completed:
        return redirect("courses:finish", slug=slug)
    return redirect(_lesson_url(course, lesson, f"b-{block.public_id}"))


@login_required
@require_POST
def reflect(request: HttpRequest, slug: str, lesson_id: str, block_id: str) -> HttpResponse:
    course, _enrolment, lesson = _enrolled(request, slug, lesson_id)
    block = get_block_in(lesson, block_id, BlockKind.REFLECTION)
    form = ReflectionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Keep the reflection under 10,000 characters."))
        actions.save_reflection(authenticated_user(request), block, form.cleaned_data["text"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your reflection was saved. Only you can see it."))
    return redirect(_lesson_url(course, lesson, f"b-{block.public_id}"))


@login_required
def finish(request: HttpRequest, slug: str) -> HttpResponse:
    course = get_course_for_learner(request.user, slug)
    enrolment = get_enrolment(request.user, course)
    if enrolment is None:
        return redirect("courses:course", slug=slug)
    version = enrolment.version
    state = standing(enrolment)
    lessons = list(version.ordered_lessons())
    done = set(LessonProgress.objects.filter(enrolment=enrolment).values_list("lesson_id", flat=True))
    wrong = (
        CheckAnswer.objects.filter(enrolment=enrolment, correct=False).select_related("block__lesson")
        if not state.passed_checks
        else CheckAnswer.objects.none()
    )
    unanswered_lessons = (
        Lesson.objects.filter(version=version, blocks__kind=BlockKind.KNOWLEDGE_CHECK)
        .exclude(blocks__pk__in=CheckAnswer.objects.filter(enrolment=enrolment).values("block_id"))
        .distinct()
        if not state.passed_checks
        else Lesson.objects.none()
    )
    revisit = {a.block.lesson for a in wrong} | set(unanswered_lessons)
    order = {item.pk: i for i, item in enumerate(lessons)}
    context = {
        "course": course,
        "version": version,
        "enrolment": enrolment,
        "completion": getattr(enrolment, "completion", None) if enrolment.completed_at else None,
        "state": state,
        "remaining": [lesson for lesson in lessons if lesson.pk not in done],
        "revisit": sorted(revisit, key=lambda item: order.get(item.pk, 0)),
    }
    return render(request, "courses/finish.html", context)
