"""Administrators see email deliveries that failed every attempt, and try them again."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jamlik.audit.models import AuditEntry
from jamlik.lib.mail import EMAIL_RETRIES, deliver_email, queue_rendered_email
from tests.tasks.smtp import mail_server, run_worker
from tests.tasks.test_email_retries import smtp_port  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)

PAGE = "/drift/mejl/"


def a_failed_invitation(to: str = "ny@sater.se") -> DBTaskResult:  # type: ignore[type-arg]
    """An invitation that failed every attempt against the closed port, as the worker records it."""
    queue_rendered_email(to, "Inbjudan till Jämlik", "Välkommen!", template="invitation")
    result = DBTaskResult.objects.get(task_path=deliver_email.module_path, args_kwargs__kwargs__to=to)
    for n in range(EMAIL_RETRIES.max_attempts):
        result.claim(f"worker-{n}")
    result.set_failed(ConnectionRefusedError(111, "Connection refused"))
    return result


def test_an_administrator_sees_recipient_email_error_and_attempts(
    smtp_port: int,  # noqa: F811
    as_administrator: Client,
) -> None:
    a_failed_invitation()
    page = as_administrator.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>Mejl som inte kom fram</h1>" in html
    assert "ny@sater.se" in html
    assert "<code>invitation</code>" in html
    assert "ConnectionRefusedError: [Errno 111] Connection refused" in html
    assert f"<td>{EMAIL_RETRIES.max_attempts}</td>" in html


@pytest.mark.parametrize("who", ["as_coordinator_a", "as_programme_manager", "client"])
def test_everyone_else_gets_404(
    smtp_port: int,  # noqa: F811
    who: str,
    request: pytest.FixtureRequest,
) -> None:
    result = a_failed_invitation()
    visitor: Client = request.getfixturevalue(who)
    assert visitor.get(PAGE).status_code == 404
    assert visitor.post(f"{PAGE}{result.pk}/forsok-igen/").status_code == 404
    result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED


def test_trying_again_delivers_once_the_mail_server_is_back(
    smtp_port: int,  # noqa: F811
    as_administrator: Client,
) -> None:
    result = a_failed_invitation()
    response = as_administrator.post(f"{PAGE}{result.pk}/forsok-igen/")
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="email_delivery.retried", target_id=str(result.pk)).exists()
    with mail_server(smtp_port) as inbox:
        run_worker()
    assert inbox.recipients() == ["ny@sater.se"]
    result.refresh_from_db()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert "ny@sater.se" not in as_administrator.get(PAGE).content.decode()


def test_trying_again_twice_queues_it_once(
    smtp_port: int,  # noqa: F811
    as_administrator: Client,
) -> None:
    result = a_failed_invitation()
    as_administrator.post(f"{PAGE}{result.pk}/forsok-igen/")
    assert as_administrator.post(f"{PAGE}{result.pk}/forsok-igen/").status_code == 404
    assert AuditEntry.objects.filter(action="email_delivery.retried").count() == 1


def test_a_sign_in_code_email_names_its_kind(
    smtp_port: int,  # noqa: F811
    client: Client,
) -> None:
    """allauth's emails (sign-in codes, confirmations) are named on the failed-deliveries page like ours."""
    response = client.post("/konto/login/code/", {"email": "ny@sater.se"})
    assert response.status_code == 302
    result = DBTaskResult.objects.get(task_path=deliver_email.module_path, args_kwargs__kwargs__to="ny@sater.se")
    assert result.args_kwargs["kwargs"]["template"] == "account/email/login_code"
