from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamlik.courses.imports import ImportRejected, import_completions
from jamlik.courses.models import Course
from jamlik.people.models import Organisation


class Command(BaseCommand):
    help = (
        "Import completions made elsewhere, all or nothing: "
        "`jamlik import-completions ORG_SLUG FILE.csv --course SLUG` (CSV or XLSX; "
        "columns email, completed_on as YYYY-MM-DD, optional unit)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="Short address of the organisation the people belong to")
        parser.add_argument("file", help="A .csv or .xlsx file")
        parser.add_argument("--course", required=True, help="Short address of the course")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the address {options['organisation']!r}.")
        course = Course.objects.select_related("published_version").filter(slug=options["course"]).first()
        if course is None:
            raise CommandError(f"No course with the address {options['course']!r}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            result = import_completions(None, organisation, course, filename=path.name, content=path.read_bytes())
        except ImportRejected as exc:
            lines = [f"row {e.row}, {e.column or '-'}: {e.message}" for e in exc.errors]
            raise CommandError("Nothing was imported:\n" + "\n".join(lines)) from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Imported {len(result.imported)} completions.")
        if result.already_completed:
            self.stdout.write("Already completed, unchanged: " + ", ".join(result.already_completed))
