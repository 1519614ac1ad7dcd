from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "jamlik.programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from jamlik.courses.events import completions_announced, course_completed
        from jamlik.programmes.attendance import on_completions_announced, on_course_completed

        course_completed.subscribe(on_course_completed)
        completions_announced.subscribe(on_completions_announced)
