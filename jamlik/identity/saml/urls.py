"""SAML addresses per identity provider, under ``/konto/saml/<slug>/`` (allauth mounts them: see provider.py).

The names are allauth's, so its provider and templates find them. No single logout service:
signing out of Jämlik ends only the Jämlik session.
"""

from django.urls import include, path

from jamlik.identity.saml import views

urlpatterns = [
    path(
        "saml/<slug:organization_slug>/",
        include(
            [
                path("acs/", views.acs, name="saml_acs"),
                path("acs/finish/", views.finish_acs, name="saml_finish_acs"),
                path("metadata/", views.metadata, name="saml_metadata"),
                path("login/", views.login, name="saml_login"),
            ]
        ),
    )
]
