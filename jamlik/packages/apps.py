from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PackagesConfig(AppConfig):
    name = "jamlik.packages"
    verbose_name = _("Content packages (SCORM, cmi5)")

    def ready(self) -> None:
        # cmi5 sessions at the LRS (docs/cmi5.md): what their credential may do, and their statements.
        from jamlik.lrs import hooks
        from jamlik.packages.cmi5.guard import check_request
        from jamlik.packages.cmi5.tracking import before_store

        hooks.on_session_request(check_request)
        hooks.on_statements(before_store)
