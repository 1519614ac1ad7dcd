"""The participant's side: open evaluations, and answering one."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jamlik.evaluations import actions
from jamlik.evaluations.access import get_course_occasion, get_session_occasion
from jamlik.evaluations.forms import AnswerForm
from jamlik.evaluations.models import Participation
from jamlik.evaluations.rounds import Occasion, closes_on, is_open, open_occasions
from jamlik.people.http import authenticated_user
from jamlik.statistics import suppression


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    occasions = open_occasions(user)
    rows = [(o, closes_on(o.period)) for o in occasions]
    return render(request, "evaluations/mine.html", {"rows": rows})


@login_required
def course(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _answer(request, get_course_occasion(authenticated_user(request), public_id))


@login_required
def session(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _answer(request, get_session_occasion(authenticated_user(request), public_id))


def _answered(occasion: Occasion) -> bool:
    if occasion.completion is not None:
        return Participation.objects.filter(completion=occasion.completion).exists()
    return Participation.objects.filter(booking=occasion.booking).exists()


def _answer(request: HttpRequest, occasion: Occasion) -> HttpResponse:
    user = authenticated_user(request)
    questionnaire = actions.current_questionnaire(course=occasion.course, programme=occasion.programme)
    questions = actions.asked_questions(questionnaire)
    asked = questionnaire.number if questionnaire else 0
    context = {
        "occasion": occasion,
        "closes_on": closes_on(occasion.period),
        "asked": asked,
        "threshold": suppression.threshold(),
    }
    if _answered(occasion):
        return render(request, "evaluations/answer.html", {**context, "state": "answered"})
    if not is_open(occasion.period):
        return render(request, "evaluations/answer.html", {**context, "state": "closed"})
    form = AnswerForm(questions, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.answer(user, occasion, form.ratings(), form.texts(), asked=int(request.POST.get("asked", -1)))
        except actions.QuestionsChanged:
            form = AnswerForm(
                actions.asked_questions(
                    actions.current_questionnaire(course=occasion.course, programme=occasion.programme)
                ),
                request.POST,
            )
            form.add_error(
                None, _("The questions changed while you answered. Please check your answers and send again.")
            )
            current = actions.current_questionnaire(course=occasion.course, programme=occasion.programme)
            context["asked"] = current.number if current else 0
        except actions.AlreadyAnswered:
            return render(request, "evaluations/answer.html", {**context, "state": "answered"})
        except actions.RoundClosed:
            return render(request, "evaluations/answer.html", {**context, "state": "closed"})
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Thank you! Your answers have been saved without your name."))
            return redirect("evaluations:mine")
    return render(request, "evaluations/answer.html", {**context, "state": "open", "form": form})
