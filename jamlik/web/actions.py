"""State changes of the web app."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.lib.tasks import TaskRow, retry_now
from jamlik.people.models import User


@transaction.atomic
def retry_email_delivery(actor: User, result: TaskRow) -> None:
    """One more attempt at a failed email delivery, right away, by the background worker."""
    if not retry_now(result.pk):
        raise ValidationError(_("This email is no longer failed: it was retried already."))
    kwargs = result.args_kwargs.get("kwargs", {})
    record(
        "email_delivery.retried",
        actor=actor,
        target=result,
        summary=f"{kwargs.get('template') or '-'} to {kwargs.get('to', '')}",
    )
