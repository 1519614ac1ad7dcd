"""Reactions to allauth: record sign-ups; join the organisations owning an address once it is proven."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed, user_signed_up
from django.dispatch import receiver

from jamlik.audit.models import record
from jamlik.people.actions import join_by_email_domain


@receiver(user_signed_up)
def on_signed_up(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record("account.signed_up", actor=user, target=user, summary=user.email)
    # Single sign-on brings an address its provider has already verified: join at once.
    if EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists():
        join_by_email_domain(user)


@receiver(email_confirmed)
def on_email_confirmed(sender: Any, request: Any, email_address: EmailAddress, **kwargs: Any) -> None:
    """Membership by domain waits for the code (or link) that proves the person owns the address.

    Anyone can type any address to sign up; joining at that moment would make a stranger a member.
    """
    user = email_address.user
    if email_address.primary and email_address.email.lower() == user.email.lower():
        join_by_email_domain(user)
