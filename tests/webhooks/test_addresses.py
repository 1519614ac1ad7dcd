"""Server-side request forgery: endpoints on private, local or metadata addresses are refused when
a subscription is saved and again before each attempt (DNS can change after the check)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from jamlik.people.models import Organisation, User
from jamlik.webhooks import actions, addresses
from jamlik.webhooks.models import Delivery, DeliveryState, EventType
from tests.webhooks.conftest import subscribe
from tests.webhooks.receiver import Receiver

REFUSED = [
    "https://10.1.2.3/hook",
    "https://192.168.0.10/hook",
    "https://172.16.5.5/hook",
    "https://169.254.169.254/latest/meta-data/",  # cloud metadata
    "https://[::1]/hook",
    "https://[fe80::1]/hook",
    "https://[::ffff:10.0.0.1]/hook",
    "https://0.0.0.0/hook",
    "https://224.0.0.1/hook",
    "https://127.0.0.1/hook",
    "https://localhost/hook",  # a name that resolves to loopback
    "http://93.184.215.14/hook",  # plain http to a public address
    "https://user:pass@93.184.215.14/hook",
    "ftp://93.184.215.14/hook",
    "https:///nohost",
]


@pytest.mark.parametrize("url", REFUSED)
@pytest.mark.django_db
def test_an_endpoint_that_is_not_public_https_is_refused(
    url: str, coordinator_a: User, org_a: Organisation, settings: Any
) -> None:
    settings.JAMLIK_WEBHOOKS_ALLOW_LOOPBACK = False
    with pytest.raises(ValidationError) as refused:
        actions.create_subscription(coordinator_a, organisation=org_a, url=url, events=[EventType.DIPLOMA_ISSUED])
    assert set(refused.value.message_dict) == {"url"}


@pytest.mark.django_db
def test_a_public_https_endpoint_is_accepted(coordinator_a: User, org_a: Organisation) -> None:
    made = actions.create_subscription(
        coordinator_a, organisation=org_a, url="https://93.184.215.14/hook", events=[EventType.DIPLOMA_ISSUED]
    )
    assert made.secret.startswith("whsec_")
    assert made.secret not in made.subscription.secret_encrypted  # encrypted at rest


def test_every_address_of_a_name_must_be_public(settings: Any) -> None:
    settings.JAMLIK_WEBHOOKS_ALLOW_LOOPBACK = False
    assert addresses.allowed_address(addresses.ipaddress.ip_address("93.184.215.14"))
    assert not addresses.allowed_address(addresses.ipaddress.ip_address("100.64.0.1"))  # carrier-grade NAT


@pytest.mark.django_db
def test_an_endpoint_that_became_local_is_refused_at_delivery_time_and_nothing_is_sent(
    coordinator_a: User, org_a: Organisation, receiver: Receiver, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    made = subscribe(coordinator_a, org_a, receiver)
    settings.JAMLIK_WEBHOOKS_ALLOW_LOOPBACK = False  # as in production: the address is now refused
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_test(coordinator_a, made.subscription)
    assert receiver.received == []
    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.PENDING
    assert "https://" in delivery.attempt_log.get().error
