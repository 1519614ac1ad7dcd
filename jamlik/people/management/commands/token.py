from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamlik.people import actions
from jamlik.people.models import ApiToken, User


class Command(BaseCommand):
    help = "Create or revoke personal API tokens: `jamlik token create EMAIL [--name N]`, `jamlik token revoke PREFIX`."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="Create a token; it is printed once.")
        create.add_argument("email")
        create.add_argument("--name", default="command line")
        revoke = sub.add_parser("revoke", help="Revoke a token by the first characters shown when it was created.")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verb"] == "create":
            user = User.objects.filter(email=options["email"].strip().lower(), is_active=True).first()
            if user is None:
                raise CommandError(f"No active person with the email address {options['email']}.")
            _token, raw = actions.create_api_token(user, name=options["name"])
            self.stdout.write(raw)
        else:
            tokens = list(ApiToken.objects.filter(prefix=options["prefix"], revoked_at__isnull=True))
            if len(tokens) != 1:
                raise CommandError("No single active token starts with that prefix.")
            actions.revoke_api_token(tokens[0].user, tokens[0])
            self.stdout.write("Revoked.")
