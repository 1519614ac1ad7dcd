from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "jamlik.programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from jamlik.courses.events import completions_announced, course_completed
        from jamlik.programmes.attendance import on_completions_announced, on_course_completed
        from jamlik.programmes.models import Booking
        from jamlik.programmes.seats import recount_after_delete

        post_delete.connect(recount_after_delete, sender=Booking, dispatch_uid="programmes.recount_after_delete")
        course_completed.subscribe(on_course_completed)
        completions_announced.subscribe(on_completions_announced)
