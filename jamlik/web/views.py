from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.utils import Error as DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from jamlik.privacy import notice
from jamlik.web import actions, deliveries
from jamlik.web.models import AccessibilityStatement


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    statement = AccessibilityStatement.objects.current()
    return render(request, "web/accessibility.html", {"statement": statement})


def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice: the records of processing for the platform, or one organisation's rules."""
    choices = notice.organisations_with_rules()
    chosen = next((o for o in choices if o.slug == request.GET.get("organisation")), None)
    return render(
        request,
        "web/privacy.html",
        {"records": notice.records_of_processing(chosen), "choices": choices, "chosen": chosen},
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def failed_emails(request: HttpRequest) -> HttpResponse:
    deliveries.require_administrator(request.user)
    context = {"failed": deliveries.failed_deliveries(), "waiting": deliveries.waiting_for_retry()}
    return render(request, "web/failed_emails.html", context)


@require_POST
def retry_failed_email(request: HttpRequest, result_id: uuid.UUID) -> HttpResponse:
    result = deliveries.get_failed_delivery(request.user, result_id)
    try:
        actions.retry_email_delivery(request.user, result)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The email is queued again and will be sent in a moment."))
    return redirect("web:failed_emails")
