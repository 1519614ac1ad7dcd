from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamlik.courses.models import Course, CourseVersion
from jamlik.lib.api.lookup import lookup_filter
from jamlik.packages.export import STANDARDS, ExportError, export_version


class Command(BaseCommand):
    help = (
        "Export a course version as a SCORM package: "
        "`jamlik export-scorm COURSE [--version N] [--standard scorm12|scorm2004] -o FILE.zip`."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # Our --version (the course version's number) replaces Django's (the framework's version).
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("course", help="The course's short address or id")
        parser.add_argument("--version", type=int, help="The version's number (default: the published version)")
        parser.add_argument("--standard", choices=STANDARDS, default="scorm12")
        parser.add_argument("-o", "--output", required=True, help="The zip file to write (replaced if it exists)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            course = Course.objects.get(**lookup_filter(options["course"]))
        except Exception as exc:
            raise CommandError(f"No course with the address or id {options['course']!r}.") from exc
        if options["version"] is None:
            version = course.published_version
            if version is None:
                raise CommandError("The course has no published version: name one with --version.")
        else:
            version = CourseVersion.objects.filter(course=course, number=options["version"]).first()
            if version is None:
                raise CommandError(f"The course has no version {options['version']}.")
        version.course = course
        target = Path(options["output"])
        partial = target.with_name(target.name + ".part")
        try:
            with partial.open("wb") as handle:
                summary = export_version(version, options["standard"], handle)
        except ExportError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(str(exc)) from exc
        partial.replace(target)
        self.stdout.write(
            f"Wrote {target}: {version.title} (version {version.number}) as {summary.standard}, "
            f"{summary.pages} pages, {summary.checks} knowledge checks, {len(summary.files)} files."
        )
