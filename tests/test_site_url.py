"""SITE_URL is the one source of the site's address: allauth's emails, the Site row, production
settings and the demo all follow it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.test import Client

from jamlik.lib.site import sync_site_row
from jamlik.people.models import User

ROOT = Path(__file__).resolve().parent.parent
BASH = shutil.which("bash") or "/bin/bash"


@pytest.mark.django_db
def test_the_sign_in_code_email_greets_and_signs_with_the_site_name(
    client: Client, learner_a: User, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.SITE_URL = "https://jamlik.example.se"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/konto/login/code/", {"email": learner_a.email})
    body = mail.outbox[-1].body
    assert "Hej från Jämlik!" in body
    assert "Tack för att du använder Jämlik!" in body
    assert "jamlik.example.se" in body
    assert "från !" not in body and "använder !" not in body


@pytest.mark.django_db
def test_allauth_links_point_at_the_site_url_not_the_requests_host(
    client: Client, learner_a: User, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.SITE_URL = "https://jamlik.example.se"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/konto/password/reset/", {"email": learner_a.email}, HTTP_HOST="127.0.0.1")
    body = mail.outbox[-1].body
    links = re.findall(r"https?://\S+", body)
    assert links, body
    assert all(link.startswith("https://jamlik.example.se/konto/password/reset/key/") for link in links), links
    assert "127.0.0.1" not in body


@pytest.mark.django_db
def test_the_site_row_follows_the_site_url_after_migrate(settings: Any) -> None:
    # pytest-django migrated the test database with JAMLIK_SITE_URL from the test settings.
    site = Site.objects.get(pk=settings.SITE_ID)
    assert (site.name, site.domain) == ("Jämlik", settings.SITE_URL.split("://", 1)[1])
    settings.SITE_URL = "https://jamlik.example.se:8443"
    sync_site_row()
    assert Site.objects.get_current().domain == "jamlik.example.se:8443"


def _settings_in_a_fresh_process(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("JAMLIK_")}
    clean.update({"DJANGO_SETTINGS_MODULE": "jamlik.settings", **env})
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)",
        ],
        env=clean,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


@pytest.mark.heavy  # fresh Python processes
def test_production_settings_refuse_to_start_without_a_site_url(tmp_path: Path) -> None:
    production = {"JAMLIK_DEBUG": "0", "JAMLIK_SECRET_KEY": "x" * 40, "JAMLIK_DATA_DIR": str(tmp_path)}
    refused = _settings_in_a_fresh_process(**production)
    assert refused.returncode != 0
    assert "Set JAMLIK_SITE_URL" in refused.stderr
    not_a_url = _settings_in_a_fresh_process(**production, JAMLIK_SITE_URL="jamlik.example.se")
    assert "must be an http(s) address" in not_a_url.stderr
    started = _settings_in_a_fresh_process(**production, JAMLIK_SITE_URL="https://jamlik.example.se/")
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "https://jamlik.example.se"


def _demo(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [BASH, "scripts/demo.sh", "8101"]
    return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False, timeout=60)  # noqa: S603 (our own script)


@pytest.mark.heavy  # the demo script in a shell
def test_the_demo_derives_the_site_url_from_its_port(tmp_path: Path) -> None:
    # A stand-in for the jamlik command that prints the address the demo gave it and stops.
    stub = tmp_path / "jamlik"
    stub.write_text('#!/bin/sh\n[ "$1" = runserver ] && echo "site=$JAMLIK_SITE_URL bind=$2"\nexit 0\n')
    stub.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "JAMLIK_SITE_URL"}
    env["JAMLIK"] = str(stub)
    done = _demo(env)
    assert done.returncode == 0, done.stderr
    assert "site=http://127.0.0.1:8101 bind=127.0.0.1:8101" in done.stdout
    env["JAMLIK_SITE_URL"] = "http://demo.example:8101"
    kept = _demo(env)
    assert "site=http://demo.example:8101 " in kept.stdout
