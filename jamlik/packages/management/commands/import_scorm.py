from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from jamlik.courses.models import Course
from jamlik.lib.api.lookup import get_by_id_or_slug
from jamlik.packages.actions import import_package
from jamlik.packages.models import Package
from jamlik.packages.zipcheck import PackageRejected
from jamlik.people.models import Language, Organisation


class Command(BaseCommand):
    help = (
        "Import a SCORM 1.2 or 2004 package as a new draft course (`jamlik import-scorm FILE.zip "
        "--organisation SLUG`, or without --organisation a platform course) or as the next version of a "
        "SCORM course (`--course SLUG`). All or nothing; the platform acts, as for other imports."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The package (a zip with imsmanifest.xml at the top)")
        parser.add_argument("--organisation", help="Short address of the organisation that owns the new course")
        parser.add_argument("--course", help="A SCORM course (its short address or id) to add a version to")
        parser.add_argument(
            "--language", default=Language.SV, choices=Language.values, help="The new course's language"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        if options["course"] and options["organisation"]:
            raise CommandError("Give --course (a new version) or --organisation (a new course), not both.")
        course: Course | None = None
        organisation: Organisation | None = None
        if options["course"]:
            try:
                course = get_by_id_or_slug(Course.objects.select_related("owner"), options["course"])
            except Http404 as exc:
                raise CommandError(f"No course {options['course']!r}.") from exc
        elif options["organisation"]:
            organisation = Organisation.objects.filter(slug=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"No organisation with the address {options['organisation']!r}.")
        try:
            with path.open("rb") as handle:
                version = import_package(
                    None,
                    handle,
                    course=course,
                    organisation=organisation,
                    filename=path.name,
                    language=options["language"],
                )
        except PackageRejected as exc:
            raise CommandError("Nothing was imported:\n- " + "\n- ".join(exc.messages)) from exc
        package = Package.objects.get(version=version)
        self.stdout.write(
            f"Imported as version {version.number} (a draft) of the course {version.course.slug!r} "
            f"({package.get_standard_display()}, {package.items.count()} items)."
        )
