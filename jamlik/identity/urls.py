"""The identity app's pages: each part (staff list, identity providers, SCIM) lists its own."""

from django.urls import include, path

from jamlik.identity import signin
from jamlik.identity.views import providers

app_name = "identity"
urlpatterns = [
    path("", include("jamlik.identity.roster.urls")),
    # Sign-in through the organisation: the sign-in page's part, and the coordinator pages.
    path("konto/organisation/", signin.choose, name="choose"),
    path("konto/organisation/logga-in/", signin.start, name="start"),
    path("organisationer/<slug:slug>/inloggning/", providers.providers, name="org_providers"),
    path("organisationer/<slug:slug>/inloggning/oidc/ny/", providers.edit_oidc, name="org_new_oidc"),
    path("organisationer/<slug:slug>/inloggning/saml/ny/", providers.new_saml, name="org_new_saml"),
    path("organisationer/<slug:slug>/inloggning/<uuid:public_id>/", providers.edit_oidc, name="org_provider"),
    path(
        "organisationer/<slug:slug>/inloggning/<uuid:public_id>/pa/",
        providers.set_enabled,
        {"enabled": True},
        name="org_enable_provider",
    ),
    path(
        "organisationer/<slug:slug>/inloggning/<uuid:public_id>/av/",
        providers.set_enabled,
        {"enabled": False},
        name="org_disable_provider",
    ),
]
