import json
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamlik.courses.actions import enrol
from jamlik.courses.models import CourseVersion, Delivery
from jamlik.packages.cmi5 import actions
from jamlik.packages.cmi5.models import LaunchMode
from jamlik.packages.models import ItemKind
from jamlik.people.models import User


class Command(BaseCommand):
    help = (
        "Launch an AU of a published cmi5 course for a learner, as the player page does, and print the launch URL "
        "(for conformance runs and support): `jamlik cmi5-launch VERSION AU_INDEX EMAIL [--launch-mode Browse]`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("version", type=uuid.UUID, help="The course version's public id")
        parser.add_argument("au", type=int, help="The AU's place among the course's AUs, from 0")
        parser.add_argument("email", help="The learner (enrolled now if not yet)")
        parser.add_argument("--launch-mode", default=LaunchMode.NORMAL, choices=LaunchMode.values)
        parser.add_argument("--return-url", default="")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        version = CourseVersion.objects.filter(public_id=options["version"], delivery=Delivery.CMI5).first()
        if version is None:
            raise CommandError("No cmi5 course version with that id.")
        user = User.objects.filter(email__iexact=options["email"]).first()
        if user is None:
            raise CommandError("No person with that address.")
        aus = list(version.package.items.filter(kind=ItemKind.AU).order_by("position"))
        if not 0 <= options["au"] < len(aus):
            raise CommandError(f"The course has {len(aus)} AUs.")
        try:
            enrol(user, version.course)
            started = actions.launch(
                user, aus[options["au"]], launch_mode=options["launch_mode"], return_url=options["return_url"]
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if options["json"]:
            session = started.session
            self.stdout.write(
                json.dumps(
                    {
                        "url": started.url,
                        "session": str(session.public_id),
                        "registration": str(session.registration.public_id),
                    }
                )
            )
        else:
            self.stdout.write(started.url)
