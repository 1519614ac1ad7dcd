"""Programme managers issue diplomas by hand or in bulk, and revoke or re-issue one found by its code."""

from __future__ import annotations

import datetime
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jamlik.credentials import actions, bulk_jobs, codes
from jamlik.credentials.access import MalformedCode, get_diploma_by_code
from jamlik.credentials.forms import IssueForm, ReissueForm, RevokeForm
from jamlik.lib.forms import add_action_errors
from jamlik.people.http import authenticated_user
from jamlik.people.models import User


def _manager(request: HttpRequest) -> User:
    user = authenticated_user(request)
    if not user.is_programme_manager:
        raise Http404  # as for a page that does not exist, the project's rule for forbidden pages
    return user


@login_required
def issue(request: HttpRequest) -> HttpResponse:
    manager = _manager(request)
    form = IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        course, email = form.cleaned_data["course"], form.cleaned_data["email"]
        try:
            if email:
                person = User.objects.filter(email=email.lower()).first()
                if person is None:
                    raise ValidationError({"email": _("Nobody with this email address has an account.")})
                diploma = actions.issue_for_course(manager, person, course)
                messages.success(request, _("The diploma is issued: %(code)s.") % {"code": diploma.display_code})
            else:
                job = bulk_jobs.start_bulk_issue(manager, course, language=translation.get_language() or "sv")
                return redirect("credentials:issue_job", job_id=job.public_id)
            return redirect("credentials:issue")
        except ValidationError as error:
            add_action_errors(form, error)
    return render(request, "credentials/manage/issue.html", {"form": form})


@login_required
def issue_job(request: HttpRequest, job_id: UUID) -> HttpResponse:
    """Progress while the bulk issue runs (refresh, or htmx polling of the status part), then the outcome."""
    job = bulk_jobs.get_bulk_issue_for_user(_manager(request), job_id)
    lines = list(job.lines.select_related("recipient", "diploma")[:LINES_SHOWN]) if job.finished else []
    context = {"job": job, "lines": lines, "more_lines": max(0, job.total - len(lines)) if job.finished else 0}
    if request.headers.get("HX-Request") == "true":
        response = render(request, "credentials/manage/_issue_job_status.html", context)
        if job.finished:
            response["HX-Refresh"] = "true"  # the outcome (a table of people) is read as a whole page
        return response
    return render(request, "credentials/manage/issue_job.html", context)


LINES_SHOWN = 1000


@login_required
def manage(request: HttpRequest, code: str) -> HttpResponse:
    manager = _manager(request)
    try:
        diploma = get_diploma_by_code(code)
    except MalformedCode as exc:
        raise Http404 from exc
    revoke_form = RevokeForm(request.POST if "revoke" in request.POST else None)
    reissue_form = ReissueForm(
        request.POST if "reissue" in request.POST else None, initial={"recipient_name": diploma.recipient_name}
    )
    if request.method == "POST":
        try:
            if "revoke" in request.POST and revoke_form.is_valid():
                actions.revoke_diploma(manager, diploma, revoke_form.cleaned_data["reason"])
                messages.success(request, _("The diploma is revoked."))
                return redirect("credentials:manage", code=diploma.display_code)
            if "reissue" in request.POST and reissue_form.is_valid():
                day = reissue_form.cleaned_data["expires_on"]
                expires = (
                    timezone.make_aware(datetime.datetime.combine(day, datetime.time.max)) if day is not None else None
                )
                new = actions.reissue_diploma(
                    manager, diploma, recipient_name=reissue_form.cleaned_data["recipient_name"], expires_at=expires
                )
                messages.success(request, _("A new diploma replaces this one: %(code)s.") % {"code": new.display_code})
                return redirect("credentials:manage", code=new.display_code)
        except ValidationError as error:
            add_action_errors(revoke_form if "revoke" in request.POST else reissue_form, error)
    return render(
        request,
        "credentials/manage/diploma.html",
        {"diploma": diploma, "status": diploma.status(), "revoke_form": revoke_form, "reissue_form": reissue_form},
    )


@login_required
def find(request: HttpRequest) -> HttpResponse:
    _manager(request)
    code = codes.normalise(request.GET.get("kod", ""))
    if code is None:
        messages.error(request, _("This is not a verification code: it should have 16 letters and digits."))
        return redirect("credentials:issue")
    return redirect("credentials:manage", code=codes.display(code))
