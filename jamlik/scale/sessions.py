"""Signed-in sessions for synthetic learners, written straight into the session store.

The benchmark needs many different signed-in learners without running the sign-in flow for
each. These are the rows ``django.contrib.auth.login`` would leave in the database: the user's
id, the backend and the session hash derived from the password hash.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.crypto import get_random_string

from jamlik.people.models import User

BACKEND = "django.contrib.auth.backends.ModelBackend"
_KEY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"


def sign_in(users: list[User]) -> dict[int, str]:
    """A new session for each user; returns user id → session key (the ``sessionid`` cookie)."""
    store = SessionStore()
    expires = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    keys: dict[int, str] = {}
    rows: list[Session] = []
    for user in users:
        key = get_random_string(32, _KEY_CHARS)
        data = {SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: BACKEND, HASH_SESSION_KEY: user.get_session_auth_hash()}
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        keys[user.pk] = key
    Session.objects.bulk_create(rows, batch_size=5000)
    return keys
