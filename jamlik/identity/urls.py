"""The identity app's pages: each part (staff list, identity providers, SCIM) lists its own."""

from django.urls import include, path

app_name = "identity"
urlpatterns = [
    path("", include("jamlik.identity.roster.urls")),
]
