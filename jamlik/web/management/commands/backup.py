"""Back up the database, private files, media and key folders into one new folder (jamlik/web/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamlik.web.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write a backup of the database (pg_dump custom format, or SQLite's online backup), JAMLIK_PRIVATE_ROOT, "
        "JAMLIK_MEDIA_ROOT and every key folder into DIR, a new or empty folder, with a manifest of checksums. "
        "Safe while the site runs. The folder holds signing keys and personal data: store it encrypted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="a new or empty folder")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup(options["directory"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] > 0:
            self.stdout.write(f"Database ({manifest['database']['vendor']}): {manifest['database']['file']}")
            for part in manifest["folders"]:
                self.stdout.write(f"{part['name']}: {part['files']} files in {part['file']}")
            self.stdout.write(f"Backup written to {options['directory']}")
