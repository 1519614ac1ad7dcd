import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamlik.courses.versions import publish_version
from jamlik.packages.cmi5.importing import import_course
from jamlik.packages.zipcheck import PackageRejected
from jamlik.people.models import Organisation


class Command(BaseCommand):
    help = (
        "Import a cmi5 course (a zip with cmi5.xml, or cmi5.xml alone with external AUs) as a new draft course: "
        "`jamlik cmi5-import FILE [--organisation SLUG] [--publish] [--json]`. All or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--organisation", help="Short address of the owning organisation (default: the platform)")
        parser.add_argument("--publish", action="store_true", help="Publish the new version at once")
        parser.add_argument("--json", action="store_true", help="Print the result as JSON (for scripts)")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(slug=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"No organisation with the address {options['organisation']!r}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            with path.open("rb") as handle:
                version = import_course(None, handle, organisation=organisation, filename=path.name)
        except PackageRejected as exc:
            if options["json"]:
                self.stdout.write(json.dumps({"imported": False, "problems": exc.messages}))
                return
            raise CommandError("Nothing was imported:\n- " + "\n- ".join(exc.messages)) from exc
        if options["publish"]:
            publish_version(None, version)
        if options["json"]:
            self.stdout.write(
                json.dumps({"imported": True, "version": str(version.public_id), "course": version.course.slug})
            )
        else:
            self.stdout.write(
                f"Imported as course {version.course.slug!r}, version {version.number} ({version.public_id})."
            )
