"""The starting list of themes, and on PostgreSQL a GIN index on the examples' search vector."""

from django.db import migrations

THEMES = [
    ("jamstalldhetsintegrering", "Jämställdhetsintegrering", "Gender mainstreaming"),
    ("antirasism", "Antirasism", "Anti-racism"),
    ("bemotande", "Bemötande", "Treatment of the public"),
    ("tillganglighet", "Tillgänglighet", "Accessibility"),
    ("hbtqi", "HBTQI", "LGBTQI"),
    ("nationella-minoriteter", "Nationella minoriteter", "National minorities"),
    ("mans-vald-mot-kvinnor", "Mäns våld mot kvinnor", "Men's violence against women"),
    ("barnrattsperspektiv", "Barnrättsperspektiv", "Children's rights"),
    ("funktionsratt", "Funktionsrätt", "Disability rights"),
    ("jamlik-halsa", "Jämlik hälsa", "Equal health"),
]


def add_themes(apps, schema_editor):
    Theme = apps.get_model("knowledge", "Theme")
    for position, (slug, sv, en) in enumerate(THEMES, start=1):
        Theme.objects.get_or_create(slug=slug, defaults={"name_sv": sv, "name_en": en, "position": position})


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS knowledge_example_search ON knowledge_example USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS knowledge_example_search")


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [
        migrations.RunPython(add_themes, migrations.RunPython.noop),
        migrations.RunPython(add_index, drop_index),
    ]
