"""What an installation holds, read through the models and storages as the application reads them.

``inventory()`` runs in the test's own process; ``python -m tests.deploy.inventory`` runs it inside
another installation (a restored one) and prints it as JSON. A row whose file did not come back,
or a file restored to the wrong folder, makes the two differ (or the command fail).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any


def _digest(field: Any) -> str:
    if not field:
        return ""
    with field.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def inventory() -> dict[str, Any]:
    from django.conf import settings

    from jamlik.courses.models import Completion
    from jamlik.credentials.models import Diploma
    from jamlik.networks.models import DocumentVersion
    from jamlik.people.models import User
    from jamlik.programmes.models import Registration

    return {
        "people": sorted(User.objects.values_list("email", flat=True)),
        "completions": sorted(
            [c.user.email, c.course.slug] for c in Completion.objects.select_related("user", "course")
        ),
        "diplomas": sorted(
            [d.code, d.recipient.email, _digest(d.pdf)] for d in Diploma.objects.select_related("recipient")
        ),
        "registrations": sorted(
            [r.user.email, r.programme.slug, str(r.status)]
            for r in Registration.objects.select_related("user", "programme")
        ),
        "documents": sorted(
            [v.document.title, _digest(v.file)] for v in DocumentVersion.objects.select_related("document")
        ),
        "other_keys": sorted(p.name for p in (Path(settings.DATA_DIR) / "saml-keys").glob("*")),
    }


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(inventory()))
