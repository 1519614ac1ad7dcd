from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from jamlik.courses.imports import ImportRejected, import_completions
from jamlik.courses.models import Course
from jamlik.lib.api.lookup import get_by_id_or_slug
from jamlik.people.models import Organisation


class Command(BaseCommand):
    help = (
        "Import completions made elsewhere, all or nothing: "
        "`jamlik import-completions ORG FILE.csv --course COURSE` (organisation and course by id or short "
        "address; CSV or XLSX; "
        "columns email, completed_on as YYYY-MM-DD, optional unit)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="The organisation the people belong to: its id or short address")
        parser.add_argument("file", help="A .csv or .xlsx file")
        parser.add_argument("--course", required=True, help="The course: its id or short address, as in the API")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation = get_by_id_or_slug(Organisation.objects.all(), options["organisation"])
        except Http404:
            raise CommandError(f"No organisation with the id or address {options['organisation']!r}.") from None
        try:
            course = get_by_id_or_slug(Course.objects.select_related("published_version"), options["course"])
        except Http404:
            raise CommandError(f"No course with the id or address {options['course']!r}.") from None
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
