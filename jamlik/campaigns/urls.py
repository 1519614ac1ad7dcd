from django.urls import path

from jamlik.campaigns.views import coordinator, manage, public

app_name = "campaigns"
urlpatterns = [
    path("kampanjer/", public.campaign_list, name="list"),
    path("kampanjer/ny/", manage.new, name="new"),
    path("kampanjer/<slug:slug>/", public.campaign_page, name="campaign"),
    path("kampanjer/<slug:slug>/inbaddning/", public.embed, name="embed"),
    path("kampanjer/<slug:slug>/anmal/", coordinator.apply, name="apply"),
    path("kampanjer/<slug:slug>/organisation/<slug:org_slug>/", coordinator.own, name="own"),
    path("kampanjer/<slug:slug>/organisation/<slug:org_slug>/paminn/", coordinator.remind, name="remind"),
    path("kampanjer/<slug:slug>/organisation/<slug:org_slug>/veckobrev/", coordinator.digest, name="digest"),
    path("kampanjer/<slug:slug>/hantera/", manage.manage, name="manage"),
    path("kampanjer/<slug:slug>/hantera/publicera/", manage.publish, name="publish"),
    path("kampanjer/<slug:slug>/hantera/bjud-in/", manage.invite, name="invite"),
    path("kampanjer/<slug:slug>/hantera/starta/", manage.start, name="start"),
    path("kampanjer/<slug:slug>/hantera/stang/", manage.close, name="close"),
    path("kampanjer/<slug:slug>/hantera/nyhet/", manage.news, name="news"),
    path("kampanjer/<slug:slug>/hantera/resultat/<int:row_id>/", manage.amend, name="amend"),
    path(
        "kampanjer/<slug:slug>/hantera/deltagare/<int:pk>/<str:what>/",
        manage.participant_action,
        name="participant",
    ),
]
