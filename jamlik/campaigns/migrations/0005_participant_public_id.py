"""Participants get a ``public_id``: their one identifier in the API (issue #17).

Added nullable, filled with a fresh UUID per existing row, then made unique and required.
"""

import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    Participant = apps.get_model("campaigns", "Participant")
    rows = list(Participant.objects.filter(public_id__isnull=True).only("pk"))
    for row in rows:
        row.public_id = uuid.uuid4()
    Participant.objects.bulk_update(rows, ["public_id"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0004_digest_sent"),
    ]

    operations = [
        migrations.AddField(
            model_name="participant",
            name="public_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="participant",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
