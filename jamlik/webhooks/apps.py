from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "jamlik.webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from jamlik.webhooks import outbox
        from jamlik.webhooks.forwarding import outbox as forwarding_outbox

        outbox.subscribe()
        forwarding_outbox.connect()
