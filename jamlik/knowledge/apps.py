from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "jamlik.knowledge"
    verbose_name = _("Good examples, news and pages")
