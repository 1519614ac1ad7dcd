from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def name_the_site(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """allauth signs its emails with the site's name; ours is Jämlik, not example.com."""
    Site = apps.get_model("sites", "Site")
    Site.objects.update_or_create(pk=1, defaults={"domain": "jamlik.localhost", "name": "Jämlik"})


class Migration(migrations.Migration):
    dependencies = [("web", "0001_initial"), ("sites", "0002_alter_domain_unique")]
    operations = [migrations.RunPython(name_the_site, migrations.RunPython.noop)]
