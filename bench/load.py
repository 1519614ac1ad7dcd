"""A small, bounded HTTP/1.1 load generator, run as its own process: ``python -m bench.load SPEC OUT``.

SPEC is a JSON file: ``host``, ``port``, ``concurrency`` and a list of ``requests`` (``method``,
``path``, ``headers``, ``body``), and optionally ``rate`` (requests per second: request i is sent
no earlier than i / rate seconds after the start, for a steady load). Exactly that many requests
are sent, each once, by ``concurrency`` virtual users that each hold one connection (kept alive
when the server allows it; gunicorn's sync workers close it after every response, so those users
reconnect). OUT gets one record per request: status, latency, start and end (seconds since the run began, from one
monotonic clock, so the order of events can be compared), and the ``X-Jamlik-Queries`` header.

No third-party tool: wrk and locust are not on CI machines, and nothing may be downloaded at
run time. The price is that this process shares the CPU with the server; docs/performance.md
says how that bounds the figures.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

READ_LIMIT = 64 * 1024 * 1024


@dataclass
class Result:
    index: int
    status: int
    latency: float
    start: float
    end: float
    queries: int | None
    size: int
    error: str = ""


class Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def ensure(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self.reader is None or self.writer is None or self.writer.is_closing():
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port, limit=READ_LIMIT)
        return self.reader, self.writer

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def _encode(host: str, port: int, request: dict[str, Any]) -> bytes:
    body = request.get("body", "").encode("utf-8")
    headers = {"Host": f"{host}:{port}", "User-Agent": "jamlik-bench", "Accept": "*/*", **request.get("headers", {})}
    if body or request["method"] != "GET":
        headers["Content-Length"] = str(len(body))
    head = f"{request['method']} {request['path']} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return head.encode("latin-1") + b"\r\n" + body


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], int]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    size = 0
    if "content-length" in headers:
        size = int(headers["content-length"])
        await reader.readexactly(size)
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            length = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
            await reader.readexactly(length + 2)
            size += length
            if length == 0:
                break
    else:
        size = len(await reader.read())
        headers["connection"] = "close"
    return status, headers, size


async def _user(spec: dict[str, Any], queue: asyncio.Queue[int], results: list[Result], t0: float) -> None:
    host, port = spec["host"], int(spec["port"])
    rate = float(spec.get("rate") or 0)
    connection = Connection(host, port)
    while True:
        try:
            index = queue.get_nowait()
        except asyncio.QueueEmpty:
            break
        payload = _encode(host, port, spec["requests"][index])
        if rate:  # a steady rate: request ``index`` leaves no earlier than ``index / rate`` seconds in
            await asyncio.sleep(max(0.0, t0 + index / rate - time.perf_counter()))
        start = time.perf_counter()
        try:
            reader, writer = await connection.ensure()
            writer.write(payload)
            await writer.drain()
            status, headers, size = await _read_response(reader)
            end = time.perf_counter()
            queries = headers.get("x-jamlik-queries")
            results[index] = Result(
                index, status, end - start, start - t0, end - t0, int(queries) if queries else None, size
            )
            if headers.get("connection", "").lower() == "close":
                connection.close()
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as exc:
            end = time.perf_counter()
            results[index] = Result(
                index, 0, end - start, start - t0, end - t0, None, 0, f"{type(exc).__name__}: {exc}"
            )
            connection.close()
    connection.close()


async def run(spec: dict[str, Any]) -> dict[str, Any]:
    count = len(spec["requests"])
    queue: asyncio.Queue[int] = asyncio.Queue()
    for index in range(count):
        queue.put_nowait(index)
    results: list[Result] = [Result(i, 0, 0.0, 0.0, 0.0, None, 0, "not sent") for i in range(count)]
    t0 = time.perf_counter()
    users = min(int(spec["concurrency"]), count) or 1
    await asyncio.gather(*(_user(spec, queue, results, t0) for _ in range(users)))
    return {"wall": time.perf_counter() - t0, "concurrency": users, "results": [asdict(r) for r in results]}


def main() -> None:
    spec_path, out_path = Path(sys.argv[1]), Path(sys.argv[2])
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    out_path.write_text(json.dumps(asyncio.run(run(spec))), encoding="utf-8")


if __name__ == "__main__":
    main()
