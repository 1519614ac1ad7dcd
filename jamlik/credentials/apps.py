from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    name = "jamlik.credentials"
    verbose_name = _("Diplomas")

    def ready(self) -> None:
        from jamlik.credentials import receivers

        receivers.subscribe()
