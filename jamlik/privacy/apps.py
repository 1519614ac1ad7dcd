from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "jamlik.privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from jamlik.privacy.models import DataExport, delete_file

        # An export row deleted with its person (erasure, the admin) takes its file with it.
        post_delete.connect(delete_file, sender=DataExport, dispatch_uid="privacy.delete_export_file")
