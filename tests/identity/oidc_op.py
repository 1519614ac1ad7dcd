"""Starts the test OpenID provider (tests/identity/op/) for a test run and speaks for it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

ROOT = Path(__file__).resolve().parents[2]
BASE_PORT = 8211  # this work's port range is 8210-8219: one provider per xdist worker


def port_for(worker_id: str) -> int:
    index = int(worker_id[2:]) if worker_id.startswith("gw") else 0
    return BASE_PORT + index % 8


class OpenIDProvider:
    def __init__(self, port: int, folder: Path) -> None:
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.issuer = f"{self.base}/openid"
        self.client_id = "jamlik"
        self.client_secret = "op-client-secret"
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
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if line.strip() != "ready":
            self.process.kill()
            raise RuntimeError(
                f"the test OpenID provider did not start: {line}{self.process.stderr.read() if self.process.stderr else ''}"
            )
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
