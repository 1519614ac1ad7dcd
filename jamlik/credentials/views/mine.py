"""The learner's own diplomas: the list, each as a page, as PDF and as an Open Badge."""

from __future__ import annotations

import json
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from jamlik.credentials import openbadges
from jamlik.credentials.access import get_diploma_for_user
from jamlik.credentials.keys import NoSigningKey
from jamlik.credentials.models import Diploma
from jamlik.credentials.pdf import diploma_context, pdf_bytes
from jamlik.lib.http import authenticated_user


@login_required
def my_diplomas(request: HttpRequest) -> HttpResponse:
    diplomas = (
        Diploma.objects.filter(recipient=authenticated_user(request), superseded_at__isnull=True)
        .select_related("superseded_by")
        .order_by("-issued_at")
    )
    return render(request, "credentials/mine.html", {"diplomas": diplomas})


@login_required
def diploma_page(request: HttpRequest, public_id: UUID) -> HttpResponse:
    diploma = get_diploma_for_user(authenticated_user(request), public_id)
    return render(request, "credentials/diploma.html", {**diploma_context(diploma), "status": diploma.status()})


def _filename(diploma: Diploma, suffix: str) -> str:
    return f"{slugify(diploma.title)[:60] or 'diploma'}-{diploma.code[:4].lower()}.{suffix}"


@login_required
def diploma_pdf(request: HttpRequest, public_id: UUID) -> HttpResponse:
    diploma = get_diploma_for_user(authenticated_user(request), public_id)
    response = HttpResponse(pdf_bytes(diploma), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(diploma, "pdf")}"'
    return response


@login_required
def open_badge(request: HttpRequest, public_id: UUID) -> HttpResponse:
    diploma = get_diploma_for_user(authenticated_user(request), public_id)
    try:
        document = openbadges.signed_credential(diploma)
    except NoSigningKey:
        return render(request, "credentials/no_key.html", status=503)
    body = json.dumps(document, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/vc+ld+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(diploma, "json")}"'
    return response
