import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamlik.packages.cmi5 import actions
from jamlik.packages.cmi5.models import Registration
from jamlik.packages.models import ItemKind


class Command(BaseCommand):
    help = "Waive an AU for a cmi5 registration: `jamlik cmi5-waive REGISTRATION AU_INDEX REASON`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("registration", type=uuid.UUID)
        parser.add_argument("au", type=int, help="The AU's place among the course's AUs, from 0")
        parser.add_argument("reason", choices=actions.WAIVE_REASONS)

    def handle(self, *args: Any, **options: Any) -> None:
        registration = Registration.objects.filter(public_id=options["registration"]).first()
        if registration is None:
            raise CommandError("No such registration.")
        aus = list(registration.package.items.filter(kind=ItemKind.AU).order_by("position"))
        if not 0 <= options["au"] < len(aus):
            raise CommandError(f"The course has {len(aus)} AUs.")
        try:
            actions.waive(None, registration.public_id, aus[options["au"]], options["reason"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write("Waived.")
