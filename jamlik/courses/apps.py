from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "jamlik.courses"
    verbose_name = _("Courses")

    def ready(self) -> None:
        from jamlik.courses import published  # the models are ready only now

        published.connect()
