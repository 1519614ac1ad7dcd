"""The client's address behind trusted proxies: one derivation, used by every rate limit.

A forged ``X-Forwarded-For`` from outside the trusted set is ignored (the attacker stays in their
own bucket); a chain through trusted proxies gives each client behind them their own bucket.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from allauth.account.adapter import get_adapter
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory

from jamlik.credentials.ratelimit import VERIFY_LIMIT
from jamlik.lib.clientip import TrustedProxies, client_ip, derive, parse_trusted_proxies
from jamlik.people.models import User

NGINX = "10.0.0.5"
CLIENT = "203.0.113.7"
NEIGHBOUR = "198.51.100.20"
FORGED = "192.0.2.99"


def test_without_trusted_proxies_x_forwarded_for_is_ignored() -> None:
    assert derive(CLIENT, f"{FORGED}", TrustedProxies()) == CLIENT


def test_with_one_trusted_proxy_the_address_it_saw_is_the_client() -> None:
    one = parse_trusted_proxies("1")
    assert derive(NGINX, CLIENT, one) == CLIENT
    # The client forged an entry; nginx appended the address it really came from.
    assert derive(NGINX, f"{FORGED}, {CLIENT}", one) == CLIENT
    assert derive(NGINX, f"{FORGED},{FORGED}, {CLIENT}", one) == CLIENT
    assert derive(NGINX, "", one) == NGINX  # a request that did not come through the proxy chain


def test_with_two_trusted_proxies_the_outermost_ones_view_counts() -> None:
    two = parse_trusted_proxies("2")
    assert derive(NGINX, f"{FORGED}, {CLIENT}, 10.0.0.9", two) == CLIENT


def test_with_trusted_networks_forged_entries_from_outside_are_ignored() -> None:
    ours = parse_trusted_proxies("10.0.0.0/8, 2001:db8::1")
    assert derive(NGINX, f"{FORGED}, {CLIENT}, 10.0.0.9", ours) == CLIENT
    assert derive("2001:db8::1", CLIENT, ours) == CLIENT
    # Someone who reaches the application directly cannot pose as anyone.
    assert derive(NEIGHBOUR, f"{FORGED}", ours) == NEIGHBOUR
    assert derive(NGINX, f"not-an-address, {CLIENT}", ours) == CLIENT
    assert derive(NGINX, "not-an-address", ours) == NGINX  # a broken proxy falls back to its own view
    assert derive(NGINX, "[2001:db8::7]:443", ours) == "2001:db8::7"
    assert derive("::ffff:203.0.113.7", "", ours) == CLIENT


def test_a_typo_in_the_setting_stops_the_start() -> None:
    with pytest.raises(ImproperlyConfigured, match=r"10\.0\.0\.0/33"):
        parse_trusted_proxies("10.0.0.0/33")


def verify(address: str, forwarded: str = "") -> int:
    headers = {"x-forwarded-for": forwarded} if forwarded else {}
    return Client(REMOTE_ADDR=address, headers=headers).get("/verify/K7Q2-M9XD-4HPT-AB3C/").status_code


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 3, 2, 10, 0, 30, tzinfo=datetime.UTC), tick=False)
def test_forged_x_forwarded_for_does_not_escape_the_verification_limit(settings: Any, any_cache: None) -> None:
    settings.JAMLIK_TRUSTED_PROXIES = ""
    for n in range(VERIFY_LIMIT):
        assert verify(CLIENT, f"192.0.2.{n}") == 404
    assert verify(CLIENT, "192.0.2.200") == 429
    assert verify(NEIGHBOUR) == 404


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 3, 2, 10, 0, 30, tzinfo=datetime.UTC), tick=False)
def test_behind_the_proxy_each_client_has_its_own_verification_limit(settings: Any, any_cache: None) -> None:
    settings.JAMLIK_TRUSTED_PROXIES = "10.0.0.0/8"
    for n in range(VERIFY_LIMIT):
        assert verify(NGINX, f"192.0.2.{n}, {CLIENT}") == 404
    assert verify(NGINX, f"{FORGED}, {CLIENT}") == 429
    assert verify(NGINX, NEIGHBOUR) == 404  # the whole country does not share the proxy's bucket
    assert verify(NEIGHBOUR, CLIENT) == 404  # not through our proxy: counted as the neighbour


@pytest.mark.django_db
def test_allauth_reads_the_same_address(settings: Any) -> None:
    settings.JAMLIK_TRUSTED_PROXIES = "1"
    request = RequestFactory().get("/", REMOTE_ADDR=NGINX, headers={"x-forwarded-for": f"{FORGED}, {CLIENT}"})
    assert get_adapter(request).get_client_ip(request) == client_ip(request) == CLIENT


@pytest.mark.django_db
def test_allauths_sign_in_limit_counts_each_client_behind_the_proxy_and_ignores_forgeries(
    learner_a: User, settings: Any, any_cache: None
) -> None:
    settings.JAMLIK_TRUSTED_PROXIES = "1"
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}

    def sign_in(forwarded: str) -> int:
        client = Client(REMOTE_ADDR=NGINX, headers={"x-forwarded-for": forwarded})
        return client.post("/konto/login/", {"login": learner_a.email, "password": "fel"}).status_code

    with time_machine.travel("2026-11-23 10:00:20+01:00", tick=False):
        assert [sign_in(CLIENT), sign_in(f"{FORGED}, {CLIENT}")] == [200, 200]
        assert sign_in(f"192.0.2.1, {CLIENT}") == 429
        assert sign_in(NEIGHBOUR) == 200
