from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamlik.courses.bundle import BundleError, import_course
from jamlik.people.models import Organisation


class Command(BaseCommand):
    help = (
        "Import a course bundle as a new draft course owned by an organisation: "
        "`jamlik course-import FILE.zip --organisation SLUG`. All or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A bundle exported from Jämlik")
        parser.add_argument("--organisation", required=True, help="Short address of the organisation that adopts it")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the address {options['organisation']!r}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            with path.open("rb") as handle:
                course = import_course(None, organisation, handle)
        except BundleError as exc:
            raise CommandError("Nothing was imported:\n- " + "\n- ".join(exc.messages)) from exc
        self.stdout.write(f"Imported as the draft course {course.slug!r} owned by {organisation.name}.")
