from django.apps import AppConfig


class OidcConfig(AppConfig):
    name = "jamlik.identity.oidc"
    label = "identity_oidc"
    verbose_name = "OpenID Connect"
