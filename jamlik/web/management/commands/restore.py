"""Restore a backup made by ``jamlik backup`` into an empty database and empty folders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamlik.web.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore the backup in DIR into this installation's database, which must have no tables, and its "
        "private, media and key folders, which must be empty. Every checksum is checked before anything is "
        "written. Afterwards run `jamlik migrate` (if the code is newer than the backup) and `jamlik collectstatic`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="a folder written by `jamlik backup`")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore(options["directory"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] > 0:
            self.stdout.write(f"Database restored from {manifest['database']['file']} ({manifest['created_at']})")
            for part in manifest["folders"]:
                self.stdout.write(f"{part['name']}: {part['files']} files")
