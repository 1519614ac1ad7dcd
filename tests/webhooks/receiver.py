"""A real webhook receiver on 127.0.0.1 (a threaded HTTP server in the test process).

It records every request and answers as scripted: a status, or a wait longer than the sender's
timeout. Ports come from this helper's range (8320-8339), the first free one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORTS = range(8320, 8340)


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: str


@dataclass
class Answer:
    status: int = 204
    delay: float = 0.0  # seconds before answering (longer than the timeout: the sender gives up)
    body: str = ""
    location: str = ""


@dataclass
class Receiver:
    server: ThreadingHTTPServer
    received: list[Received] = field(default_factory=list)
    script: list[Answer] = field(default_factory=list)
    always: Answer = field(default_factory=Answer)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/jamlik"

    def answer(self, *answers: Answer) -> None:
        self.script.extend(answers)

    def next_answer(self) -> Answer:
        return self.script.pop(0) if self.script else self.always


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            body = self.rfile.read(length).decode("utf-8")
            receiver.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            answer = receiver.next_answer()
            if answer.delay:
                time.sleep(answer.delay)
            try:
                self.send_response(answer.status)
                if answer.location:
                    self.send_header("Location", answer.location)
                payload = answer.body.encode()
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:  # the sender gave up waiting and closed the connection
                pass

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def serve() -> Iterator[Receiver]:
    receiver = Receiver(server=None)  # type: ignore[arg-type]
    for port in PORTS:
        try:
            receiver.server = ThreadingHTTPServer(("127.0.0.1", port), _handler(receiver))
            break
        except OSError:
            continue
    else:
        raise RuntimeError("no free port in 8320-8339")
    receiver.server.daemon_threads = True
    thread = threading.Thread(target=receiver.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()
