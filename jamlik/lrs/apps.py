from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LrsConfig(AppConfig):
    name = "jamlik.lrs"
    verbose_name = _("Learning record store (xAPI)")

    def ready(self) -> None:
        from jamlik.lrs.learning import listeners

        listeners.connect()
