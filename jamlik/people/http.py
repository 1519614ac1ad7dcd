from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from jamlik.people.models import User


def authenticated_user(request: HttpRequest) -> User:
    """The signed-in person, typed. Use only behind login_required."""
    from jamlik.people.models import User

    user = request.user
    if not isinstance(user, User):
        raise TypeError("authenticated_user() needs a signed-in request; add @login_required")
    return user
