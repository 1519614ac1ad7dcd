"""``Session.taken``: the confirmed bookings of a session, kept beside ``capacity``.

A registration decides its seat with one conditional update of this counter on the locked row
(docs/locking.md), instead of counting the bookings while it holds the lock. The existing rows
are counted once here; the check constraint keeps the counter within the seats.
"""

from django.db import migrations, models

RECOUNT = """
UPDATE programmes_session SET taken = (
    SELECT COUNT(*) FROM programmes_booking
    WHERE programmes_booking.session_id = programmes_session.id AND programmes_booking.status = 'confirmed'
)
"""


class Migration(migrations.Migration):
    dependencies = [("programmes", "0003_public_ids")]

    operations = [
        migrations.AddField(
            model_name="session",
            name="taken",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunSQL(RECOUNT, migrations.RunSQL.noop),
        migrations.AddConstraint(
            model_name="session",
            constraint=models.CheckConstraint(
                condition=models.Q(("taken__lte", models.F("capacity"))), name="session_taken_within_capacity"
            ),
        ),
    ]
