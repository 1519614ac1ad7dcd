"""The person's own data: everything held (Art. 15), and the download of it (Art. 20)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.lib.storage import private_download
from jamlik.people.http import authenticated_user
from jamlik.privacy import actions
from jamlik.privacy.access import get_own_export
from jamlik.privacy.grouping import arrange
from jamlik.privacy.inventory import collect
from jamlik.privacy.models import KEPT_DAYS, DataExport, ExportState

# Rows of one table the page shows; the download has them all.
PAGE_LIMIT = 100


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    person = authenticated_user(request)
    inventory = collect(person, limit=PAGE_LIMIT)
    exports = list(DataExport.objects.filter(person=person)[:5])
    return render(
        request,
        "privacy/my_data.html",
        {
            "person": person,
            "arranged": arrange(inventory),
            "exports": exports,
            "unfinished": any(e.state in (ExportState.QUEUED, ExportState.RUNNING) for e in exports),
            "kept_days": KEPT_DAYS,
            "limit": PAGE_LIMIT,
        },
    )


@login_required
@require_POST
def request_download(request: HttpRequest) -> HttpResponse:
    person = authenticated_user(request)
    try:
        actions.request_export(person, person, language=translation.get_language() or "sv")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your download is being made. Reload this page in a minute to fetch it."))
    return redirect("privacy:my_data")


@login_required
def download(request: HttpRequest, public_id: UUID) -> HttpResponseBase:
    person = authenticated_user(request)
    made = get_own_export(person, public_id)
    if made.is_expired():
        return render(request, "privacy/export_gone.html", {"export": made, "kept_days": KEPT_DAYS}, status=410)
    if made.state != ExportState.READY:
        return render(request, "privacy/export_gone.html", {"export": made, "kept_days": KEPT_DAYS}, status=409)
    actions.record_download(person, made)
    stamp = made.finished_at.strftime("%Y-%m-%d") if made.finished_at else "export"
    return private_download(made.file, f"jamlik-{stamp}.zip", "application/zip")
