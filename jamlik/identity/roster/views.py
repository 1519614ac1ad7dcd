"""The staff list pages: upload, the preview to confirm, progress, the outcome and the headcount offer.

The organisation is reached through ``get_organisation_for_coordinator`` and the job through
``get_roster_import_for_user`` (the person's own, for that organisation): 404 for anyone else.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jamlik.identity.models import RosterImport, RosterLineKind, RosterState
from jamlik.identity.roster import actions
from jamlik.identity.roster.reading import MAX_BYTES, RosterRejected, RowError
from jamlik.people.access import get_organisation_for_coordinator
from jamlik.people.http import authenticated_user

SECTION = "roster"


class RosterForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Staff list (.csv or .xlsx)"),
        help_text=gettext_lazy(
            "The first row names the columns: E-postadress (or email), and if you like Förnamn and "
            "Efternamn or Namn, and Enhet (first name, last name, name, unit)."
        ),
    )


class HeadcountOfferForm(forms.Form):
    as_of = forms.DateField(
        label=gettext_lazy("As of"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )


@login_required
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    user = authenticated_user(request)
    form = RosterForm(request.POST or None, request.FILES or None)
    errors: list[RowError] = []
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            if file.size > MAX_BYTES:
                raise RosterRejected([RowError(0, "", _("The file is larger than 5 MB. Split it into smaller files."))])
            job = actions.start_roster_import(
                user,
                organisation,
                filename=file.name or "",
                content=file.read(),
                language=translation.get_language() or "sv",
            )
        except RosterRejected as exc:
            errors = exc.errors
            form.add_error("file", _("Nothing was changed: correct the rows listed below and upload the file again."))
        else:
            return redirect("identity:roster_job", slug=organisation.slug, job_id=job.public_id)
    recent = (
        RosterImport.objects.filter(organisation=organisation, created_by=user)
        .defer("content")
        .order_by("-created_at")[:10]
    )
    context = {"organisation": organisation, "section": SECTION, "form": form, "errors": errors, "recent": recent}
    return render(request, "identity/roster/upload.html", context)


@login_required
def job(request: HttpRequest, slug: str, job_id: UUID) -> HttpResponse:
    """Progress while the worker checks or applies (refresh, or htmx polling), then the preview or the outcome."""
    organisation = get_organisation_for_coordinator(request.user, slug)
    found = actions.get_roster_import_for_user(authenticated_user(request), job_id, organisation)
    context = _job_context(found)
    context["organisation"] = organisation
    if request.headers.get("HX-Request") == "true":
        response = render(request, "identity/roster/_status.html", context)
        if not found.running:
            response["HX-Refresh"] = "true"  # the preview or the outcome is read as a whole page
        return response
    return render(request, "identity/roster/job.html", context)


def _job_context(found: RosterImport) -> dict[str, Any]:
    groups: dict[str, list[Any]] = {kind: [] for kind in RosterLineKind.values}
    if not found.running:
        for line in found.lines.all():
            groups[line.kind].append(line)
    return {
        "section": SECTION,
        "job": found,
        "groups": groups,
        "headcount_form": HeadcountOfferForm() if found.state == RosterState.DONE and not found.headcount_id else None,
    }


@login_required
@require_POST
def confirm(request: HttpRequest, slug: str, job_id: UUID) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    user = authenticated_user(request)
    found = actions.get_roster_import_for_user(user, job_id, organisation)
    try:
        actions.confirm_roster_import(user, found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("identity:roster_job", slug=organisation.slug, job_id=found.public_id)


@login_required
@require_POST
def discard(request: HttpRequest, slug: str, job_id: UUID) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    user = authenticated_user(request)
    found = actions.get_roster_import_for_user(user, job_id, organisation)
    try:
        actions.discard_roster_import(user, found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The staff list was discarded; nothing was changed."))
    return redirect("identity:roster", slug=organisation.slug)


@login_required
@require_POST
def headcount(request: HttpRequest, slug: str, job_id: UUID) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    user = authenticated_user(request)
    found = actions.get_roster_import_for_user(user, job_id, organisation)
    form = HeadcountOfferForm(request.POST)
    if form.is_valid():
        try:
            actions.declare_roster_headcount(user, found, as_of=form.cleaned_data["as_of"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The headcount was declared."))
            return redirect("people:org_headcount", slug=organisation.slug)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("identity:roster_job", slug=organisation.slug, job_id=found.public_id)
