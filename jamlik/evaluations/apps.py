from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "jamlik.evaluations"
    verbose_name = _("Evaluations")

    def ready(self) -> None:
        """Invite to the evaluation after a course completion and after an attended session."""
        from jamlik.evaluations import notify

        notify.subscribe()
