"""The learner's own diplomas: the list, each as a page, as PDF and as an Open Badge; their name on them."""

from __future__ import annotations

import json
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jamlik.credentials import names, openbadges
from jamlik.credentials.access import get_diploma_for_user
from jamlik.credentials.forms import DiplomaNameForm
from jamlik.credentials.keys import NoSigningKey
from jamlik.credentials.models import Diploma
from jamlik.credentials.pdf import diploma_context, pdf_bytes
from jamlik.lib.forms import add_action_errors
from jamlik.people import actions as people_actions
from jamlik.people.http import authenticated_user


@login_required
def my_diplomas(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    form = DiplomaNameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            people_actions.set_name(user, form.cleaned_data["name"])  # waiting diplomas are issued on commit
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(
                request, _("Thank you. Your diplomas are issued in the name %(name)s.") % {"name": user.name}
            )
            return redirect("credentials:mine")
    diplomas = (
        Diploma.objects.filter(recipient=user, superseded_at__isnull=True)
        .select_related("superseded_by")
        .order_by("-issued_at")
    )
    return render(
        request,
        "credentials/mine.html",
        {
            "diplomas": diplomas,
            "waiting": names.waiting_titles(user) if not user.name.strip() else [],
            "name_form": form,
            "other_name": names.diplomas_with_another_name(user),
        },
    )


@login_required
@require_POST
def reissue_with_my_name(request: HttpRequest) -> HttpResponse:
    try:
        new = names.reissue_with_current_name(authenticated_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        text = ngettext(
            "%(count)d diploma was re-issued with your name. The old one now says it was replaced.",
            "%(count)d diplomas were re-issued with your name. The old ones now say they were replaced.",
            len(new),
        )
        messages.success(request, text % {"count": len(new)})
    return redirect("credentials:mine")


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
