"""Who may see and manage which webhook subscriptions.

An organisation's subscriptions belong to its coordinators (and administrators); a platform
subscription (no organisation) to administrators only. The helpers put that filter in the
query and answer 404 alike for "missing" and "not yours".
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from jamlik.people.access import coordinated_organisations, may_coordinate
from jamlik.people.models import Organisation, User
from jamlik.webhooks.models import Delivery, Subscription


def _is_administrator(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_administrator)


def may_manage(user: Any, organisation: Organisation | None) -> bool:
    if organisation is None:
        return _is_administrator(user)
    return may_coordinate(user, organisation)


def check_may_manage(actor: User | None, organisation: Organisation | None) -> None:
    """``PermissionDenied`` unless ``actor`` may manage webhooks of ``organisation`` (None: the platform's)."""
    if actor is not None and not may_manage(actor, organisation):
        raise PermissionDenied


def may_use(user: Any) -> bool:
    """Whether ``user`` has a webhook page at all (coordinates an organisation, or administers)."""
    return _is_administrator(user) or coordinated_organisations(user).exists()


def subscriptions_for(user: Any) -> QuerySet[Subscription]:
    rows = Subscription.objects.select_related("organisation")
    if _is_administrator(user):
        return rows
    return rows.filter(Q(organisation__in=coordinated_organisations(user)))


def get_subscription_for_user(user: Any, public_id: Any) -> Subscription:
    return get_object_or_404(subscriptions_for(user), public_id=public_id)


def get_delivery_in(subscription: Subscription, public_id: Any) -> Delivery:
    return get_object_or_404(
        Delivery.objects.select_related("subscription"), subscription=subscription, public_id=public_id
    )
