"""Pages: the person's erasure page, coordinators' decisions, administrators' rules and log,
and the organisation's archive export."""

from __future__ import annotations

import csv
import uuid

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.lib.forms import add_action_errors
from jamlik.people.access import coordinated_organisations, get_organisation_for_coordinator
from jamlik.people.http import authenticated_user
from jamlik.people.models import Membership, User
from jamlik.retention import archive
from jamlik.retention.actions import set_rule
from jamlik.retention.catalogue import KINDS, OnErasure, periods_for
from jamlik.retention.erasure import Erased, decide_erasure, reasons_for_decision, request_erasure
from jamlik.retention.forms import ArchiveForm, ConfirmErasureForm, RefuseForm, RuleForm
from jamlik.retention.models import DeletionLogEntry, ErasureRequest, ErasureState, RetentionRule, RetentionRun


@login_required
def erase_account(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    form = ConfirmErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = request_erasure(user, user)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            if isinstance(outcome, Erased):
                logout(request)
                messages.success(request, _("Your account has been erased."))
                return redirect("/")
            messages.success(
                request,
                _("Your request was sent. It will be decided by %(date)s at the latest.")
                % {"date": outcome.due_at.strftime("%Y-%m-%d")},
            )
            return redirect("retention:erase_account")
    pending = ErasureRequest.objects.filter(person=user, state=ErasureState.AWAITING_DECISION).first()
    refused = ErasureRequest.objects.filter(person=user, state=ErasureState.REFUSED).order_by("-decided_at").first()
    return render(
        request,
        "retention/erase_account.html",
        {
            "form": form,
            "deleted": [k for k in KINDS if k.on_erasure == OnErasure.DELETED],
            "stays": [k for k in KINDS if k.on_erasure != OnErasure.DELETED],
            "reasons": reasons_for_decision(user),
            "pending": pending,
            "refused": refused,
        },
    )


def _requests_for(user: User) -> list[ErasureRequest]:
    """Waiting requests of people who are current members of an organisation ``user`` coordinates."""
    waiting = ErasureRequest.objects.filter(state=ErasureState.AWAITING_DECISION).select_related("person")
    if not user.is_administrator:
        people = Membership.objects.current().filter(organisation__in=coordinated_organisations(user)).values("user")
        waiting = waiting.filter(person__in=people)
    return list(waiting.order_by("due_at", "pk"))


@login_required
def erasure_requests(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    if not user.is_administrator and not coordinated_organisations(user).exists():
        raise Http404
    return render(
        request,
        "retention/erasure_requests.html",
        {"requests": _requests_for(user), "now": timezone.now(), "refuse_form": RefuseForm()},
    )


@require_POST
@login_required
def decide(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = authenticated_user(request)
    found = [r for r in _requests_for(user) if r.public_id == public_id]
    if not found:
        raise Http404
    approve = request.POST.get("decision") == "approve"
    try:
        decide_erasure(user, found[0], approve=approve, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The account was erased.") if approve else _("The request was refused."))
    return redirect("retention:erasure_requests")


def _require_administrator(user: User) -> None:
    if not user.is_administrator:
        raise Http404


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    _require_administrator(user)
    form = RuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            set_rule(user, form.cleaned_data["organisation"], form.cleaned_data["key"], form.cleaned_data["amount"])
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The retention rule was saved."))
            return redirect("retention:rules")
    runs = list(RetentionRun.objects.all()[:10])
    entries = DeletionLogEntry.objects.filter(run__in=runs).select_related("organisation", "run")
    overrides = RetentionRule.objects.filter(Q(organisation__isnull=False)).select_related("organisation")
    return render(
        request,
        "retention/rules.html",
        {"form": form, "periods": periods_for(), "overrides": overrides, "runs": runs, "entries": entries},
    )


@login_required
def deletion_log_csv(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    _require_administrator(user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="deletion-log.csv"'
    writer = csv.writer(response)
    writer.writerow(["run", "as_of", "run_state", "kind", "table", "rule", "period", "organisation", "action", "count"])
    rows = DeletionLogEntry.objects.select_related("run", "organisation").order_by("run_id", "kind", "model", "pk")
    for e in rows:
        writer.writerow(
            [
                e.run_id,
                e.run.as_of.isoformat(),
                e.run.state,
                e.kind,
                e.model,
                e.rule,
                e.period,
                e.organisation.name if e.organisation else "",
                e.action,
                e.count,
            ]
        )
    return response


@login_required
def archive_export(request: HttpRequest, slug: str) -> HttpResponse:
    user = authenticated_user(request)
    organisation = get_organisation_for_coordinator(user, slug)
    form = ArchiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        content = archive.export(user, organisation, start, end)
        response = HttpResponse(content, content_type="application/zip")
        name = f"jamlik-archive-{organisation.slug}-{start.isoformat()}-{end.isoformat()}.zip"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(request, "retention/archive.html", {"organisation": organisation, "form": form})
