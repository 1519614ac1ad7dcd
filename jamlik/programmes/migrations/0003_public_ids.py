"""Modules, trainers and questions get a ``public_id``, the ``id`` the API names them by.

Added nullable, filled with a fresh UUID per row, then made unique and required (a single
``AddField`` with ``default=uuid.uuid4`` would give every existing row the same value).
"""

import uuid

from django.db import migrations, models

MODELS = ("programmemodule", "trainer", "question")


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    for name in MODELS:
        model = apps.get_model("programmes", name)
        rows = list(model.objects.filter(public_id__isnull=True).only("pk"))
        for row in rows:
            row.public_id = uuid.uuid4()
        model.objects.bulk_update(rows, ["public_id"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0002_booking_replaces"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=name, name="public_id", field=models.UUIDField(null=True, editable=False))
            for name in MODELS
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        *(
            migrations.AlterField(
                model_name=name,
                name="public_id",
                field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
            )
            for name in MODELS
        ),
    ]
