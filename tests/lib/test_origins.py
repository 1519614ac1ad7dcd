"""The origins of JAMLIK_CONTENT_ORIGIN and JAMLIK_SITE_URL, and whether a request is for one."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from jamlik.lib.origins import is_origin_host, loopback_partner, normalise_origin


def test_an_origin_is_written_one_way() -> None:
    assert normalise_origin("HTTPS://Innehall.Example.se:443/", setting="X") == "https://innehall.example.se"
    assert normalise_origin("http://localhost:8000", setting="X") == "http://localhost:8000"
    assert normalise_origin(" ", setting="X") == ""


@pytest.mark.parametrize(
    "value", ["innehall.example.se", "ftp://x.se", "https://x.se/path", "https://user@x.se", "https://x.se:port"]
)
def test_anything_but_an_origin_stops_the_start_with_the_settings_name(value: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="JAMLIK_CONTENT_ORIGIN"):
        normalise_origin(value, setting="JAMLIK_CONTENT_ORIGIN")


def test_the_demo_pairs_the_two_names_of_the_loopback_address() -> None:
    assert loopback_partner("http://127.0.0.1:8000") == "http://localhost:8000"
    assert loopback_partner("http://localhost:8241") == "http://127.0.0.1:8241"
    assert loopback_partner("https://jamlik.example.se") == ""


def test_the_host_name_alone_says_whether_a_request_is_for_the_origin() -> None:
    assert is_origin_host("localhost:8000", "http://localhost:8000")
    assert is_origin_host("LOCALHOST:9999", "http://localhost:8000")
    assert is_origin_host("innehall.example.se", "https://innehall.example.se")
    assert not is_origin_host("127.0.0.1:8000", "http://localhost:8000")
    assert not is_origin_host("localhost:8000", "")
