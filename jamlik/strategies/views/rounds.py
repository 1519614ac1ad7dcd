"""Follow-up rounds for programme managers: create, questions, organisations, status, reminders, roll-up.

Every view goes through ``get_round_for_manager``: anyone but a programme manager gets 404.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jamlik.people.http import authenticated_user
from jamlik.strategies import reminders, rollup, rounds
from jamlik.strategies.access import get_round_for_manager, is_manager
from jamlik.strategies.forms import OrganisationsForm, QuestionForm, RoundForm, add_errors
from jamlik.strategies.models import Question, Response, ResponseStatus, Round, RoundReminder


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    if not is_manager(request.user):
        raise Http404
    rows = Round.objects.annotate(
        asked=Count("responses"), submitted=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED))
    ).order_by("-year", "-created_at")
    return render(request, "strategies/rounds.html", {"rounds": list(rows)})


@login_required
def round_new(request: HttpRequest) -> HttpResponse:
    if not is_manager(request.user):
        raise Http404
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = rounds.create_round(authenticated_user(request), **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The round was created. Add questions and pick organisations."))
            return redirect("strategies:round", round_.public_id)
    context = {
        "form": form,
        "title": _("New follow-up round"),
        "back": "strategies:rounds",
        "back_label": _("Follow-up rounds"),
        "button": _("Create the round"),
    }
    return render(request, "strategies/form.html", context, status=400 if form.errors else 200)


@login_required
def round_edit(request: HttpRequest, round_id: UUID) -> HttpResponse:
    round_ = get_round_for_manager(request.user, round_id)
    form = RoundForm(request.POST or None, instance=Round.objects.get(pk=round_.pk))
    if request.method == "POST" and form.is_valid():
        try:
            rounds.update_round(authenticated_user(request), round_, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The round was saved."))
            return redirect("strategies:round", round_.public_id)
    context = {
        "form": form,
        "title": _("Edit the round"),
        "back": "strategies:rounds",
        "back_label": _("Follow-up rounds"),
        "button": _("Save"),
    }
    return render(request, "strategies/form.html", context, status=400 if form.errors else 200)


def _manage_page(
    request: HttpRequest,
    round_: Round,
    question_form: QuestionForm | None = None,
    organisations_form: OrganisationsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    last = {
        row["organisation_id"]: row["last"]
        for row in RoundReminder.objects.filter(round=round_).values("organisation_id").annotate(last=Max("sent_at"))
    }
    responses = list(
        Response.objects.filter(round=round_)
        .select_related("organisation", "submitted_by")
        .annotate(files=Count("evidence"))
        .order_by("organisation__name")
    )
    for response in responses:
        response.last_reminder = last.get(response.organisation_id)  # type: ignore[attr-defined]
    reminded = reminders.reminded_today(round_)
    context = {
        "round": round_,
        "questions": list(round_.questions.all()),
        "responses": responses,
        "reminded_today": reminded,
        "counts": {
            "asked": len(responses),
            "submitted": sum(1 for r in responses if r.status == ResponseStatus.SUBMITTED),
            "drafts": sum(1 for r in responses if r.status == ResponseStatus.DRAFT),
        },
        "may_remind": round_.accepts_answers(),
        "question_form": question_form or QuestionForm(),
        "organisations_form": organisations_form or OrganisationsForm(),
    }
    return render(request, "strategies/round.html", context, status=status)


@login_required
def round_manage(request: HttpRequest, round_id: UUID) -> HttpResponse:
    return _manage_page(request, get_round_for_manager(request.user, round_id))


@login_required
@require_POST
def question_add(request: HttpRequest, round_id: UUID) -> HttpResponse:
    round_ = get_round_for_manager(request.user, round_id)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            rounds.add_question(authenticated_user(request), round_, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The question was added."))
            return redirect("strategies:round", round_.public_id)
    return _manage_page(request, round_, question_form=form, status=400)


@login_required
@require_POST
def question_remove(request: HttpRequest, round_id: UUID, pk: int) -> HttpResponse:
    round_ = get_round_for_manager(request.user, round_id)
    question = Question.objects.filter(round=round_, pk=pk).first()
    if question is None:
        raise Http404
    try:
        rounds.remove_question(authenticated_user(request), round_, question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The question was removed."))
    return redirect("strategies:round", round_.public_id)


@login_required
@require_POST
def organisations_add(request: HttpRequest, round_id: UUID) -> HttpResponse:
    round_ = get_round_for_manager(request.user, round_id)
    form = OrganisationsForm(request.POST)
    if form.is_valid():
        try:
            added = rounds.add_organisations(authenticated_user(request), round_, form.chosen())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)s organisation was added to the round.", "%(n)s organisations were added to the round.", added
                )
                % {"n": added},
            )
            return redirect("strategies:round", round_.public_id)
    return _manage_page(request, round_, organisations_form=form, status=400)


@login_required
@require_POST
def organisation_remove(request: HttpRequest, round_id: UUID, response_id: UUID) -> HttpResponse:
    round_ = get_round_for_manager(request.user, round_id)
    response = Response.objects.select_related("organisation").filter(round=round_, public_id=response_id).first()
    if response is None:
        raise Http404
    try:
        rounds.remove_organisation(authenticated_user(request), round_, response)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(org)s was taken off the round.") % {"org": response.organisation.name})
    return redirect("strategies:round", round_.public_id)


@login_required
@require_POST
def round_open(request: HttpRequest, round_id: UUID) -> HttpResponse:
    round_ = get_round_for_manager(request.user, round_id)
    try:
        rounds.open_round(authenticated_user(request), round_)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The round is open. The organisations' coordinators were told by email."))
    return redirect("strategies:round", round_.public_id)


@login_required
@require_POST
def round_close(request: HttpRequest, round_id: UUID) -> HttpResponse:
    round_ = get_round_for_manager(request.user, round_id)
    try:
        rounds.close_round(authenticated_user(request), round_)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The round is closed."))
    return redirect("strategies:round", round_.public_id)


@login_required
@require_POST
def remind(request: HttpRequest, round_id: UUID) -> HttpResponse:
    """Remind one organisation (``response`` = its response id) or every organisation still waiting."""
    round_ = get_round_for_manager(request.user, round_id)
    user = authenticated_user(request)
    chosen = request.POST.get("response", "")
    if chosen:
        try:
            chosen_id = UUID(chosen)
        except ValueError as error:
            raise Http404 from error
        response = (
            Response.objects.select_related("organisation", "round").filter(round=round_, public_id=chosen_id).first()
        )
        if response is None:
            raise Http404
        try:
            sent = reminders.send_reminder(user, response)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "A reminder went to %(n)s coordinator at %(org)s.",
                    "A reminder went to %(n)s coordinators at %(org)s.",
                    sent,
                )
                % {"n": sent, "org": response.organisation.name},
            )
    else:
        if not round_.accepts_answers():
            messages.error(request, _("Reminders can be sent while the round is open, until the deadline."))
        else:
            waiting = reminders.queue_remind_all(user, round_)
            messages.success(
                request,
                ngettext(
                    "A reminder is being sent to the %(n)s organisation still waiting.",
                    "Reminders are being sent to the %(n)s organisations still waiting.",
                    waiting,
                )
                % {"n": waiting},
            )
    return redirect("strategies:round", round_.public_id)


@login_required
def rollup_page(request: HttpRequest, round_id: UUID) -> HttpResponse:
    round_ = get_round_for_manager(request.user, round_id)
    return render(request, "strategies/rollup.html", rollup.rollup_context(round_))


@login_required
def rollup_xlsx(request: HttpRequest, round_id: UUID) -> HttpResponse:
    return rollup.xlsx_response(get_round_for_manager(request.user, round_id))


@login_required
def rollup_pdf(request: HttpRequest, round_id: UUID) -> HttpResponse:
    return rollup.pdf_response(get_round_for_manager(request.user, round_id))
