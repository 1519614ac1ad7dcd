from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "jamlik.campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        from jamlik.campaigns.counting import count_completion, count_imported
        from jamlik.courses.events import completions_imported, course_completed

        course_completed.subscribe(count_completion)
        completions_imported.subscribe(count_imported)
