"""Give every existing row its own public id (step 2 of 3)."""

import uuid
from typing import Any

from django.db import migrations

MODELS = ("Organisation", "EmailDomain", "HeadcountDeclaration", "Invitation")


def fill(apps: Any, schema_editor: Any) -> None:
    for name in MODELS:
        model = apps.get_model("people", name)
        rows = list(model.objects.filter(public_id__isnull=True).only("pk"))
        for row in rows:
            row.public_id = uuid.uuid4()
        model.objects.bulk_update(rows, ["public_id"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_public_ids"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
