"""Networks in the API (authenticated): my networks, a network's threads and posts, meetings, document metadata.

Every operation reaches a network through ``jamlik.networks.access``: a closed network's
space is answered with 404 to anyone who is not an active member. Files are downloaded from
the site (the ``download`` link), never through the API.
"""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from pydantic import Field

from jamlik.lib.api.pagination import Page, paginate
from jamlik.lib.markdown import render_markdown
from jamlik.networks.access import (
    Place,
    documents_of,
    get_readable_place,
    get_thread_in,
    meetings_of,
    my_networks,
    posts_of,
    threads_of,
)
from jamlik.networks.models import Document, Meeting, MemberState, Post, Visibility
from jamlik.people.api_auth import AUTHENTICATED, api_user

router = Router(tags=["networks"], auth=AUTHENTICATED)


class NetworkOut(Schema):
    id: UUID = Field(alias="public_id")
    slug: str
    name: str
    description: str
    visibility: Visibility
    member_count: int
    my_role: str


class NetworkList(Schema):
    items: list[NetworkOut]
    count: int


class ThreadOut(Schema):
    id: UUID = Field(alias="public_id")
    title: str
    started_by: str
    created_at: datetime.datetime
    last_post_at: datetime.datetime
    post_count: int

    @staticmethod
    def resolve_started_by(obj: Any) -> str:
        return obj.started_by.display_name() if obj.started_by else ""


class ThreadList(Schema):
    items: list[ThreadOut]
    count: int


class PostOut(Schema):
    id: UUID = Field(alias="public_id")
    author: str
    created_at: datetime.datetime
    hidden: bool
    body: str
    html: str

    @staticmethod
    def resolve_author(obj: Post) -> str:
        return obj.author.display_name() if obj.author else ""

    @staticmethod
    def resolve_hidden(obj: Post) -> bool:
        return obj.is_hidden

    @staticmethod
    def resolve_body(obj: Post) -> str:
        return "" if obj.is_hidden else obj.body

    @staticmethod
    def resolve_html(obj: Post) -> str:
        return "" if obj.is_hidden else str(render_markdown(obj.body))


class PostList(Schema):
    items: list[PostOut]
    count: int


class MeetingOut(Schema):
    id: UUID = Field(alias="public_id")
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    agenda: str
    minutes: str
    programme: str | None = None
    session: UUID | None = None

    @staticmethod
    def resolve_programme(obj: Meeting) -> str | None:
        return obj.session.module.programme.slug if obj.session else None

    @staticmethod
    def resolve_session(obj: Meeting) -> UUID | None:
        return obj.session.public_id if obj.session else None


class MeetingList(Schema):
    items: list[MeetingOut]
    count: int


class VersionOut(Schema):
    number: int
    filename: str
    content_type: str
    size: int
    note: str
    uploaded_at: datetime.datetime
    download: str


class DocumentOut(Schema):
    id: UUID = Field(alias="public_id")
    title: str
    description: str
    updated_at: datetime.datetime
    versions: list[VersionOut]

    @staticmethod
    def resolve_versions(obj: Document) -> list[dict[str, Any]]:
        slug = obj.network.slug
        return [
            {
                "number": v.number,
                "filename": v.filename,
                "content_type": v.content_type,
                "size": v.size,
                "note": v.note,
                "uploaded_at": v.uploaded_at,
                "download": reverse("networks:download", args=[slug, v.public_id]),
            }
            for v in obj.versions.all()
        ]


class DocumentList(Schema):
    items: list[DocumentOut]
    count: int


def _place(request: HttpRequest, slug: str) -> Place:
    return get_readable_place(api_user(request), slug)


@router.get("", response=NetworkList, summary="Networks I belong to")
def list_my_networks(request: HttpRequest, page: Query[Page]) -> dict[str, Any]:
    user = api_user(request)
    networks = (
        my_networks(user)
        .annotate(
            member_count=Count("members", filter=Q(members__state=MemberState.ACTIVE), distinct=True),
        )
        .order_by("name", "pk")
    )
    result = paginate(networks, page)
    roles = dict(
        user.network_memberships.filter(network__in=[n.pk for n in result["items"]]).values_list("network_id", "role")
    )
    for network in result["items"]:
        network.my_role = roles.get(network.pk, "")
    return result


@router.get("/{slug}/threads", response=ThreadList, summary="A network's discussion threads, latest first")
def list_threads(request: HttpRequest, slug: str, page: Query[Page]) -> dict[str, Any]:
    place = _place(request, slug)
    return paginate(threads_of(place.network, include_hidden=place.is_moderator), page)


@router.get("/{slug}/threads/{uuid:thread_id}/posts", response=PostList, summary="The posts of a thread, oldest first")
def list_posts(request: HttpRequest, slug: str, thread_id: UUID, page: Query[Page]) -> dict[str, Any]:
    place = _place(request, slug)
    return paginate(posts_of(get_thread_in(place.network, thread_id)), page)


@router.get("/{slug}/meetings", response=MeetingList, summary="A network's meetings, earliest first")
def list_meetings(request: HttpRequest, slug: str, page: Query[Page]) -> dict[str, Any]:
    place = _place(request, slug)
    return paginate(meetings_of(place.network), page)


@router.get("/{slug}/documents", response=DocumentList, summary="A network's shared documents and their versions")
def list_documents(request: HttpRequest, slug: str, page: Query[Page]) -> dict[str, Any]:
    place = _place(request, slug)
    return paginate(documents_of(place.network).select_related("network"), page)
