"""Reactions to allauth's sign-up: join the organisations that own the person's domain."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import user_signed_up
from django.dispatch import receiver

from jamlik.audit.models import record
from jamlik.people.actions import join_by_email_domain


@receiver(user_signed_up)
def on_signed_up(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record("account.signed_up", actor=user, target=user, summary=user.email)
    join_by_email_domain(user)
