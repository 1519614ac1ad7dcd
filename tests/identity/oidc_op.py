"""Starts the test OpenID provider (tests/identity/op/) for a test run and speaks for it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
BASE_PORT = 8211  # this work's port range is 8210-8219: 8211-8218 for providers, 8219 never bound
PORTS = 8


def ports_for(worker_id: str) -> list[int]:
    """Ports to try, starting at the worker's own (gw0: 8211, gw1: 8212, …), then the rest of the range."""
    index = int(worker_id[2:]) if worker_id.startswith("gw") else 0
    return [BASE_PORT + (index + step) % PORTS for step in range(PORTS)]


def start_provider(worker_id: str, folder: Path) -> OpenIDProvider:
    """The provider on the first free port of the worker's list (another process may hold one)."""
    failures = []
    for port in ports_for(worker_id):
        try:
            return OpenIDProvider(port, folder / str(port))
        except PortTaken as exc:
            failures.append(str(exc))
    raise RuntimeError("no free port for the test OpenID provider: " + "; ".join(failures))


class PortTaken(RuntimeError):
    pass


class OpenIDProvider:
    def __init__(self, port: int, folder: Path) -> None:
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.issuer = f"{self.base}/openid"
        self.client_id = "jamlik"
        self.client_secret = "op-client-secret"
        folder.mkdir(parents=True, exist_ok=True)
        self.state_file = folder / "op-state.json"
        self.users: dict[str, dict[str, Any]] = {}
        self.tampering: dict[str, Any] = {}
        self.forge_signature = False
        self.write_state()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.identity.op.settings",
            "OP_DB": str(folder / "op.sqlite3"),
            "OP_STATE": str(self.state_file),
            "OP_SITE_URL": self.base,
        }
        self.process = subprocess.Popen(  # noqa: S603 (our own test server)
            [sys.executable, "-m", "tests.identity.op.serve", str(port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=(folder / "op.log").open("w"),  # a file: a pipe nobody reads could fill and stop it
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if line.strip() != "ready":
            self.process.kill()
            self.process.wait()
            errors = (folder / "op.log").read_text(encoding="utf-8")
            if "Address already in use" in errors:
                raise PortTaken(f"port {port} is taken")
            raise RuntimeError(f"the test OpenID provider did not start: {line}{errors}")
        self._wait_until_answering()

    def _wait_until_answering(self) -> None:
        deadline = time.monotonic() + 20
        while True:
            try:
                requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=2).raise_for_status()
                return
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    # --- What the provider says -----------------------------------------------------------

    def write_state(self) -> None:
        state = {"users": self.users, "tamper": self.tampering, "forge_signature": self.forge_signature}
        self.state_file.write_text(json.dumps(state), encoding="utf-8")

    def reset(self) -> None:
        self.users, self.tampering, self.forge_signature = {}, {}, False
        self.write_state()

    def forge(self) -> None:
        """Sign ID tokens from now on with a key that is not the provider's (under its kid)."""
        self.forge_signature = True
        self.write_state()

    def add_user(self, username: str, email: str, *, verified: bool = True, name: str = "", **extra: Any) -> None:
        self.users[username] = {"email": email, "email_verified": verified, "name": name, "extra": extra}
        self.write_state()

    def tamper(self, **claims: Any) -> None:
        self.tampering = claims
        self.write_state()

    def control(self, **body: Any) -> dict[str, Any]:
        response = requests.post(f"{self.base}/control/", json=body, timeout=10)
        response.raise_for_status()
        data: dict[str, Any] = response.json()
        return data

    def allow_redirects_to(self, *uris: str) -> None:
        self.control(redirect_uris=list(uris))

    def rotate_key(self) -> list[str]:
        kids: list[str] = self.control(rotate_key=True)["kids"]
        return kids

    # --- A person at the provider ---------------------------------------------------------

    def sign_in(self, authorize_url: str, username: str) -> str:
        """Follow the authorization request as a browser would, sign in as ``username``, return the callback URL."""
        session = requests.Session()
        url = authorize_url
        for _ in range(10):
            response = session.get(url, allow_redirects=False, timeout=10)
            if response.status_code != 302:
                raise AssertionError(f"the provider answered {response.status_code}: {response.text[:500]}")
            location = urljoin(url, response.headers["Location"])
            if urlsplit(location).netloc != urlsplit(self.base).netloc:
                return location  # back to Jämlik
            if urlsplit(location).path == "/login/":
                next_url = dict(part.split("=", 1) for part in urlsplit(location).query.split("&"))["next"]
                posted = session.post(
                    f"{self.base}/login/",
                    data={"username": username, "next": requests.utils.unquote(next_url)},
                    allow_redirects=False,
                    timeout=10,
                )
                assert posted.status_code == 302, posted.text
                location = urljoin(self.base, posted.headers["Location"])
            url = location
        raise AssertionError("the provider kept redirecting")


@pytest.fixture(scope="session")
def _op_process(worker_id: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenIDProvider]:
    provider = start_provider(worker_id, tmp_path_factory.mktemp("op"))
    yield provider
    provider.stop()


@pytest.fixture
def op(_op_process: OpenIDProvider) -> Iterator[OpenIDProvider]:
    """The real OpenID provider (one process per test worker), with no users and no tampering at the start."""
    _op_process.reset()
    yield _op_process
    _op_process.reset()
