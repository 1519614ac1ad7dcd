"""/api/v1/webhooks: subscriptions (create, read, change, delete, rotate the secret, send a test)
and their delivery log (list, read, redeliver). Coordinators manage their organisations'
subscriptions, administrators also the platform's; another organisation's ids answer 404.
Every change goes through ``jamlik.webhooks.actions``, as the pages' do."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from jamlik.lib.api.etag import check_if_match, etag_for
from jamlik.lib.api.lookup import get_by_id_or_slug
from jamlik.lib.api.pagination import Page, paginate
from jamlik.lib.api.payload import Patch, Payload
from jamlik.people.access import coordinated_organisations
from jamlik.people.api_auth import AUTHENTICATED, api_user
from jamlik.people.models import Organisation
from jamlik.webhooks import access, actions
from jamlik.webhooks.models import Delivery, DeliveryState, EventType, Subscription

router = Router(tags=["webhooks"])


class SubscriptionOut(Schema):
    id: UUID = Field(alias="public_id")
    organisation: UUID | None = Field(None, alias="organisation.public_id", description="null: the platform's")
    organisation_slug: str | None = Field(None, alias="organisation.slug")
    url: str
    description: str
    events: list[EventType]
    active: bool = Field(alias="is_active")
    disabled_because: str = Field(description='"" (active), "by_hand" or "failing"')
    created_at: datetime.datetime
    secret_rotated_at: datetime.datetime | None
    last_success_at: datetime.datetime | None


class SubscriptionWithSecret(SubscriptionOut):
    secret: str = Field(description="The signing secret (whsec_…), shown only in this answer")


class SubscriptionList(Schema):
    items: list[SubscriptionOut]
    count: int


class SubscriptionIn(Payload):
    organisation: str | None = Field(
        None,
        max_length=80,
        description="The organisation's id (or slug); omit or null for a platform subscription",
        examples=["8c1f3a52-6d0e-4b7a-9f21-3e5d7c9a0b14"],
    )
    url: str = Field(max_length=500, description="https:// on a public host")
    events: list[EventType] = Field(min_length=1, max_length=20)
    description: str = Field("", max_length=200)


class SubscriptionPatch(Patch):
    url: str | None = Field(None, max_length=500)
    events: list[EventType] | None = Field(None, min_length=1, max_length=20)
    description: str | None = Field(None, max_length=200)
    active: bool | None = None


class DeliveryOut(Schema):
    id: UUID = Field(alias="public_id")
    webhook_id: str
    event: str
    state: DeliveryState
    attempts: int
    last_status: int | None
    created_at: datetime.datetime
    next_attempt_at: datetime.datetime | None = Field(None, description="Set while the delivery waits for a retry")
    delivered_at: datetime.datetime | None

    @staticmethod
    def resolve_next_attempt_at(obj: Delivery) -> datetime.datetime | None:
        return obj.next_attempt_at if obj.state == DeliveryState.PENDING else None


class AttemptOut(Schema):
    at: datetime.datetime
    status: int | None
    error: str
    excerpt: str
    duration_ms: int


class DeliveryDetail(DeliveryOut):
    body: str = Field(description="The message exactly as signed and sent")
    attempt_log: list[AttemptOut] = Field(description="The latest attempts first")

    @staticmethod
    def resolve_attempt_log(obj: Delivery) -> list[Any]:
        return list(obj.attempt_log.all()[:50])


class DeliveryList(Schema):
    items: list[DeliveryOut]
    count: int


class DeliveryFilter(Schema):
    state: DeliveryState | None = None
    event: str | None = Field(None, max_length=40)


def _etag(s: Subscription) -> str:
    return etag_for(s.pk, s.url, s.events, s.description, s.disabled_because, s.secret_rotated_at)


def _subscription(request: HttpRequest, subscription_id: UUID) -> Subscription:
    return access.get_subscription_for_user(api_user(request), subscription_id)


def _organisation(request: HttpRequest, ident: str | None) -> Organisation | None:
    """The organisation a body names, among those the caller coordinates (404 for any other)."""
    if ident is None:
        return None
    return get_by_id_or_slug(coordinated_organisations(api_user(request)), ident)


@router.get(
    "/subscriptions",
    response=SubscriptionList,
    auth=AUTHENTICATED,
    summary="Webhook subscriptions you manage",
    description="Your organisations' subscriptions (coordinators); administrators also see the platform's.",
)
def list_subscriptions(request: HttpRequest, page: Query[Page]) -> dict[str, Any]:
    return paginate(access.subscriptions_for(api_user(request)).order_by("-created_at", "-id"), page)


@router.post(
    "/subscriptions",
    response={201: SubscriptionWithSecret},
    auth=AUTHENTICATED,
    summary="Create a webhook subscription",
    description=(
        "For an organisation you coordinate, or (administrators, `organisation` null) for the platform. "
        "The answer holds the signing secret; it is never shown again (rotate it to get a new one). "
        "422 names each refused field: an address that is not https on a public host, an unknown event. "
        "404: an organisation you do not coordinate. 403: a platform subscription by someone who is not an "
        "administrator."
    ),
)
def create_subscription(request: HttpRequest, response: HttpResponse, payload: SubscriptionIn) -> Status[Any]:
    user = api_user(request)
    made = actions.create_subscription(
        user,
        organisation=_organisation(request, payload.organisation),
        url=payload.url,
        events=payload.events,
        description=payload.description,
    )
    response["Location"] = f"{request.path.rstrip('/')}/{made.subscription.public_id}"
    response["ETag"] = _etag(made.subscription)
    made.subscription.secret = made.secret  # type: ignore[attr-defined]
    return Status(201, made.subscription)


@router.get(
    "/subscriptions/{subscription_id}",
    response=SubscriptionOut,
    auth=AUTHENTICATED,
    summary="One webhook subscription",
    description="With an ETag for `If-Match` on a change. 404 for another organisation's subscription.",
)
def get_subscription(request: HttpRequest, response: HttpResponse, subscription_id: UUID) -> Subscription:
    subscription = _subscription(request, subscription_id)
    response["ETag"] = _etag(subscription)
    return subscription


@router.patch(
    "/subscriptions/{subscription_id}",
    response=SubscriptionOut,
    auth=AUTHENTICATED,
    summary="Change a webhook subscription",
    description=(
        "Only the fields sent change; `active` turns it off or on (waiting deliveries go out then). "
        "412 when `If-Match` names an older version; 422 names each refused field."
    ),
)
def update_subscription(
    request: HttpRequest, response: HttpResponse, subscription_id: UUID, payload: SubscriptionPatch
) -> Subscription:
    user = api_user(request)
    subscription = _subscription(request, subscription_id)
    check_if_match(request, _etag(subscription))
    changes = payload.changes()
    active = changes.pop("active", None)
    if any(value is None for value in changes.values()):
        raise ValidationError({name: "May not be null." for name, value in changes.items() if value is None})
    if changes:
        subscription = actions.update_subscription(user, subscription, **changes)
    if active is not None:
        subscription = actions.set_active(user, subscription, active)
    response["ETag"] = _etag(subscription)
    return subscription


@router.delete(
    "/subscriptions/{subscription_id}",
    response={204: None},
    auth=AUTHENTICATED,
    summary="Delete a webhook subscription",
    description="With its delivery log. 412 when `If-Match` names an older version.",
)
def delete_subscription(request: HttpRequest, subscription_id: UUID) -> Status[None]:
    subscription = _subscription(request, subscription_id)
    check_if_match(request, _etag(subscription))
    actions.delete_subscription(api_user(request), subscription)
    return Status(204, None)


@router.post(
    "/subscriptions/{subscription_id}/rotate-secret",
    response=SubscriptionWithSecret,
    auth=AUTHENTICATED,
    summary="Give a subscription a new signing secret",
    description="Deliveries from now on are signed with the new secret, which this answer shows once.",
)
def rotate_secret(request: HttpRequest, response: HttpResponse, subscription_id: UUID) -> Subscription:
    made = actions.rotate_secret(api_user(request), _subscription(request, subscription_id))
    response["ETag"] = _etag(made.subscription)
    made.subscription.secret = made.secret  # type: ignore[attr-defined]
    return made.subscription


@router.post(
    "/subscriptions/{subscription_id}/test",
    response={202: DeliveryOut},
    auth=AUTHENTICATED,
    summary="Send a test event",
    description="A `webhook.test` delivery to this subscription only. 422 when the subscription is off.",
)
def send_test(request: HttpRequest, subscription_id: UUID) -> Status[Any]:
    delivery = actions.send_test(api_user(request), _subscription(request, subscription_id))
    delivery.refresh_from_db()
    return Status(202, delivery)


@router.get(
    "/subscriptions/{subscription_id}/deliveries",
    response=DeliveryList,
    auth=AUTHENTICATED,
    summary="A subscription's delivery log",
    description="The latest first, optionally only one state or event.",
)
def list_deliveries(
    request: HttpRequest, subscription_id: UUID, page: Query[Page], filters: Query[DeliveryFilter]
) -> dict[str, Any]:
    rows = _subscription(request, subscription_id).deliveries.order_by("-created_at", "-id")
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.event:
        rows = rows.filter(event=filters.event)
    return paginate(rows, page)


def _delivery(request: HttpRequest, subscription_id: UUID, delivery_id: UUID) -> Delivery:
    return access.get_delivery_in(_subscription(request, subscription_id), delivery_id)


@router.get(
    "/subscriptions/{subscription_id}/deliveries/{delivery_id}",
    response=DeliveryDetail,
    auth=AUTHENTICATED,
    summary="One delivery, with its message and attempts",
)
def get_delivery(request: HttpRequest, subscription_id: UUID, delivery_id: UUID) -> Delivery:
    return _delivery(request, subscription_id, delivery_id)


@router.post(
    "/subscriptions/{subscription_id}/deliveries/{delivery_id}/redeliver",
    response={202: DeliveryOut},
    auth=AUTHENTICATED,
    summary="Send a delivery again",
    description=(
        "The same message with the same `webhook-id`, from the start of the retry schedule. 422 while it is being sent."
    ),
)
def redeliver(request: HttpRequest, subscription_id: UUID, delivery_id: UUID) -> Status[Any]:
    delivery = actions.redeliver(api_user(request), _delivery(request, subscription_id, delivery_id))
    delivery.refresh_from_db()
    return Status(202, delivery)
