"""Shared documents: the list with an upload form, a document with its versions, downloads."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from jamlik.lib.forms import add_action_errors
from jamlik.lib.storage import private_download
from jamlik.networks import space
from jamlik.networks.access import (
    documents_of,
    get_document_in,
    get_member_place,
    get_readable_place,
    get_version_in,
)
from jamlik.networks.forms import DocumentForm, VersionForm
from jamlik.people.http import authenticated_user


@login_required
def documents(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_readable_place(request.user, slug)
    form = DocumentForm()
    status = 200
    if request.method == "POST":
        place = get_member_place(request.user, slug)
        form = DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                document = space.add_document(
                    authenticated_user(request),
                    place,
                    title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"],
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as exc:
                add_action_errors(form, exc)
            else:
                messages.success(request, _("The document is shared with the network."))
                return redirect("networks:document", slug=slug, document_id=document.public_id)
        status = 400
    context = {"place": place, "network": place.network, "documents": list(documents_of(place.network)), "form": form}
    return render(request, "networks/documents.html", context, status=status)


@login_required
def document(request: HttpRequest, slug: str, document_id: UUID) -> HttpResponse:
    place = get_readable_place(request.user, slug)
    found = get_document_in(place.network, document_id)
    form = VersionForm()
    status = 200
    if request.method == "POST":
        place = get_member_place(request.user, slug)
        form = VersionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                version = space.add_version(
                    authenticated_user(request), place, found, form.cleaned_data["file"], form.cleaned_data["note"]
                )
            except ValidationError as exc:
                add_action_errors(form, exc)
            else:
                messages.success(request, _("Version %(n)s is uploaded.") % {"n": version.number})
                return redirect("networks:document", slug=slug, document_id=found.public_id)
        status = 400
    context = {"place": place, "network": place.network, "document": found, "form": form}
    return render(request, "networks/document.html", context, status=status)


@login_required
@require_GET
def download(request: HttpRequest, slug: str, version_id: UUID) -> FileResponse:
    """Always an attachment with the type we chose at upload, never sniffed, never shown inline."""
    place = get_readable_place(request.user, slug)
    version = get_version_in(place.network, version_id)
    return private_download(version.file, version.filename, version.content_type)
