from __future__ import annotations

from django.db import connection
from django.db.utils import Error as DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jamlik.web.models import AccessibilityStatement


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    statement = AccessibilityStatement.objects.first()
    return render(request, "web/accessibility.html", {"statement": statement})


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "web/privacy.html")


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
