"""Good examples, news and pages in the API."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["knowledge"])
