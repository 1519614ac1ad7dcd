from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamlik.people import actions
from jamlik.people.models import ApiToken, User, hash_token

MARK = "jml_"  # how every token starts
PREFIX_LENGTH = 8  # the characters after jml_ kept in ApiToken.prefix


def find_active_token(given: str) -> ApiToken | None:
    """The one active token that ``given`` names: the whole token, or its start as printed
    (``jml_`` and the eight characters the profile page shows, an ellipsis allowed), or those
    eight characters alone."""
    given = given.strip().rstrip("…").rstrip(".")
    active = ApiToken.objects.filter(revoked_at__isnull=True)
    whole = active.filter(token_hash=hash_token(given)).first()
    if whole is not None:
        return whole
    prefix = given.removeprefix(MARK)
    if len(prefix) < PREFIX_LENGTH:
        return None
    found = list(active.filter(prefix=prefix[:PREFIX_LENGTH])[:2])
    return found[0] if len(found) == 1 else None


class Command(BaseCommand):
    help = "Create or revoke personal API tokens: `jamlik token create EMAIL [--name N]`, `jamlik token revoke jml_XXXXXXXX`."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="Create a token; it is printed once.")
        create.add_argument("email")
        create.add_argument("--name", default="command line")
        revoke = sub.add_parser(
            "revoke", help="Revoke a token by its start as shown (jml_ and eight characters) or the whole token."
        )
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verb"] == "create":
            user = User.objects.filter(email=options["email"].strip().lower(), is_active=True).first()
            if user is None:
                raise CommandError(f"No active person with the email address {options['email']}.")
            _token, raw = actions.create_api_token(user, name=options["name"])
            self.stdout.write(raw)
        else:
            token = find_active_token(options["prefix"])
            if token is None:
                raise CommandError(
                    "No single active token starts like that. Give jml_ and the eight characters shown, or the whole token."
                )
            actions.revoke_api_token(token.user, token)
            self.stdout.write("Revoked.")
