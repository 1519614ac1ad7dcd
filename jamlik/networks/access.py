"""The only ways views, the API and commands reach networks and what is inside them.

Who sees what:

- a network's name and description: everyone for an open network, signed-in people for a
  closed one;
- the space (meetings, documents, threads and posts): active members, and for an open network
  any signed-in person;
- members' names and organisations: active members of the same network only;
- requests, invitations and reports: the network's moderators.

Each helper filters in the query and raises Http404 alike for "missing" and "not yours".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404

from jamlik.networks.models import (
    Document,
    DocumentVersion,
    Meeting,
    MemberRole,
    MemberState,
    Network,
    NetworkMember,
    Post,
    PostReport,
    Thread,
    Visibility,
)


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@dataclass(frozen=True)
class Place:
    """A network as one person sees it: the network and their membership in it (if any)."""

    network: Network
    membership: NetworkMember | None
    signed_in: bool = True

    @property
    def is_member(self) -> bool:
        return self.membership is not None and self.membership.is_active

    @property
    def is_moderator(self) -> bool:
        return self.membership is not None and self.membership.is_moderator

    def active_membership(self) -> NetworkMember:
        """The person's active membership; 404 if they are not an active member."""
        if self.membership is None or not self.membership.is_active:
            raise Http404
        return self.membership

    @property
    def can_read(self) -> bool:
        return self.is_member or (self.network.is_open and self.signed_in)


def listed_networks(user: Any) -> QuerySet[Network]:
    """Networks whose name and description ``user`` may see."""
    networks = Network.objects.order_by("name")
    if not _signed_in(user):
        return networks.filter(visibility=Visibility.OPEN)
    return networks


def readable_networks(user: Any) -> QuerySet[Network]:
    """Networks whose space ``user`` may read: open ones when signed in, closed ones as an active member."""
    if not _signed_in(user):
        return Network.objects.none()
    mine = NetworkMember.objects.filter(user=user, state=MemberState.ACTIVE).values("network_id")
    return Network.objects.filter(Q(visibility=Visibility.OPEN) | Q(pk__in=mine))


def my_networks(user: Any) -> QuerySet[Network]:
    """Networks ``user`` is an active member of."""
    if not _signed_in(user):
        return Network.objects.none()
    mine = NetworkMember.objects.filter(user=user, state=MemberState.ACTIVE).values("network_id")
    return Network.objects.filter(pk__in=mine).order_by("name")


def membership_of(user: Any, network: Network) -> NetworkMember | None:
    if not _signed_in(user):
        return None
    return NetworkMember.objects.filter(user=user, network=network).first()


def check_may_moderate(actor: Any, network: Network) -> None:
    """What every action that moderates a network checks first (answering requests, inviting,
    roles): its active moderators, as ``get_moderated_place``. ``None`` is the platform itself
    (the demo data). ``PermissionDenied`` otherwise."""
    if actor is None:
        return
    moderators = NetworkMember.objects.filter(state=MemberState.ACTIVE, role=MemberRole.MODERATOR)
    if not moderators.filter(network=network, user=actor).exists():
        raise PermissionDenied


def check_is_member(actor: Any, member: NetworkMember) -> None:
    """Leaving and notification choices are the member's own: ``PermissionDenied`` for anyone
    else (``None``, the platform, may)."""
    if actor is not None and member.user_id != actor.pk:
        raise PermissionDenied


def check_place_of(
    actor: Any, place: Place, network_id: int | None = None, *, moderator: bool = False
) -> NetworkMember:
    """What the actions in a network's space check first: ``place`` is ``actor``'s active
    membership (a moderator's, with ``moderator``; ``None``, the platform, acts as whoever the
    place is for), and what they act on (``network_id``) is in that network. ``PermissionDenied``
    otherwise."""
    membership = place.membership
    if membership is None or not membership.is_active or (actor is not None and membership.user_id != actor.pk):
        raise PermissionDenied
    if (moderator and not membership.is_moderator) or network_id not in (None, place.network.pk):
        raise PermissionDenied
    return membership


def get_place(user: Any, slug: str) -> Place:
    """A network ``user`` may see listed, with their membership (any state)."""
    network = listed_networks(user).filter(slug=slug).first()
    if network is None:
        raise Http404
    return Place(network, membership_of(user, network), _signed_in(user))


def get_readable_place(user: Any, slug: str) -> Place:
    """A network whose space ``user`` may read."""
    network = readable_networks(user).filter(slug=slug).first()
    if network is None:
        raise Http404
    return Place(network, membership_of(user, network))


def get_member_place(user: Any, slug: str) -> Place:
    """A network ``user`` is an active member of (to post, upload, see members, set notifications)."""
    place = get_place(user, slug)
    if not place.is_member:
        raise Http404
    return place


def get_moderated_place(user: Any, slug: str) -> Place:
    """A network ``user`` moderates."""
    place = get_place(user, slug)
    if not place.is_moderator:
        raise Http404
    return place


def active_members(network: Network) -> QuerySet[NetworkMember]:
    return (
        NetworkMember.objects.active()
        .filter(network=network)
        .select_related("user", "organisation")
        .order_by("-role", "user__name", "user__email")
    )


def pending_requests(network: Network) -> QuerySet[NetworkMember]:
    return (
        NetworkMember.objects.filter(network=network, state=MemberState.REQUESTED)
        .select_related("user", "organisation")
        .order_by("requested_at", "pk")
    )


def get_request_in(network: Network, public_id: UUID) -> NetworkMember:
    found = pending_requests(network).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def get_member_in(network: Network, public_id: UUID) -> NetworkMember:
    found = active_members(network).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def moderators(network: Network) -> QuerySet[NetworkMember]:
    return active_members(network).filter(role=MemberRole.MODERATOR)


# --- The space ----------------------------------------------------------------------------


def threads_of(network: Network, *, include_hidden: bool = False) -> QuerySet[Thread]:
    """Threads with ``post_count`` (visible posts, or all for moderators) and the time of the last post."""
    counted = Q() if include_hidden else Q(posts__hidden_at__isnull=True)
    return (
        Thread.objects.filter(network=network)
        .select_related("started_by")
        .annotate(post_count=Count("posts", filter=counted), latest=Max("posts__created_at"))
        .order_by("-last_post_at", "-pk")
    )


def get_thread_in(network: Network, public_id: UUID) -> Thread:
    found = Thread.objects.select_related("network", "started_by").filter(network=network, public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def posts_of(thread: Thread) -> QuerySet[Post]:
    return Post.objects.filter(thread=thread).select_related("author", "hidden_by").order_by("created_at", "pk")


def get_post_in(network: Network, public_id: UUID) -> Post:
    found = (
        Post.objects.select_related("thread__network", "author")
        .filter(thread__network=network, public_id=public_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def open_reports(network: Network) -> QuerySet[PostReport]:
    return (
        PostReport.objects.filter(post__thread__network=network, resolved_at__isnull=True)
        .select_related("post__thread", "post__author", "reported_by")
        .order_by("created_at", "pk")
    )


def get_report_in(network: Network, public_id: UUID) -> PostReport:
    found = open_reports(network).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def meetings_of(network: Network) -> QuerySet[Meeting]:
    return Meeting.objects.filter(network=network).select_related("session__module__programme").order_by("starts_at")


def get_meeting_in(network: Network, public_id: UUID) -> Meeting:
    found = meetings_of(network).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def documents_of(network: Network) -> QuerySet[Document]:
    versions = DocumentVersion.objects.select_related("uploaded_by").order_by("-number")
    return (
        Document.objects.filter(network=network)
        .prefetch_related(Prefetch("versions", queryset=versions))
        .order_by("-updated_at", "pk")
    )


def get_document_in(network: Network, public_id: UUID) -> Document:
    found = documents_of(network).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def get_version_in(network: Network, public_id: UUID) -> DocumentVersion:
    found = (
        DocumentVersion.objects.select_related("document__network")
        .filter(document__network=network, public_id=public_id)
        .first()
    )
    if found is None:
        raise Http404
    return found
