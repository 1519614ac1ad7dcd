from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "jamlik.web"
    verbose_name = _("Site pages and notices")

    def ready(self) -> None:
        from jamlik.lib.site import sync_site_row
        from jamlik.people import my_page
        from jamlik.web import (
            checks,  # noqa: F401 (registers the accent colour check)
            notices,  # noqa: F401 (a saved or deleted notice empties the process's copy)
        )
        from jamlik.web.home import my_page_context

        # "My page" shows the person's courses, registrations and diplomas (issue 19).
        my_page.add(my_page.Part("learning", "web/home/learner.html", my_page_context))

        # After every migrate (and test database flush): the Site row follows SITE_URL.
        post_migrate.connect(sync_site_row, sender=self, dispatch_uid="jamlik.web.sync_site_row")
