from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "jamlik.people"
    verbose_name = _("People and organisations")

    def ready(self) -> None:
        from jamlik.people import signals  # noqa: F401  (connects the receivers)
