from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

TEXT_FIELDS = ["title", "summary", "problem", "what_was_done", "results", "lessons", "target_groups"]


def fill_search_text(apps, schema_editor):
    """Existing examples get their search text (PostgreSQL only; SQLite searches the fields)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    Example = apps.get_model("knowledge", "Example")
    for example in Example.objects.prefetch_related("themes"):
        parts = [getattr(example, name) for name in TEXT_FIELDS]
        parts += [name for theme in example.themes.all() for name in (theme.name_sv, theme.name_en)]
        Example.objects.filter(pk=example.pk).update(search_text=" ".join(p for p in parts if p).lower())


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS knowledge_example_search_text "
            "ON knowledge_example USING gin (search_text gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS knowledge_example_search_text")


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0002_themes_and_search_index")]

    operations = [
        TrigramExtension(),  # pg_trgm (trusted since PostgreSQL 13); nothing on SQLite
        migrations.AddField(
            model_name="example",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(add_index, drop_index),
    ]
