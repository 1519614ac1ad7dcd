"""The xAPI learning record store (``/xapi/``) and the pages for its clients. See docs/xapi.md."""

import re

from django.urls import URLPattern, URLResolver, path, re_path

from jamlik.lrs.views import about, clients, documents, statements

app_name = "lrs"
_RESOURCES = [
    ("about", about.about, "about"),
    ("statements", statements.statements, "statements"),
    ("activities/state", documents.state, "state"),
    ("activities/profile", documents.activity_profile, "activity_profile"),
    ("activities", documents.activities, "activities"),
    ("agents/profile", documents.agent_profile, "agent_profile"),
    ("agents", documents.agents, "agents"),
]
urlpatterns: list[URLPattern | URLResolver] = [
    path("xapi/", about.root, name="root"),
    *[path(f"xapi/{route}", view, name=name) for route, view, name in _RESOURCES],
    # A cmi5 AU is given the endpoint ".../xapi/" and some add a slash of their own before the
    # resource (ADL's CATAPULT test AUs ask for "/xapi//activities/state"): the same resources.
    *[re_path(rf"^xapi//+{re.escape(route)}$", view) for route, view, _name in _RESOURCES],
    path("organisationer/<slug:slug>/xapi/", clients.organisation_clients, name="clients"),
    path("organisationer/<slug:slug>/xapi/<uuid:public_id>/aterkalla/", clients.revoke, name="revoke"),
    path("drift/xapi/", clients.platform_clients, name="platform_clients"),
    path("drift/xapi/<uuid:public_id>/aterkalla/", clients.revoke_platform, name="revoke_platform"),
]
