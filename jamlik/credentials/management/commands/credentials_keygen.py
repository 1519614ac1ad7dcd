from typing import Any

from django.core.management.base import BaseCommand

from jamlik.credentials import keys


class Command(BaseCommand):
    help = (
        "Generate an Ed25519 key for signing Open Badges credentials in JAMLIK_CREDENTIAL_KEY_DIR. "
        "The new key signs from now on; earlier keys stay published so their credentials still verify."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        key_id = keys.generate_key()
        key = next(k for k in keys.all_keys() if k.key_id == key_id)
        self.stdout.write(f"{key_id} {key.multibase} in {keys.key_dir()}")
