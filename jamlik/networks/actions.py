"""Networks and their members: create, join, ask to join, approve or decline, invite, leave, roles, email choice.

Each action runs in one transaction and writes one audit entry; emails are rendered at once
and sent after commit (``jamlik.lib.mail``). Moderating actions check first that the actor
moderates the network (``access.check_may_moderate``), leaving and email choices that the
membership is the actor's (``access.check_is_member``): ``PermissionDenied``. Other refusals
raise ``ValidationError`` with a ``code`` before anything is kept.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.lib.mail import send_email
from jamlik.networks.access import check_is_member, check_may_moderate
from jamlik.networks.models import (
    MemberRole,
    MemberState,
    Network,
    NetworkInvitation,
    NetworkMember,
    Notify,
    Post,
    Visibility,
    snapshot,
)
from jamlik.people.models import Membership, Organisation, User, hash_token, new_token

NOT_ALLOWED = "not_allowed"
SLUG_TAKEN = "slug_taken"
CLOSED = "closed"
ALREADY = "already"
INVITATION_INVALID = "invitation_invalid"
LAST_MODERATOR = "last_moderator"

INVITATION_DAYS = 30


def _refuse(field: str | None, message: str, code: str) -> ValidationError:
    if field is None:
        return ValidationError(message, code=code)
    return ValidationError({field: ValidationError(message, code=code)})


def _organisation_of(user: User) -> Organisation | None:
    """The organisation fellow members see beside the person's name: their first current membership."""
    membership = Membership.objects.current().filter(user=user).select_related("organisation").order_by("pk").first()
    return membership.organisation if membership else None


@transaction.atomic
def create_network(
    actor: User, *, name: str, slug: str, description: str, visibility: str = Visibility.CLOSED
) -> Network:
    """A programme manager (or administrator) creates a network and becomes its first moderator."""
    if not actor.is_programme_manager:
        raise _refuse(None, _("Only programme managers create networks."), NOT_ALLOWED)
    if Network.objects.filter(slug=slug).exists():
        raise _refuse("slug", _("Another network already uses this short address."), SLUG_TAKEN)
    network = Network.objects.create(
        name=name, slug=slug, description=description, visibility=visibility, created_by=actor
    )
    now = timezone.now()
    NetworkMember.objects.create(
        network=network,
        user=actor,
        organisation=_organisation_of(actor),
        role=MemberRole.MODERATOR,
        state=MemberState.ACTIVE,
        joined_at=now,
    )
    record(
        "networks.network.create",
        actor=actor,
        target=network,
        summary=network.name,
        after=snapshot(network, "slug", "name", "visibility"),
    )
    return network


def _activate(member: NetworkMember, now: datetime.datetime) -> None:
    member.state = MemberState.ACTIVE
    member.joined_at = now
    member.left_at = None
    # A new or returning member's digest starts from now: nothing posted before is sent.
    last = Post.objects.filter(thread__network=member.network).order_by("-pk").values_list("pk", flat=True).first()
    member.digest_sent_through = max(member.digest_sent_through, (last or 0) + 1)


def _locked_member(network: Network, user: User) -> NetworkMember | None:
    return NetworkMember.objects.select_for_update().filter(network=network, user=user).first()


def _save_member(member: NetworkMember) -> None:
    """Save; a new row that lost a race with the same person's other click is refused, not a 500."""
    if member.pk is not None:
        member.save()
        return
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as exc:
        raise _refuse(None, _("You are already a member of this network or have asked to join."), ALREADY) from exc


@transaction.atomic
def join(actor: User, network: Network) -> NetworkMember:
    """Join an open network at once."""
    if not network.is_open:
        raise _refuse(None, _("This network is closed: ask to join instead."), CLOSED)
    member = _locked_member(network, actor)
    if member is not None and member.is_active:
        raise _refuse(None, _("You are already a member of this network."), ALREADY)
    now = timezone.now()
    if member is None:
        member = NetworkMember(network=network, user=actor, organisation=_organisation_of(actor))
    _activate(member, now)
    _save_member(member)
    record("networks.member.join", actor=actor, organisation=member.organisation, target=member, summary=network.name)
    return member


@transaction.atomic
def request_to_join(actor: User, network: Network, message: str = "") -> NetworkMember:
    """Ask the moderators of a closed network to let ``actor`` in; they are emailed."""
    if network.is_open:
        return join(actor, network)
    member = _locked_member(network, actor)
    if member is not None and member.state in (MemberState.ACTIVE, MemberState.REQUESTED):
        message_text = (
            _("You are already a member of this network.")
            if member.is_active
            else _("You have already asked to join; a moderator will answer.")
        )
        raise _refuse(None, message_text, ALREADY)
    if member is None:
        member = NetworkMember(network=network, user=actor, organisation=_organisation_of(actor))
    member.state = MemberState.REQUESTED
    member.role = MemberRole.MEMBER
    member.request_message = message.strip()[:500]
    member.requested_at = timezone.now()
    member.organisation = member.organisation or _organisation_of(actor)
    _save_member(member)
    record(
        "networks.member.request", actor=actor, organisation=member.organisation, target=member, summary=network.name
    )
    url = reverse("networks:members", args=[network.slug])
    for moderator in NetworkMember.objects.filter(
        network=network, state=MemberState.ACTIVE, role=MemberRole.MODERATOR
    ).select_related("user"):
        send_email(
            moderator.user.email,
            "networks_request",
            {"network": network, "person": actor.display_name(), "organisation": member.organisation, "path": url},
            moderator.user.preferred_language,
        )
    return member


@transaction.atomic
def approve_request(actor: User, member: NetworkMember) -> NetworkMember:
    check_may_moderate(actor, member.network)
    member = NetworkMember.objects.select_for_update().select_related("network", "user").get(pk=member.pk)
    if member.state != MemberState.REQUESTED:
        raise _refuse(None, _("This request has already been answered."), ALREADY)
    _activate(member, timezone.now())
    member.save()
    record(
        "networks.member.approve",
        actor=actor,
        organisation=member.organisation,
        target=member,
        summary=f"{member.user.display_name()} · {member.network.name}",
    )
    send_email(
        member.user.email,
        "networks_welcome",
        {"network": member.network, "path": reverse("networks:network", args=[member.network.slug])},
        member.user.preferred_language,
    )
    return member


@transaction.atomic
def decline_request(actor: User, member: NetworkMember) -> NetworkMember:
    check_may_moderate(actor, member.network)
    member = NetworkMember.objects.select_for_update().select_related("network", "user").get(pk=member.pk)
    if member.state != MemberState.REQUESTED:
        raise _refuse(None, _("This request has already been answered."), ALREADY)
    member.state = MemberState.DECLINED
    member.save(update_fields=["state"])
    record(
        "networks.member.decline",
        actor=actor,
        organisation=member.organisation,
        target=member,
        summary=f"{member.user.display_name()} · {member.network.name}",
    )
    return member


@transaction.atomic
def invite(actor: User, network: Network, email: str) -> NetworkInvitation:
    """Email a link that makes whoever signs in with it a member (the moderator checks the address)."""
    check_may_moderate(actor, network)
    email = email.strip().lower()
    if NetworkMember.objects.filter(network=network, user__email=email, state=MemberState.ACTIVE).exists():
        raise _refuse("email", _("This person is already a member."), ALREADY)
    token = new_token()
    invitation = NetworkInvitation.objects.create(
        network=network,
        email=email,
        token_hash=hash_token(token),
        invited_by=actor,
        expires_at=timezone.now() + datetime.timedelta(days=INVITATION_DAYS),
    )
    record("networks.invitation.create", actor=actor, target=invitation, summary=f"{email} · {network.name}")
    existing = User.objects.filter(email=email).first()
    send_email(
        email,
        "networks_invitation",
        {
            "network": network,
            "inviter": actor.display_name(),
            "path": reverse("networks:accept_invitation", args=[token]),
            "days": INVITATION_DAYS,
        },
        existing.preferred_language if existing else "sv",
    )
    return invitation


def find_invitation(token: str) -> NetworkInvitation | None:
    return (
        NetworkInvitation.objects.select_related("network")
        .filter(token_hash=hash_token(token), accepted_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


@transaction.atomic
def accept_invitation(actor: User, token: str) -> NetworkMember:
    invitation = NetworkInvitation.objects.select_for_update().filter(token_hash=hash_token(token)).first()
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at <= timezone.now():
        raise _refuse(
            None, _("This invitation is used or has expired. Ask a moderator for a new one."), INVITATION_INVALID
        )
    network = invitation.network
    member = _locked_member(network, actor)
    if member is None:
        member = NetworkMember(network=network, user=actor, organisation=_organisation_of(actor))
    if member.pk is None or not member.is_active:
        _activate(member, timezone.now())
        _save_member(member)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record(
        "networks.invitation.accept",
        actor=actor,
        organisation=member.organisation,
        target=member,
        summary=f"{invitation.email} · {network.name}",
    )
    return member


def _other_moderators(member: NetworkMember) -> bool:
    return (
        NetworkMember.objects.filter(network=member.network, state=MemberState.ACTIVE, role=MemberRole.MODERATOR)
        .exclude(pk=member.pk)
        .exists()
    )


@transaction.atomic
def leave(actor: User, member: NetworkMember) -> NetworkMember:
    check_is_member(actor, member)
    member = NetworkMember.objects.select_for_update().select_related("network").get(pk=member.pk)
    if not member.is_active:
        raise _refuse(None, _("You are not a member of this network."), NOT_ALLOWED)
    if member.role == MemberRole.MODERATOR and not _other_moderators(member):
        raise _refuse(None, _("You are the last moderator: make someone else a moderator first."), LAST_MODERATOR)
    member.state = MemberState.LEFT
    member.left_at = timezone.now()
    member.role = MemberRole.MEMBER
    member.save(update_fields=["state", "left_at", "role"])
    record(
        "networks.member.leave",
        actor=actor,
        organisation=member.organisation,
        target=member,
        summary=member.network.name,
    )
    return member


@transaction.atomic
def set_role(actor: User, member: NetworkMember, role: str) -> NetworkMember:
    check_may_moderate(actor, member.network)
    member = NetworkMember.objects.select_for_update().select_related("network", "user").get(pk=member.pk)
    if role not in MemberRole.values:
        raise _refuse("role", _("Choose a role."), NOT_ALLOWED)
    if member.role == MemberRole.MODERATOR and role != MemberRole.MODERATOR and not _other_moderators(member):
        raise _refuse(None, _("A network needs at least one moderator."), LAST_MODERATOR)
    before = snapshot(member, "role")
    member.role = role
    member.save(update_fields=["role"])
    record(
        "networks.member.role",
        actor=actor,
        organisation=member.organisation,
        target=member,
        summary=f"{member.user.display_name()} · {member.network.name}",
        before=before,
        after=snapshot(member, "role"),
    )
    return member


@transaction.atomic
def set_notify(actor: User, member: NetworkMember, notify: str) -> NetworkMember:
    check_is_member(actor, member)
    if notify not in Notify.values:
        raise _refuse("notify", _("Choose how you want to hear about new posts."), NOT_ALLOWED)
    member = NetworkMember.objects.select_for_update().get(pk=member.pk)
    before = snapshot(member, "notify")
    member.notify = notify
    member.save(update_fields=["notify"])
    record("networks.member.notify", actor=actor, target=member, before=before, after=snapshot(member, "notify"))
    return member


def create_network_or_refuse(actor: User, **fields: str) -> Network:
    """``create_network``, turning a lost race for the slug into the same refusal."""
    try:
        return create_network(actor, **fields)
    except IntegrityError as exc:
        raise _refuse("slug", _("Another network already uses this short address."), SLUG_TAKEN) from exc
