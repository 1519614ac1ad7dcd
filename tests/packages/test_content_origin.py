"""The content origin: package files only from its host, with its own headers; nothing else there,
and no package file from the platform's host (docs/scorm.md, "Content origin")."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from jamlik.packages.content import content_url, runner_url
from jamlik.packages.models import Package
from tests.packages.player_kit import Sco, make_package

CONTENT = "innehall.testserver"
PAGE = "<!doctype html><title>Lektion</title><script src='app.js'></script>"


@pytest.fixture(autouse=True)
def content_origin(settings: Any) -> None:
    settings.JAMLIK_CONTENT_ORIGIN = f"http://{CONTENT}"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, CONTENT]


@pytest.fixture
def package(db: None) -> Package:
    return make_package(
        {
            "index.html": PAGE,
            "app.js": "window.started = true;",
            "media/film clip.mp4": bytes(range(256)) * 4,
            "data.bin": b"\x00\x01",
        },
        [Sco("intro", "Inledning", "index.html", parameters="?part=1")],
    )


def on_content(client: Client, url: str, **headers: str) -> Any:
    assert url.startswith(f"http://{CONTENT}/"), url
    return client.get(url.removeprefix(f"http://{CONTENT}"), HTTP_HOST=CONTENT, **headers)


def test_a_package_file_is_served_with_its_type_and_the_content_origins_policy(
    client: Client, package: Package
) -> None:
    response = on_content(client, content_url(package, "app.js"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"window.started = true;"
    assert response["Content-Type"] == "text/javascript"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, max-age=3600"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["connect-src"] == "'self'"
    assert policy["frame-ancestors"] == f"'self' {django_settings.SITE_URL}"
    assert "'unsafe-inline'" in policy["script-src"] and "http://testserver" not in policy["script-src"]
    assert not response.cookies


def test_an_html_file_and_an_unknown_kind(client: Client, package: Package) -> None:
    assert on_content(client, content_url(package, "index.html"))["Content-Type"] == "text/html"
    assert on_content(client, content_url(package, "data.bin"))["Content-Type"] == "application/octet-stream"


def test_a_file_name_with_a_space_is_found_by_its_encoded_address(client: Client, package: Package) -> None:
    url = content_url(package, "media/film clip.mp4")
    assert url.endswith("/media/film%20clip.mp4")
    response = on_content(client, url)
    assert response.status_code == 200 and response["Content-Type"] == "video/mp4"


def test_a_byte_range_is_served_for_media(client: Client, package: Package) -> None:
    url = content_url(package, "media/film clip.mp4")
    response = on_content(client, url, HTTP_RANGE="bytes=10-19")
    assert response.status_code == 206
    assert response["Content-Range"] == "bytes 10-19/1024"
    assert b"".join(response.streaming_content) == bytes(range(10, 20))
    tail = on_content(client, url, HTTP_RANGE="bytes=-4")
    assert b"".join(tail.streaming_content) == bytes([252, 253, 254, 255])
    assert on_content(client, url, HTTP_RANGE="bytes=5000-").status_code == 416


def test_an_unchanged_file_answers_304(client: Client, package: Package) -> None:
    url = content_url(package, "app.js")
    etag = on_content(client, url)["ETag"]
    assert on_content(client, url, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize(
    "path",
    ["missing.html", "../index.html", "media/../index.html", "/etc/passwd", "INDEX.HTML"],
)
def test_only_the_files_the_import_recorded_can_be_named(client: Client, package: Package, path: str) -> None:
    response = client.get(f"/p/{package.public_id}/{path}", HTTP_HOST=CONTENT)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/plain")


def test_another_packages_id_finds_nothing(client: Client, package: Package) -> None:
    other = make_package({"other.html": "x"}, [Sco("o", "Annan", "other.html")])
    assert client.get(f"/p/{other.public_id}/index.html", HTTP_HOST=CONTENT).status_code == 404


@pytest.mark.parametrize(
    "path", ["/", "/kurser/", "/konto/login/", "/admin/", "/api/v1/me", "/static/jamlik/site.css", "/healthz/"]
)
def test_the_content_host_serves_no_platform_page_and_sets_no_cookie(
    as_learner_a: Client, package: Package, path: str
) -> None:
    response = as_learner_a.get(path, HTTP_HOST=CONTENT)
    assert response.status_code == 404
    assert not response.cookies
    assert "csrftoken" not in response.headers.get("Set-Cookie", "")


def test_a_post_to_the_content_host_is_refused_without_a_csrf_check_or_a_session(
    as_learner_a: Client, package: Package
) -> None:
    response = as_learner_a.post(f"/p/{package.public_id}/index.html", HTTP_HOST=CONTENT)
    assert response.status_code == 405
    assert not response.cookies


def test_the_platform_host_never_serves_package_files(as_learner_a: Client, package: Package) -> None:
    assert as_learner_a.get(f"/p/{package.public_id}/index.html").status_code == 404
    assert as_learner_a.get(f"/run/{package.public_id}/?sco=index.html").status_code == 404


def test_the_runner_page_frames_a_file_of_the_package_and_only_the_platform_may_frame_it(
    client: Client, package: Package
) -> None:
    url = runner_url(package, "index.html?part=1")
    response = on_content(client, url)
    assert response.status_code == 200
    html = response.content.decode()
    assert content_url(package, "index.html", "part=1") in html
    assert '<script src="/run/_/scorm12.js">' in html and '<script src="/run/_/bridge.js">' in html
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and f"frame-ancestors {django_settings.SITE_URL}" in policy
    assert response["Cache-Control"] == "no-store"
    script = client.get("/run/_/bridge.js", HTTP_HOST=CONTENT)
    assert script.status_code == 200 and script["Content-Type"].startswith("text/javascript")
    assert client.get("/run/_/settings.py", HTTP_HOST=CONTENT).status_code == 404


def test_the_runner_refuses_a_launch_file_outside_the_package(client: Client, package: Package) -> None:
    for sco in ["", "nothing.html", "../index.html", "https://elsewhere.example/x.html"]:
        response = client.get(f"/run/{package.public_id}/", {"sco": sco}, HTTP_HOST=CONTENT)
        assert response.status_code == 404, sco
