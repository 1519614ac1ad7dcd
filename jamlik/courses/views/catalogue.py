"""The catalogue, a course's page and self-enrolment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jamlik.courses import actions
from jamlik.courses.access import (
    get_course_for_learner,
    get_enrolment,
    learner_version,
    may_enrol,
    visible_courses,
    with_catalogue_data,
)
from jamlik.courses.forms import CatalogueFilter
from jamlik.courses.models import Delivery, Enrolment, LessonProgress
from jamlik.courses.progress import locked_lesson_ids
from jamlik.people.http import authenticated_user

# Versions delivered as a content package are played by ``jamlik.packages`` (a layer above this
# app, so named by URL only): the course's page and enrolment lead there instead of to lessons.
PACKAGE_PLAYERS = {Delivery.SCORM: "packages:play"}


def package_player(slug: str, delivery: str) -> str | None:
    name = PACKAGE_PLAYERS.get(Delivery(delivery)) if delivery in Delivery.values else None
    return reverse(name, args=[slug]) if name else None


def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueFilter(request.GET or None)
    courses = with_catalogue_data(visible_courses(request.user)).order_by("published_version__title", "pk")
    if form.is_valid():
        if form.cleaned_data["language"]:
            courses = courses.filter(published_version__language=form.cleaned_data["language"])
        if form.cleaned_data["topic"]:
            courses = courses.filter(topic=form.cleaned_data["topic"])
    rows = list(courses)
    enrolled: dict[int, Enrolment] = {}
    if request.user.is_authenticated:
        enrolled = {
            e.course_id: e for e in Enrolment.objects.filter(user=request.user, course__in=[c.pk for c in rows])
        }
    items = [(course, enrolled.get(course.pk)) for course in rows]
    return render(request, "courses/catalogue.html", {"form": form, "items": items})


def course_page(request: HttpRequest, slug: str) -> HttpResponse:
    course = get_course_for_learner(request.user, slug)
    enrolment = get_enrolment(request.user, course)
    version = learner_version(course, enrolment)
    lessons = list(version.ordered_lessons().select_related("module"))
    done: set[int] = set()
    if enrolment is not None:
        done = set(LessonProgress.objects.filter(enrolment=enrolment).values_list("lesson_id", flat=True))
    locked = locked_lesson_ids(version.order_mode, lessons, done)
    outline: list[tuple[str, list[tuple[object, bool, bool]]]] = []
    for lesson in lessons:
        if not outline or outline[-1][0] != lesson.module.title:
            outline.append((lesson.module.title, []))
        outline[-1][1].append((lesson, lesson.pk in done, lesson.pk in locked))
    resume = None
    if enrolment is not None:
        resume = enrolment.last_lesson if enrolment.last_lesson_id not in locked else None
        resume = resume or next((lesson for lesson in lessons if lesson.pk not in locked), None)
    context = {
        "course": course,
        "version": version,
        "enrolment": enrolment,
        "outline": outline,
        "lesson_count": len(lessons),
        "done_count": len(done),
        "first_lesson": lessons[0] if lessons else None,
        "resume": resume,
        "can_enrol": enrolment is None and may_enrol(request.user, version),
        "newer_version": enrolment is not None and course.published_version_id not in (None, enrolment.version_id),
        "player_url": package_player(course.slug, version.delivery),
    }
    return render(request, "courses/course.html", context)


@login_required
@require_POST
def enrol(request: HttpRequest, slug: str) -> HttpResponse:
    course = get_course_for_learner(request.user, slug)
    try:
        enrolment = actions.enrol(authenticated_user(request), course)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("courses:course", slug=slug)
    player = package_player(slug, enrolment.version.delivery)
    if player is not None:
        return redirect(player)
    if enrolment.last_lesson is not None:
        return redirect(reverse("courses:lesson", args=[slug, enrolment.last_lesson.public_id]))
    return redirect("courses:course", slug=slug)
