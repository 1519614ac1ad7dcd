from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamlik.identity.roster.actions import import_roster_now
from jamlik.identity.roster.plan import Plan
from jamlik.identity.roster.reading import RosterRejected
from jamlik.people.models import Organisation, User

SHOWN = 20


class Command(BaseCommand):
    help = (
        "Import an organisation's staff list, all or nothing: `jamlik roster-import ORG_SLUG FILE` (CSV or XLSX; "
        "columns E-postadress/email, optional Förnamn, Efternamn, Namn, Enhet). `--dry-run` shows the preview only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="Short address of the organisation")
        parser.add_argument("file", help="A .csv or .xlsx file")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; change nothing")
        parser.add_argument("--actor", help="Email of the person recorded in the audit log (default: none)")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the address {options['organisation']!r}.")
        actor = None
        if options["actor"]:
            actor = User.objects.filter(email=options["actor"].strip().lower()).first()
            if actor is None:
                raise CommandError(f"No person with the address {options['actor']!r}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            plan = import_roster_now(
                actor, organisation, filename=path.name, content=path.read_bytes(), dry_run=options["dry_run"]
            )
        except RosterRejected as exc:
            lines = [f"row {e.row}, {e.column or '-'}: {e.message}" for e in exc.errors]
            raise CommandError("Nothing was changed:\n" + "\n".join(lines)) from exc
        self._show(plan, dry_run=options["dry_run"])

    def _show(self, plan: Plan, *, dry_run: bool) -> None:
        write = self.stdout.write
        write(
            ("Would change (dry run, nothing saved):" if dry_run else "Applied:") + f" {len(plan.entries)} on the list"
        )
        groups: list[tuple[str, list[str]]] = [
            (
                "join",
                [f"row {e.row}: {e.email} {e.unit_name}".rstrip() for e in plan.joining]
                + [f"row {e.row}: {e.email} (was waiting for approval)" for e, _m in plan.approving],
            ),
            ("new to Jämlik", [f"row {e.row}: {e.email}" for e in plan.new_people]),
            ("managed by the list from now on", [f"row {e.row}: {e.email} ({m.source})" for e, m in plan.taken_over]),
            (
                "change unit",
                [f"row {e.row}: {e.email}: {m.unit.name if m.unit else '-'} -> {e.unit_name}" for e, m in plan.moving],
            ),
            ("leave", sorted(m.user.email for m in plan.leaving)),
            ("kept", sorted(f"{m.user.email}: {reason}" for m, reason in plan.kept)),
            ("new units", sorted(plan.new_units.values())),
        ]
        for title, items in groups:
            write(f"{len(items)} {title}")
            for item in items[:SHOWN]:
                write(f"  {item}")
            if len(items) > SHOWN:
                write(f"  … and {len(items) - SHOWN} more")
        write(f"{plan.unchanged} unchanged")
