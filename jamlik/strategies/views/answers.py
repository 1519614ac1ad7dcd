"""A coordinator's answer to a round: questions, the linked strategy, evidence files; submit and reopen.

Coordinators reach their own organisation's answers (``get_response_for_coordinator``);
programme managers read any answer (``get_response_for_reader``) but do not change it.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.people.access import coordinated_organisations
from jamlik.people.http import authenticated_user
from jamlik.strategies import evidence as files
from jamlik.strategies import rounds
from jamlik.strategies.access import get_response_for_coordinator, get_response_for_reader
from jamlik.strategies.forms import AnswerForm, EvidenceForm, add_errors, answer_initial
from jamlik.strategies.models import Evidence, Response, ResponseStatus, Strategy


def _page(
    request: HttpRequest,
    response: Response,
    form: AnswerForm | None = None,
    evidence_form: EvidenceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    questions = list(response.round.questions.all())
    answers = {a.question_id: a for a in response.answers.all()}
    may_edit = coordinated_organisations(request.user).filter(pk=response.organisation_id).exists()
    strategies = Strategy.objects.filter(organisation=response.organisation_id).order_by("-period_to", "title")
    if form is None:
        form = AnswerForm(response, questions, strategies, initial=answer_initial(response))
    open_for_changes = may_edit and response.round.accepts_answers() and response.status != ResponseStatus.SUBMITTED
    context = {
        "response": response,
        "round": response.round,
        "form": form,
        "evidence": list(response.evidence.all()),
        "evidence_form": evidence_form or EvidenceForm(),
        "may_edit": may_edit,
        "open_for_changes": open_for_changes,
        "may_reopen": may_edit and response.round.accepts_answers() and response.status == ResponseStatus.SUBMITTED,
        "answered": [(q, answers.get(q.pk)) for q in questions],
        "work": list(response.work_snapshots.all()),
        "indicators": list(response.indicator_snapshots.all()),
    }
    return render(request, "strategies/answer.html", context, status=status)


@login_required
def answer(request: HttpRequest, response_id: UUID) -> HttpResponse:
    if request.method != "POST":
        return _page(request, get_response_for_reader(request.user, response_id))
    response = get_response_for_coordinator(request.user, response_id)
    user = authenticated_user(request)
    questions = list(response.round.questions.all())
    strategies = Strategy.objects.filter(organisation=response.organisation_id)
    form = AnswerForm(response, questions, strategies, request.POST)
    if not form.is_valid():
        return _page(request, response, form=form, status=400)
    try:
        rounds.save_answers(user, response, form.values(), form.cleaned_data.get("strategy"))
        if "submit" in request.POST:
            rounds.submit_response(user, response)
    except ValidationError as error:
        add_errors(form, error)
        return _page(request, response, form=form, status=400)
    if "submit" in request.POST:
        messages.success(request, _("Thank you. Your answer was submitted."))
    else:
        messages.success(request, _("Your answer was saved as a draft."))
    return redirect("strategies:answer", response.public_id)


@login_required
@require_POST
def reopen(request: HttpRequest, response_id: UUID) -> HttpResponse:
    response = get_response_for_coordinator(request.user, response_id)
    try:
        rounds.reopen_response(authenticated_user(request), response)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The answer is open for changes again. Submit it again before the deadline."))
    return redirect("strategies:answer", response.public_id)


@login_required
@require_POST
def evidence_upload(request: HttpRequest, response_id: UUID) -> HttpResponse:
    response = get_response_for_coordinator(request.user, response_id)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            files.add_evidence(authenticated_user(request), response, form.cleaned_data["file"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The file was attached."))
            return redirect("strategies:answer", response.public_id)
    return _page(request, response, evidence_form=form, status=400)


def _evidence_in(response: Response, evidence_id: UUID) -> Evidence:
    found = Evidence.objects.filter(response=response, public_id=evidence_id).first()
    if found is None:
        raise Http404
    return found


@login_required
def evidence_download(request: HttpRequest, response_id: UUID, evidence_id: UUID) -> FileResponse:
    response = get_response_for_reader(request.user, response_id)
    return files.download(_evidence_in(response, evidence_id))


@login_required
@require_POST
def evidence_remove(request: HttpRequest, response_id: UUID, evidence_id: UUID) -> HttpResponse:
    response = get_response_for_coordinator(request.user, response_id)
    item = _evidence_in(response, evidence_id)
    try:
        files.remove_evidence(authenticated_user(request), item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The file was removed."))
    return redirect("strategies:answer", response.public_id)
