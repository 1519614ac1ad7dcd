"""The one entry point for email.

Each email type is a template triple under ``templates/email/``: ``NAME_subject.txt``,
``NAME.txt`` and ``NAME.html``. The message is rendered in the recipient's language when it
is scheduled and sent by a background task after the surrounding transaction commits, so an
email never goes out for a change that was rolled back. When the mail server is down the task is
retried with backoff (``jamlik.lib.tasks``); deliveries that failed every attempt are listed for
administrators (``/drift/mejl/``) with a button to try again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from jamlik.lib.tasks import RetryPolicy, retried

# About two hours of attempts (1, 2, 4 … 32 minutes, then hourly), then visible as failed.
EMAIL_RETRIES = RetryPolicy(max_attempts=8)


def render_email(template: str, context: dict[str, Any], language: str) -> tuple[str, str, str]:
    ctx = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"email/{template}_subject.txt", ctx).strip()
        text = render_to_string(f"email/{template}.txt", ctx)
        html = render_to_string(f"email/{template}.html", ctx)
    return " ".join(subject.split()), text, html


Attachment = tuple[str, str, str]  # filename, text content, mimetype


def send_email(
    to: str,
    template: str,
    context: dict[str, Any],
    language: str = "sv",
    attachments: Sequence[Attachment] = (),
) -> None:
    """Render now, send after commit."""
    subject, text, html = render_email(template, context, language)
    queue_rendered_email(to, subject, text, html, attachments, template=template)


def queue_rendered_email(
    to: str,
    subject: str,
    text: str,
    html: str = "",
    attachments: Sequence[Attachment] = (),
    template: str = "",
) -> None:
    """Send an already rendered message by the background worker, after the transaction commits.

    ``template`` names the kind of email for the list of failed deliveries.
    """
    files = [list(a) for a in attachments]
    transaction.on_commit(
        lambda: deliver_email.enqueue(
            to=to, subject=subject, text=text, html=html, attachments=files, template=template
        )
    )


@retried(EMAIL_RETRIES)
@task()
def deliver_email(
    to: str,
    subject: str,
    text: str,
    html: str,
    attachments: list[list[str]] | None = None,
    template: str = "",
) -> None:
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    message.send()
