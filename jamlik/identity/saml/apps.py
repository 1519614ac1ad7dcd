from django.apps import AppConfig


class SamlConfig(AppConfig):
    """Installed so allauth's provider registry finds ``provider.py`` (and mounts ``urls.py``)."""

    name = "jamlik.identity.saml"
    label = "identity_saml"
    verbose_name = "SAML 2.0"
