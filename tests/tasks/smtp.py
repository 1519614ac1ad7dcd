"""A real SMTP server on 127.0.0.1 (aiosmtpd) and a real background worker, for the email retry tests."""

from __future__ import annotations

import signal
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aiosmtpd.controller import Controller
from django.core.management import call_command


def a_closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens: connecting is refused, as with a mail server that is down."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


class Inbox:
    def __init__(self) -> None:
        self.received: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(envelope)
        return "250 Message accepted"

    def recipients(self) -> list[str]:
        return [rcpt for envelope in self.received for rcpt in envelope.rcpt_tos]


@contextmanager
def mail_server(port: int) -> Iterator[Inbox]:
    """The mail server comes back, on the port the application is configured with."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


def run_worker() -> None:
    """``jamlik db_worker --batch``: run every task that is due, then stop (as the real worker would)."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
