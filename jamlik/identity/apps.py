from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "jamlik.identity"
    verbose_name = _("Sign-in through organisations and staff provisioning")

    def ready(self) -> None:
        from jamlik.identity import signals  # noqa: F401 (connects the receivers)
