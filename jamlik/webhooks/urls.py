from django.urls import path

from jamlik.webhooks.forwarding import views as forwarding
from jamlik.webhooks.views import pages

app_name = "webhooks"
urlpatterns = [
    path("organisationer/<slug:slug>/webhooks/", pages.organisation_list, name="org_list"),
    path("drift/webhooks/", pages.platform_list, name="platform_list"),
    path("organisationer/<slug:slug>/xapi/vidarebefordran/", forwarding.forwarding, name="lrs_forwarding"),
    path("organisationer/<slug:slug>/xapi/vidarebefordran/sluta/", forwarding.remove, name="lrs_forwarding_remove"),
    path("webhooks/<uuid:public_id>/", pages.detail, name="detail"),
    path("webhooks/<uuid:public_id>/andra/", pages.edit, name="edit"),
    path("webhooks/<uuid:public_id>/nytt-hemligt-varde/", pages.rotate, name="rotate"),
    path("webhooks/<uuid:public_id>/pa/", pages.set_active, {"active": True}, name="enable"),
    path("webhooks/<uuid:public_id>/av/", pages.set_active, {"active": False}, name="disable"),
    path("webhooks/<uuid:public_id>/test/", pages.send_test, name="test"),
    path("webhooks/<uuid:public_id>/ta-bort/", pages.delete, name="delete"),
    path("webhooks/<uuid:public_id>/leveranser/<uuid:delivery_id>/", pages.delivery, name="delivery"),
    path("webhooks/<uuid:public_id>/leveranser/<uuid:delivery_id>/skicka-igen/", pages.redeliver, name="redeliver"),
]
