from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.utils import Error as DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from jamlik.knowledge.search import clean_query
from jamlik.people.http import authenticated_user
from jamlik.privacy import notice
from jamlik.web import actions, deliveries
from jamlik.web import home as home_parts
from jamlik.web.models import AccessibilityStatement


def home(request: HttpRequest) -> HttpResponse:
    """The start page: what everyone sees, then a part for each role the person holds (web/home.py)."""
    context: dict[str, Any] = {}
    if request.user.is_authenticated:
        user = authenticated_user(request)
        context["learner"] = home_parts.learner_part(user)
        if "coordinator" in user.menu_roles:
            context["glances"], context["coordinated_count"] = home_parts.coordinator_part(user)
        if user.is_programme_manager:
            context["manager"] = home_parts.manager_part()
    else:
        context.update(home_parts.public_part(request.user))
    return render(request, "web/home.html", context)


def search(request: HttpRequest) -> HttpResponse:
    """One box on the start page that finds courses, programmes, campaigns and good examples by
    their titles (good examples by their full text too, as their own list does)."""
    query = clean_query(request.GET.get("q", ""))
    results = home_parts.search(request.user, query) if query else None
    return render(request, "web/search.html", {"query": query, "results": results})


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
