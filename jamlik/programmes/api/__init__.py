"""Programmes in the API (docs/api.md, "Programmes"; docs/programmes.md).

Every resource is named by its ``id`` (a UUID); a programme also by its slug where a path says
``{programme}``. Operations call the same actions as the pages (``authoring``, ``organiser``,
``actions``, ``attendance``), which check who may act; lookups go through ``access``, so
another organisation's rows answer 404.
"""

from jamlik.programmes.api import authoring, manage, participant, public  # noqa: F401  (registers operations)
from jamlik.programmes.api.routing import module_router, registration_router, router, session_router

__all__ = ["module_router", "registration_router", "router", "session_router"]
