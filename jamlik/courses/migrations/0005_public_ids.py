"""Public ids (UUIDs) for course versions, enrolments and completions, which the API now names;
who enrolled a person; a bundle imported into an existing course as a new version.

The ids are added nullable, filled one per row, then made unique and required. On PostgreSQL one
``UPDATE`` per table fills them (``gen_random_uuid()``, built in since PostgreSQL 13), so a national
data set of millions of completions takes seconds; elsewhere rows are filled in batches.
"""

import uuid
from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TABLES = ("courseversion", "enrolment", "completion")
BATCH = 2000


def fill_public_ids(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    for name in TABLES:
        model = apps.get_model("courses", name)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {model._meta.db_table} SET public_id = gen_random_uuid() WHERE public_id IS NULL"  # noqa: S608 (our own table names)
                )
            continue
        while True:
            rows = list(model.objects.filter(public_id__isnull=True).only("pk")[:BATCH])
            if not rows:
                break
            for row in rows:
                row.public_id = uuid.uuid4()
            model.objects.bulk_update(rows, ["public_id"])


def _nullable() -> models.UUIDField:
    return models.UUIDField(null=True, editable=False)


def _required() -> models.UUIDField:
    return models.UUIDField(default=uuid.uuid4, editable=False, unique=True)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_completion_at_index"),
        ("people", "0003_membership_source"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        *(migrations.AddField(model_name=name, name="public_id", field=_nullable()) for name in TABLES),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop, elidable=True),
        *(migrations.AlterField(model_name=name, name="public_id", field=_required()) for name in TABLES),
        migrations.AddField(
            model_name="enrolment",
            name="enrolled_by",
            field=models.ForeignKey(
                blank=True,
                help_text="The coordinator who enrolled the person; empty when they enrolled themselves",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="bundleimport",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="people.organisation",
            ),
        ),
        migrations.AddField(
            model_name="bundleimport",
            name="target",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="courses.course"
            ),
        ),
        migrations.AddField(
            model_name="bundleimport",
            name="version",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="courses.courseversion",
            ),
        ),
    ]
