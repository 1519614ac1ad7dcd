"""``jamlik lrs_client create [--organisation SLUG] [--name N]`` prints a new xAPI client's key and
secret (a platform client without ``--organisation``); ``jamlik lrs_client revoke KEY``."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamlik.lrs import actions
from jamlik.lrs.models import LrsClient
from jamlik.people.models import Organisation


class Command(BaseCommand):
    help = "Create or revoke xAPI clients; a new client's key and secret are printed once (docs/xapi.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="Create a client and print its key and secret.")
        create.add_argument("--organisation", help="The organisation's slug; without it, a platform client.")
        create.add_argument("--name", default="command line")
        revoke = sub.add_parser("revoke", help="Revoke a client by its key.")
        revoke.add_argument("key")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verb"] == "create":
            organisation = None
            if options["organisation"]:
                organisation = Organisation.objects.filter(slug=options["organisation"]).first()
                if organisation is None:
                    raise CommandError(f"No organisation with the slug {options['organisation']}.")
            client, secret = actions.create_client(None, organisation, name=options["name"])
            self.stdout.write(f"{client.key} {secret}")
            return
        found = LrsClient.objects.filter(key=options["key"], revoked_at__isnull=True).first()
        if found is None:
            raise CommandError("No active client has that key.")
        actions.revoke_client(None, found)
        self.stdout.write("Revoked.")
