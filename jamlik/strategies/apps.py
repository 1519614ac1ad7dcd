from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategiesConfig(AppConfig):
    name = "jamlik.strategies"
    verbose_name = _("Strategies and follow-up")

    def ready(self) -> None:
        """Add the follow-up roll-up to the statistics report (see jamlik/statistics/report.py)."""
        from jamlik.statistics.report import SECTIONS, Section
        from jamlik.strategies.rollup import report_context

        if not any(section.key == "strategies" for section in SECTIONS):
            SECTIONS.append(
                Section("strategies", _("Strategy follow-up"), "strategies/report_section.html", report_context)
            )
