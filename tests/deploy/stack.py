"""Real processes for the deployment tests: gunicorn, nginx from Debian, workers and the scheduler.

Everything listens on 127.0.0.1, on ports from ``JAMLIK_TEST_PORTS`` (``first-last``) when set,
else on ports the system hands out; everything is stopped by the test that started it. nginx
runs as the current user with its prefix, pid, logs and temporary files in the test's folder,
from ``deploy/nginx/jamlik.conf`` with only the placeholders replaced.
"""

from __future__ import annotations

import contextlib
import datetime
import getpass
import http.client
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ROOT = Path(__file__).resolve().parents[2]
NGINX_CONF = ROOT / "deploy" / "nginx" / "jamlik.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SITE = "jamlik.example.se"
CONTENT = "innehall.example.net"
BIN = Path(sys.executable).parent

_taken: set[int] = set()


def free_port() -> int:
    """A port nobody listens on: from JAMLIK_TEST_PORTS when set (a shared machine), else any."""
    wanted = os.environ.get("JAMLIK_TEST_PORTS", "")
    candidates = [0]
    if wanted:
        first, last = (int(p) for p in wanted.split("-"))
        candidates = [p for p in range(first, last + 1) if p not in _taken]
        # Parallel test workers start at different places in the range, so two never pick one port.
        worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
        shift = (worker * 8) % max(len(candidates), 1)
        candidates = candidates[shift:] + candidates[:shift]
    for port in candidates:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            found = int(sock.getsockname()[1])
            _taken.add(found)
            return found
    raise RuntimeError(f"no free port in JAMLIK_TEST_PORTS={wanted}")


def app_environment(data_dir: Path, database_url: str, secret_key: str, **extra: str) -> dict[str, str]:
    """The production settings, as an operator sets them behind nginx."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("JAMLIK_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "jamlik.settings",
            "JAMLIK_DEBUG": "0",
            "JAMLIK_SECRET_KEY": secret_key,
            "JAMLIK_ALLOWED_HOSTS": SITE,
            "JAMLIK_SITE_URL": f"https://{SITE}",
            "JAMLIK_DATA_DIR": str(data_dir),
            "JAMLIK_BEHIND_PROXY": "1",
            "JAMLIK_TRUSTED_PROXIES": "1",
            "JAMLIK_TASKS_IMMEDIATE": "0",
            "JAMLIK_LOG_LEVEL": "WARNING",
        }
    )
    if database_url:
        env["JAMLIK_DATABASE_URL"] = database_url
    env.update(extra)
    return env


def jamlik(env: dict[str, str], *command: str, timeout: float = 300) -> str:
    done = subprocess.run(  # noqa: S603 (our own command)
        [str(BIN / "jamlik"), *command], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode:
        raise AssertionError(f"jamlik {' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@dataclass
class Process:
    name: str
    command: list[str]
    env: dict[str, str]
    log: Path
    popen: subprocess.Popen[bytes] | None = None

    def start(self) -> Process:
        with self.log.open("ab") as log:
            self.popen = subprocess.Popen(  # noqa: S603 (our own servers)
                self.command, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        return self

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if not self.alive():
            return
        assert self.popen is not None
        self.popen.send_signal(sig)
        try:
            self.popen.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()

    def wait_until(self, ready: Callable[[], bool], seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not self.alive():
                raise AssertionError(f"{self.name} stopped at start:\n{self.log.read_text(errors='replace')[-3000:]}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                if ready():
                    return
            time.sleep(0.2)
        raise AssertionError(f"{self.name} not ready in {seconds} s:\n{self.log.read_text(errors='replace')[-3000:]}")


ACCESS_FORMAT = "%(h)s|%({x-forwarded-for}i)s|%({x-forwarded-proto}i)s|%(m)s|%(U)s|%(s)s"


def gunicorn(env: dict[str, str], port: int, folder: Path) -> Process:
    """gunicorn as production runs it (README), with an access log of what reaches it from nginx."""
    process = Process(
        f"gunicorn:{port}",
        [
            str(BIN / "gunicorn"),
            "jamlik.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            str(folder / f"access-{port}.log"),
            "--access-logformat",
            ACCESS_FORMAT,
        ],
        env,
        folder / f"gunicorn-{port}.log",
    ).start()
    process.wait_until(lambda: plain(port, "/healthz").status == 200)
    return process


def access_log(folder: Path, port: int) -> list[list[str]]:
    path = folder / f"access-{port}.log"
    return [line.split("|") for line in path.read_text().splitlines()] if path.exists() else []


# --- Certificates -------------------------------------------------------------------------------


def self_signed(folder: Path) -> Path:
    """One certificate for both host names, under the names the configuration expects."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, SITE)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(SITE), x509.DNSName(CONTENT)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    pem = cert.public_bytes(serialization.Encoding.PEM)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    for prefix in ("", "content-"):
        (folder / f"{prefix}fullchain.pem").write_bytes(pem)
        (folder / f"{prefix}privkey.pem").write_bytes(private)
    return folder / "fullchain.pem"


# --- nginx --------------------------------------------------------------------------------------


@dataclass
class Proxy:
    folder: Path
    https_port: int
    http_port: int
    ca: Path
    process: Process | None = None
    static_root: Path = field(init=False)
    media_root: Path = field(init=False)

    def __post_init__(self) -> None:
        self.static_root = self.folder / "static"
        self.media_root = self.folder / "media"


def _site_config(proxy: Proxy, upstreams: list[int]) -> str:
    text = NGINX_CONF.read_text()
    replacements = {
        "listen 443 ssl default_server;": f"listen 127.0.0.1:{proxy.https_port} ssl default_server;",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{proxy.https_port} ssl http2;",
        "listen 80 default_server;": f"listen 127.0.0.1:{proxy.http_port} default_server;",
        "listen 80;": f"listen 127.0.0.1:{proxy.http_port};",
        "/etc/ssl/jamlik/": f"{proxy.ca.parent}/",
        "/srv/jamlik/static/": f"{proxy.static_root}/",
        "/srv/jamlik/media/": f"{proxy.media_root}/",
        "/var/www/acme": str(proxy.folder / "acme"),
        "    server 127.0.0.1:8000;\n": "".join(f"    server 127.0.0.1:{port};\n" for port in upstreams),
    }
    for placeholder, value in replacements.items():
        # A placeholder that is gone means the file changed under the test: fail, do not test less.
        assert placeholder in text, f"deploy/nginx/jamlik.conf no longer contains {placeholder!r}"
        text = text.replace(placeholder, value)
    lines = [line for line in text.splitlines() if "listen [::]" not in line]  # no IPv6 on every CI machine
    return "\n".join(lines) + "\n"


def start_nginx(proxy: Proxy, upstreams: list[int]) -> Proxy:
    folder = proxy.folder
    for sub in ("acme", "logs", "temp"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    proxy.static_root.mkdir(exist_ok=True)
    proxy.media_root.mkdir(exist_ok=True)
    (folder / "jamlik.conf").write_text(_site_config(proxy, upstreams))
    temp = folder / "temp"
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""  # workers as ourselves, never nobody
    (folder / "nginx.conf").write_text(
        f"{user}worker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/logs/error.log warn;\n"
        "events { worker_connections 512; }\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        "    default_type application/octet-stream;\n"
        f"    access_log {folder}/logs/access.log;\n"
        f"    client_body_temp_path {temp}/body;\n    proxy_temp_path {temp}/proxy;\n"
        f"    fastcgi_temp_path {temp}/fastcgi;\n    uwsgi_temp_path {temp}/uwsgi;\n    scgi_temp_path {temp}/scgi;\n"
        f"    include {folder}/jamlik.conf;\n"
        "}\n"
    )
    command = [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "logs" / "error.log")]
    test = [*command, "-t"]
    check = subprocess.run(test, capture_output=True, text=True, check=False)  # noqa: S603 (our configuration)
    assert check.returncode == 0, check.stderr
    proxy.process = Process("nginx", [*command, "-g", "daemon off;"], dict(os.environ), folder / "nginx.out").start()
    proxy.process.wait_until(lambda: request(proxy, "GET", "/static/").status > 0, seconds=20)
    return proxy


@contextlib.contextmanager
def nginx(folder: Path, upstreams: list[int]) -> Iterator[Proxy]:
    proxy = Proxy(folder, free_port(), free_port(), self_signed(folder / "certs"))
    try:
        yield start_nginx(proxy, upstreams)
    finally:
        if proxy.process is not None:
            proxy.process.stop(signal.SIGQUIT)  # nginx's graceful stop


# --- An HTTP client that can choose its source address and SNI ----------------------------------


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def all(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key.lower() == name.lower()]

    def one(self, name: str) -> str:
        values = self.all(name)
        assert len(values) == 1, f"{name}: {values}"
        return values[0]


class _Connection(http.client.HTTPSConnection):
    """Connects to 127.0.0.1 (from ``source``) while naming ``host`` in SNI, as a browser would."""

    def __init__(self, host: str, port: int, source: str, context: ssl.SSLContext | None) -> None:
        self._tls = context
        super().__init__(host, port, timeout=60, source_address=(source, 0), context=context)

    def connect(self) -> None:
        sock = socket.create_connection(("127.0.0.1", self.port), self.timeout, self.source_address)
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host) if self._tls else sock


def _send(
    port: int,
    method: str,
    path: str,
    *,
    host: str,
    context: ssl.SSLContext | None,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    source: str = "127.0.0.1",
) -> Response:
    connection = _Connection(host, port, source, context)
    try:
        connection.request(method, path, body=body, headers={"Host": host, **(headers or {})})
        answer = connection.getresponse()
        return Response(answer.status, answer.getheaders(), answer.read())
    finally:
        connection.close()


def tls_context(ca: Path) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(ca))


def request(proxy: Proxy, method: str, path: str, *, host: str = SITE, **kwargs: object) -> Response:
    """Through nginx over TLS."""
    return _send(proxy.https_port, method, path, host=host, context=tls_context(proxy.ca), **kwargs)  # type: ignore[arg-type]


def plain(port: int, path: str, *, host: str = SITE, **kwargs: object) -> Response:
    """Plain HTTP (nginx's port 80 stand-in, or gunicorn directly)."""
    return _send(port, kwargs.pop("method", "GET"), path, host=host, context=None, **kwargs)  # type: ignore[arg-type]
