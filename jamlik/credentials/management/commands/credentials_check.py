import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamlik.credentials.checking import check_credential


class Command(BaseCommand):
    help = (
        "Check an Open Badges credential file issued by this platform: contexts, undefined terms, key, "
        "signature, validity period and revocation. Exit status 1 if any check fails."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The credential as downloaded (JSON)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            document = json.loads(Path(options["path"]).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read a JSON credential from {options['path']}: {exc}") from exc
        result = check_credential(document)
        if result.valid:
            self.stdout.write("valid")
            return
        for code, message in zip(result.problems, result.messages(), strict=True):
            self.stdout.write(f"{code}: {message}")
        if result.undefined:
            self.stdout.write("undefined terms: " + ", ".join(result.undefined))
        raise CommandError("The credential does not pass.", returncode=1)
