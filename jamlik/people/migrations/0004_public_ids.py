"""Public ids for organisations, email domains, headcount declarations and invitations (step 1 of 3).

Added nullable first: a ``default=uuid.uuid4`` on a new column would give every existing row the
same value. 0005 fills one per row, 0006 makes them unique and required.
"""

from django.db import migrations, models

MODELS = ("organisation", "emaildomain", "headcountdeclaration", "invitation")


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_membership_source"),
    ]

    operations = [
        migrations.AddField(model_name=name, name="public_id", field=models.UUIDField(null=True, editable=False))
        for name in MODELS
    ]
