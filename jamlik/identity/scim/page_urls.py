from django.urls import path

from jamlik.identity.scim import pages

app_name = "scim_pages"
urlpatterns = [
    path("organisationer/<slug:slug>/scim/", pages.tokens, name="tokens"),
    path("organisationer/<slug:slug>/scim/<uuid:public_id>/aterkalla/", pages.revoke, name="revoke"),
]
