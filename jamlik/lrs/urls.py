"""The xAPI learning record store (``/xapi/``) and the pages for its clients. See docs/xapi.md."""

from django.urls import URLPattern, URLResolver, path

from jamlik.lrs.views import about, clients, documents, statements

app_name = "lrs"
urlpatterns: list[URLPattern | URLResolver] = [
    path("xapi/", about.root, name="root"),
    path("xapi/about", about.about, name="about"),
    path("xapi/statements", statements.statements, name="statements"),
    path("xapi/activities/state", documents.state, name="state"),
    path("xapi/activities/profile", documents.activity_profile, name="activity_profile"),
    path("xapi/activities", documents.activities, name="activities"),
    path("xapi/agents/profile", documents.agent_profile, name="agent_profile"),
    path("xapi/agents", documents.agents, name="agents"),
    path("organisationer/<slug:slug>/xapi/", clients.organisation_clients, name="clients"),
    path("organisationer/<slug:slug>/xapi/<uuid:public_id>/aterkalla/", clients.revoke, name="revoke"),
    path("drift/xapi/", clients.platform_clients, name="platform_clients"),
    path("drift/xapi/<uuid:public_id>/aterkalla/", clients.revoke_platform, name="revoke_platform"),
]
