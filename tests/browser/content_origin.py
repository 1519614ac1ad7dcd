"""Fixtures for the browser tests that play packages: the live server answers as the platform on
``localhost`` and as the content origin on ``127.0.0.1``; the browser may reach both and nothing
else. Import them into a test module (``from tests.browser.content_origin import ...``)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Route


@pytest.fixture
def content_origin(server_url: str, settings: Any) -> str:
    """The live server answers as the platform on localhost and as the content origin on 127.0.0.1."""
    assert server_url.startswith("http://localhost:"), server_url
    origin = server_url.replace("http://localhost:", "http://127.0.0.1:")
    settings.SITE_URL = server_url
    settings.JAMLIK_CONTENT_ORIGIN = origin
    return origin


@pytest.fixture
def context(context: BrowserContext, server_url: str, content_origin: str) -> BrowserContext:
    """Requests to the live server under either name go through; everything else is aborted."""
    context.unroute("**/*")

    def only_this_machine(route: Route) -> None:
        if route.request.url.startswith((server_url + "/", content_origin + "/")):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_this_machine)
    return context
