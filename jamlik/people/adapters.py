from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils import translation

from jamlik.people.models import Language


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    """Sign-up records the language the person used; new people join by their email domain."""

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        language = translation.get_language() or Language.SV
        user.preferred_language = Language.EN if language.startswith("en") else Language.SV
        return super().save_user(request, user, form, commit=commit)
