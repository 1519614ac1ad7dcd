"""Public pages of good examples: the searchable list, an example, and its attachments as downloads."""

from __future__ import annotations

from uuid import UUID

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from jamlik.knowledge.access import get_attachment_for_viewer, get_example_for_viewer, may_submit, own_examples
from jamlik.knowledge.forms import SearchForm
from jamlik.knowledge.models import ExampleStatus
from jamlik.knowledge.search import clean_query, find_examples, highlight
from jamlik.lib.storage import private_download

PER_PAGE = 20


def example_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    filters = {}
    if form.is_bound:
        form.is_valid()  # invalid filters are shown as errors and left out; the rest still applies
        filters = {k: v for k, v in form.cleaned_data.items() if v not in ("", None)}
    query = clean_query(request.GET.get("q", ""))
    page = Paginator(find_examples(query, **filters), PER_PAGE).get_page(request.GET.get("sida"))
    results = [(example, highlight(getattr(example, "headline_raw", example.summary), query)) for example in page]
    context = {
        "form": form,
        "query": query,
        "page": page,
        "results": results,
        "searching": bool(query or filters),
        "may_submit": may_submit(request.user),
    }
    return render(request, "knowledge/example_list.html", context)


def example_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    example = get_example_for_viewer(request.user, public_id)
    context = {
        "example": example,
        "is_public": example.status == ExampleStatus.PUBLISHED,
        "attachments": list(example.attachments.all()),
        "partners": list(example.partners.all()),
        "courses": list(example.courses.filter(published_version__isnull=False).select_related("published_version")),
        "programmes": list(example.programmes.public()),
        "may_edit": own_examples(request.user).filter(pk=example.pk).exists(),
    }
    return render(request, "knowledge/example_detail.html", context)


def attachment_download(request: HttpRequest, public_id: UUID, attachment_id: UUID) -> FileResponse:
    """Always a download with the type we stored, never rendered by the browser."""
    attachment = get_attachment_for_viewer(request.user, public_id, attachment_id)
    published = attachment.example.status == ExampleStatus.PUBLISHED
    return private_download(attachment.file, attachment.name, attachment.content_type, shared_caches=published)
