import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamlik.packages.cmi5 import actions
from jamlik.packages.cmi5.models import Session


class Command(BaseCommand):
    help = "Abandon an open cmi5 session (the LMS writes abandoned): `jamlik cmi5-abandon SESSION`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("session", type=uuid.UUID)

    def handle(self, *args: Any, **options: Any) -> None:
        if not Session.objects.filter(public_id=options["session"]).exists():
            raise CommandError("No such session.")
        actions.abandon(None, options["session"])
        self.stdout.write("Abandoned.")
