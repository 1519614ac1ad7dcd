"""Public ids required and unique, with a fresh one for each new row (step 3 of 3)."""

import uuid

from django.db import migrations, models

MODELS = ("organisation", "emaildomain", "headcountdeclaration", "invitation")


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_fill_public_ids"),
    ]

    operations = [
        migrations.AlterField(
            model_name=name,
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, unique=True, editable=False),
        )
        for name in MODELS
    ]
