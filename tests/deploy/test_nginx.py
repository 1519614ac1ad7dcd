"""deploy/nginx/jamlik.conf as written, run by Debian's nginx over TLS in front of gunicorn.

One nginx and one gunicorn serve the whole module (starting them is most of its time); each
test asks them one thing. nginx must be installed (`.ci/run` installs it); the tests fail, not
skip, without it, because the configuration would then go untested.
"""

from __future__ import annotations

import gzip
import shutil
import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from jamlik.credentials.ratelimit import VERIFY_LIMIT
from tests.deploy import stack

# One worker runs the whole module (SHARED_SERVERS in tests/conftest.py), so nginx and gunicorn
# start once a run; heavy: in the PostgreSQL run only when there is one (the servers use a SQLite
# file of their own).
pytestmark = pytest.mark.heavy

SECRET = b"network document: only members may read this"
LARGEST_ORDINARY_UPLOAD = 25 * 1024 * 1024


@dataclass
class Site:
    proxy: stack.Proxy
    app_port: int
    folder: Path
    private_file: Path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("nginx")
    data_dir = folder / "data"
    data_dir.mkdir()
    env = stack.app_environment(
        data_dir,
        "",  # SQLite in the data folder: these tests look at the proxy, not at data
        settings.SECRET_KEY,
        JAMLIK_SSL_REDIRECT="1",  # the application redirects unless it learns the request came over TLS
        JAMLIK_HSTS_SECONDS="3600",  # its own HSTS, which nginx must replace, not repeat
        # The risky setting: nginx reaches the application from 127.0.0.1, inside this network.
        JAMLIK_METRICS_ALLOWED_NETWORKS="127.0.0.0/8",
        JAMLIK_TRUST_REQUEST_ID="1",  # nginx sets X-Request-ID itself
    )
    stack.jamlik(env, "migrate", "--no-input", "-v", "0")
    stack.jamlik(env, "createcachetable")
    app_port = stack.free_port()
    app = stack.gunicorn(env, app_port, folder)
    try:
        with stack.nginx(folder / "nginx", [app_port]) as proxy:
            # What collectstatic leaves: the files and a .gz beside each (copied here: collecting
            # every app's files takes half a minute and tests Django, not nginx).
            shutil.copytree(settings.BASE_DIR / "jamlik" / "web" / "static", proxy.static_root, dirs_exist_ok=True)
            css = proxy.static_root / "jamlik" / "site.css"
            css.with_name("site.css.gz").write_bytes(gzip.compress(css.read_bytes()))
            (proxy.media_root / "logos").mkdir()
            (proxy.media_root / "logos" / "sater.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
            # The private folder beside the media and static folders, as in a default installation.
            private_file = proxy.media_root.parent / "private" / "networks" / "documents" / "plan.txt"
            private_file.parent.mkdir(parents=True)
            private_file.write_bytes(SECRET)
            yield Site(proxy, app_port, folder, private_file)
    finally:
        app.stop()


def _app_saw(site: Site, path: str, *, wait: bool = False) -> list[list[str]]:
    """gunicorn's access log lines for ``path``; ``wait``: it writes them just after answering."""
    deadline = time.monotonic() + (10 if wait else 0)
    while True:
        lines = [line for line in stack.access_log(site.folder, site.app_port) if line[4] == path]
        if lines or time.monotonic() >= deadline:
            return lines
        time.sleep(0.1)


def test_static_files_come_from_disk_compressed_and_never_reach_the_application(site: Site) -> None:
    css = (site.proxy.static_root / "jamlik" / "site.css").read_bytes()
    response = stack.request(site.proxy, "GET", "/static/jamlik/site.css")
    assert response.status == 200
    assert response.body == css
    assert response.one("Content-Type").startswith("text/css")
    assert response.one("X-Content-Type-Options") == "nosniff"
    assert "max-age=3600" in response.one("Cache-Control")

    compressed = stack.request(site.proxy, "GET", "/static/jamlik/site.css", headers={"Accept-Encoding": "gzip"})
    assert compressed.one("Content-Encoding") == "gzip"
    assert gzip.decompress(compressed.body) == css
    assert _app_saw(site, "/static/jamlik/site.css") == []


def test_media_files_are_served_as_data_that_cannot_run(site: Site) -> None:
    response = stack.request(site.proxy, "GET", "/media/logos/sater.png")
    assert response.status == 200
    assert response.one("Content-Type") == "image/png"
    assert "sandbox" in response.one("Content-Security-Policy")
    assert response.one("X-Content-Type-Options") == "nosniff"


def test_diploma_pdfs_in_media_are_left_to_the_application(site: Site) -> None:
    pdf = site.proxy.media_root / "credentials" / "pdf" / "0123abcd" / "diploma.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.7 Lina Larande")
    response = stack.request(site.proxy, "GET", "/media/credentials/pdf/0123abcd/diploma.pdf")
    assert response.status == 404
    assert b"Lina" not in response.body


@pytest.mark.parametrize(
    "path",
    [
        "/private/networks/documents/plan.txt",
        "/networks/documents/plan.txt",
        "/media/../private/networks/documents/plan.txt",
        "/media/%2e%2e/private/networks/documents/plan.txt",
        "/media/..%2fprivate/networks/documents/plan.txt",
        "/media../private/networks/documents/plan.txt",  # the classic alias without a trailing slash
        "/static../private/networks/documents/plan.txt",
        "/static/../private/networks/documents/plan.txt",
        "/media/private/networks/documents/plan.txt",
    ],
)
def test_a_private_file_is_never_served_by_any_path(site: Site, path: str) -> None:
    assert site.private_file.read_bytes() == SECRET  # the file is there to be leaked
    response = stack.request(site.proxy, "GET", path)
    assert response.status in (400, 404)
    assert SECRET not in response.body


def test_pages_get_one_of_each_security_header_and_nginx_hsts_replaces_the_applications(site: Site) -> None:
    response = stack.request(site.proxy, "GET", "/tillganglighet/")
    assert response.status == 200, response.body[:500]
    assert response.all("Strict-Transport-Security") == ["max-age=31536000; includeSubDomains"]
    assert "default-src 'self'" in response.one("Content-Security-Policy")
    assert response.one("X-Frame-Options") == "SAMEORIGIN"
    assert response.one("X-Content-Type-Options") == "nosniff"
    assert response.one("Referrer-Policy") == "same-origin"
    assert response.one("Server") == "nginx"  # no version
    # The application does send its own HSTS: the header above is nginx's, alone.
    direct = stack.plain(site.app_port, "/tillganglighet/", headers={"X-Forwarded-Proto": "https"})
    assert direct.all("Strict-Transport-Security") == ["max-age=3600"]


def test_a_body_above_the_application_limit_is_refused_by_nginx_with_413(site: Site) -> None:
    too_large = LARGEST_ORDINARY_UPLOAD + 1
    # Only the declared length is sent: nginx answers from the header, before reading a byte.
    connection = stack._Connection(stack.SITE, site.proxy.https_port, "127.0.0.1", stack.tls_context(site.proxy.ca))
    connection.putrequest("POST", "/natverk/", skip_host=True)
    connection.putheader("Host", stack.SITE)
    connection.putheader("Content-Type", "application/octet-stream")
    connection.putheader("Content-Length", str(too_large))
    connection.endheaders()
    answer = connection.getresponse()
    connection.close()
    assert answer.status == 413
    assert _app_saw(site, "/natverk/") == []

    # Just under the limit, and above it in course authoring (video, bundles): nginx passes the body on
    # and the application decides (here it refuses at once for want of a CSRF token; gunicorn may
    # then close the connection before nginx has sent the whole body, which nginx reports as 502).
    for path, size in (
        ("/natverk/", LARGEST_ORDINARY_UPLOAD - 4096),
        ("/kurser/redigera/importera/", 30 * 1024 * 1024),
    ):
        response = stack.request(site.proxy, "POST", path, body=b"x" * size)
        assert response.status != 413, path
        assert _app_saw(site, path, wait=True), path


def test_the_application_learns_the_client_address_and_tls_from_nginx_alone(site: Site) -> None:
    response = stack.request(
        site.proxy,
        "GET",
        "/integritet/",
        source="127.0.0.2",
        headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "http", "X-Request-ID": "forged"},
    )
    # With JAMLIK_SSL_REDIRECT=1 the application redirects any request it believes came over plain HTTP.
    assert response.status != 301
    [seen] = _app_saw(site, "/integritet/", wait=True)
    peer, forwarded_for, proto = seen[0], seen[1], seen[2]
    assert peer == "127.0.0.1"  # nginx
    assert forwarded_for == "127.0.0.2"  # the client's real address; the forged one is dropped
    assert proto == "https"

    # The same request straight to gunicorn (no proxy) is treated as plain HTTP: the check can fail.
    direct = stack.plain(site.app_port, "/integritet/")
    assert direct.status == 301
    assert direct.one("Location") == f"https://{stack.SITE}/integritet/"


def test_rate_limits_count_each_client_not_the_proxy(site: Site) -> None:
    """The diploma verification limit (30 a minute per address), through nginx from two clients."""
    limited = None
    for _ in range(2 * VERIFY_LIMIT + 1):  # twice, in case a minute's window turns over meanwhile
        limited = stack.request(site.proxy, "GET", "/verifiera/XXXX/", source="127.0.0.2")
        if limited.status == 429:
            break
    assert limited is not None and limited.status == 429
    # A forged header from the limited client does not make it someone else ...
    forged = stack.request(
        site.proxy, "GET", "/verifiera/XXXX/", source="127.0.0.2", headers={"X-Forwarded-For": "198.51.100.7"}
    )
    assert forged.status == 429
    # ... and another client behind the same proxy still has its own lookups.
    other = stack.request(site.proxy, "GET", "/verifiera/XXXX/", source="127.0.0.3")
    assert other.status != 429


def test_plain_http_redirects_to_https(site: Site) -> None:
    response = stack.plain(site.proxy.http_port, "/kurser/?sida=2")
    assert response.status == 301
    assert response.one("Location") == f"https://{stack.SITE}/kurser/?sida=2"


def test_the_content_origin_is_its_own_site_and_serves_nothing_from_the_application(site: Site) -> None:
    response = stack.request(site.proxy, "GET", "/innehall-kontroll/", host=stack.CONTENT)
    assert response.status == 404
    assert response.one("Content-Security-Policy") == f"frame-ancestors https://{stack.SITE}"
    assert response.all("Strict-Transport-Security")
    assert not response.all("Set-Cookie")
    assert not [line for line in stack.access_log(site.folder, site.app_port) if line[4] == "/innehall-kontroll/"]


def test_an_unknown_host_name_is_refused_before_the_application(site: Site) -> None:
    with pytest.raises(ssl.SSLError):
        stack.request(site.proxy, "GET", "/", host="attacker.example")
    with pytest.raises(ConnectionError):
        stack.plain(site.proxy.http_port, "/", host="attacker.example")


def test_metrics_are_never_passed_on_by_nginx_but_answer_a_direct_scrape(site: Site) -> None:
    through_nginx = stack.request(site.proxy, "GET", "/metrics", source="127.0.0.2")
    assert through_nginx.status == 404
    assert not _app_saw(site, "/metrics")
    direct = stack.plain(site.app_port, "/metrics")
    assert direct.status == 200
    assert b"jamlik_http_request_duration_seconds" in direct.body


def test_the_request_id_is_nginxs_not_the_clients(site: Site) -> None:
    response = stack.request(site.proxy, "GET", "/integritet/", headers={"X-Request-ID": "forged-by-client"})
    request_id = response.one("X-Request-ID")
    assert request_id != "forged-by-client"
    assert len(request_id) == 32 and int(request_id, 16) >= 0  # nginx's $request_id: 32 hex digits
