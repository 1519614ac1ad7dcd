from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamlik.courses.bundle import BundleError, export_course
from jamlik.courses.models import Course


class Command(BaseCommand):
    help = "Export a course's published version as a bundle: `jamlik course-export SLUG FILE.zip`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The course's short address")
        parser.add_argument("file", help="The zip file to write (it is replaced if it exists)")

    def handle(self, *args: Any, **options: Any) -> None:
        course = Course.objects.select_related("published_version").filter(slug=options["slug"]).first()
        if course is None:
            raise CommandError(f"No course with the address {options['slug']!r}.")
        target = Path(options["file"])
        partial = target.with_name(target.name + ".part")
        try:
            with partial.open("wb") as handle:
                manifest = export_course(course, handle)
        except BundleError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(" ".join(exc.messages)) from exc
        partial.replace(target)
        lessons = sum(len(m["lessons"]) for m in manifest["modules"])
        self.stdout.write(
            f"Wrote {target}: {manifest['course']['title']}, {len(manifest['modules'])} modules, {lessons} lessons."
        )
