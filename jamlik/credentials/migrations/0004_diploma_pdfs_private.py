# Diploma PDFs move from MEDIA_ROOT (served by the proxy to anyone who knows the path) to the
# private root. A kept PDF is only a copy made on the first download, so the old copies are
# deleted and forgotten rather than moved: the next download makes each again, in private storage.

from pathlib import Path

from django.conf import settings
from django.db import migrations, models

import jamlik.credentials.models


def forget_public_pdfs(apps, schema_editor):
    Diploma = apps.get_model("credentials", "Diploma")
    media = Path(settings.MEDIA_ROOT).resolve()
    for name in Diploma.objects.exclude(pdf="").values_list("pdf", flat=True).iterator():
        old = (media / name).resolve()
        if old.is_relative_to(media / "credentials") and old.is_file():
            old.unlink()
    Diploma.objects.exclude(pdf="").update(pdf="")


class Migration(migrations.Migration):
    dependencies = [
        ("credentials", "0003_bulk_issue_resume"),
    ]

    operations = [
        migrations.RunPython(forget_public_pdfs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="diploma",
            name="pdf",
            field=models.FileField(
                blank=True,
                max_length=200,
                storage=jamlik.credentials.models.diploma_storage,
                upload_to=jamlik.credentials.models.pdf_path,
            ),
        ),
    ]
