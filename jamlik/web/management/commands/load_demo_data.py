from typing import Any

from django.core.management.base import BaseCommand

from jamlik.demo import load_all


class Command(BaseCommand):
    help = "Load the demo organisations, people and content. Running it again creates nothing twice."

    def handle(self, *args: Any, **options: Any) -> None:
        for line in load_all():
            self.stdout.write(line)
