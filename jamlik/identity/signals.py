"""After a sign-in through an organisation's provider: the just-in-time membership."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import user_logged_in
from django.dispatch import receiver

from jamlik.identity.actions import sign_in_through_provider


@receiver(user_logged_in)
def on_signed_in(sender: Any, request: Any, user: Any, sociallogin: Any = None, **kwargs: Any) -> None:
    if sociallogin is None:
        return
    from jamlik.identity.adapter import profile_of, provider_of

    provider = provider_of(sociallogin)
    if provider is None:
        return
    # pre_social_login already refused every sign-in whose claims do not qualify.
    sign_in_through_provider(provider, user, profile_of(provider, sociallogin))
