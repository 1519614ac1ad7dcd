from typing import Any

from django.core.management.base import BaseCommand

from jamlik.people.reference import load_reference_data


class Command(BaseCommand):
    help = "Load Sweden's 21 counties with their county boards, the 290 municipalities and the regions (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_reference_data()
        self.stdout.write(f"Created {result.counties} counties and {result.organisations} organisations.")
