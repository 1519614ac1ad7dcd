"""Reading programmes: the published ones for anyone, drafts too for their organisers."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query

from jamlik.lib.api.lookup import lookup_filter
from jamlik.lib.api.pagination import Page, paginate
from jamlik.programmes.access import authorable_programmes, programme_detail_queryset
from jamlik.programmes.api.routing import ANYONE, programme_etag, router, viewer
from jamlik.programmes.api.schemas import ProgrammeDetail, ProgrammeList
from jamlik.programmes.models import Programme, ProgrammeStatus


def readable_programme(request: HttpRequest, ident: str) -> Programme:
    """Published, or a draft the caller organises; 404 otherwise."""
    user = viewer(request)
    visible = ~Q(status=ProgrammeStatus.DRAFT)
    if user is not None:
        visible |= Q(pk__in=authorable_programmes(user).values("pk"))
    found = programme_detail_queryset().filter(visible, **lookup_filter(ident)).first()
    if found is None:
        raise Http404
    return found  # type: ignore[no-any-return]


def detail(programme: Programme) -> Programme:
    """The programme again with everything its representation shows, read afresh."""
    return programme_detail_queryset().get(pk=programme.pk)  # type: ignore[no-any-return]


@router.get(
    "",
    response=ProgrammeList,
    auth=None,
    summary="List published programmes",
    description="Open, closed, finished and cancelled programmes (not drafts), by last day to register.",
)
def list_programmes(request: HttpRequest, page: Query[Page]) -> dict[str, Any]:
    return paginate(Programme.objects.public().order_by("registration_deadline", "title"), page)


@router.get(
    "/{programme}",
    response=ProgrammeDetail,
    auth=ANYONE,
    url_name="programme",
    summary="One programme: modules, sessions with seats left, trainers and registration questions",
    description="`{programme}` is its id or slug. Anyone reads a published programme; its organisers "
    "(signed in) also read it as a draft. The `ETag` header is the version to send as `If-Match` when "
    "changing it. 404: no such programme, or a draft you do not organise.",
)
def get_programme(request: HttpRequest, programme: str, response: HttpResponse) -> Programme:
    found = readable_programme(request, programme)
    response["ETag"] = programme_etag(found)
    return found
