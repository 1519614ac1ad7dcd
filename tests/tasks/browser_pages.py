"""Pages about background work that the browser tests check (see tests/browser/pages.py)."""

from __future__ import annotations

from django_tasks_db.models import DBTaskResult, get_date_max

from jamlik.lib.mail import EMAIL_RETRIES, deliver_email
from tests.browser.check import Cast, Check


def a_failed_email(cast: Cast) -> None:
    """An invitation that failed every attempt, recorded as django-tasks-db's worker records it."""
    kwargs = {"to": "ny@sater.se", "subject": "Inbjudan till Jämlik", "text": "Välkommen!", "html": ""}
    result = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {**kwargs, "attachments": [], "template": "invitation"}},
        task_path=deliver_email.module_path,
        backend_name="default",
        run_after=get_date_max(),
    )
    for n in range(EMAIL_RETRIES.max_attempts):
        result.claim(f"worker-{n}")
    result.set_failed(ConnectionRefusedError(111, "Connection refused"))


PAGES: list[Check] = [
    Check("failed-emails", "/drift/mejl/", viewer="administrator", setup=a_failed_email),
    Check("failed-emails-none", "/drift/mejl/", viewer="administrator"),
]
