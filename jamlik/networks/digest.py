"""The daily digest: each member who chose it gets the visible posts of their networks since the last one.

Idempotent by a high-water mark per membership (``digest_sent_through``): the membership row is
locked, the posts above the mark are read, the email is scheduled and the mark moved past them
in one transaction, so running twice (or twice at once) never sends a post twice.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from jamlik.audit.models import record
from jamlik.lib.mail import send_email
from jamlik.networks.models import MemberState, NetworkMember, Notify, Post

MAX_POSTS = 50


def _send_one(member_id: int) -> int:
    """Send one member's digest; the number of posts in it (0: nothing sent)."""
    with transaction.atomic():
        member = (
            NetworkMember.objects.select_for_update()
            .select_related("user", "network")
            .filter(pk=member_id, state=MemberState.ACTIVE, notify=Notify.DIGEST)
            .first()
        )
        if member is None:
            return 0
        new = Post.objects.filter(thread__network=member.network, pk__gte=member.digest_sent_through)
        newest = new.order_by("-pk").values_list("pk", flat=True).first()
        if newest is None:
            return 0
        shown = new.visible().exclude(author=member.user)
        total = shown.count()
        posts = list(
            shown.select_related("thread", "author").order_by("thread__title", "thread_id", "created_at")[:MAX_POSTS]
        )
        member.digest_sent_through = newest + 1
        member.save(update_fields=["digest_sent_through"])
        if not posts:
            return 0
        network = member.network
        threads: dict[int, dict[str, object]] = {}
        for post in posts:
            entry = threads.setdefault(
                post.thread_id,
                {
                    "thread": post.thread,
                    "path": reverse("networks:thread", args=[network.slug, post.thread.public_id]),
                    "posts": [],
                },
            )
            entry["posts"].append(post)  # type: ignore[attr-defined]
        send_email(
            member.user.email,
            "networks_digest",
            {
                "network": network,
                "threads": list(threads.values()),
                "count": total,
                "more": total - len(posts),
                "preferences": reverse("networks:preferences", args=[network.slug]),
            },
            member.user.preferred_language,
        )
        return total


def send_digests() -> tuple[int, int]:
    """Send every due digest; (emails sent, posts in them)."""
    ids = list(
        NetworkMember.objects.filter(state=MemberState.ACTIVE, notify=Notify.DIGEST)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    emails = posts = 0
    for member_id in ids:
        sent = _send_one(member_id)
        if sent:
            emails += 1
            posts += sent
    if emails:
        with transaction.atomic():
            record("networks.digest.send", summary=f"{emails} digests, {posts} posts")
    return emails, posts
