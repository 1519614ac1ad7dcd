"""The runner page on the content origin: ``/run/<package public id>/?sco=<launch path>``.

The player page (on the platform) frames this page; it loads scorm-again and our bridge from this
origin, waits for the attempt's runtime data from the player by ``postMessage``, exposes the SCORM
API to the package as ``window.API`` (1.2) or ``window.API_1484_11`` (2004), and only then frames
the SCO, which finds the API in its parent as the standards say. Nothing here knows who the
learner is: the page is the same for everyone, and the data comes from the platform's page.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.html import escape, json_script

from jamlik.packages.content import content_url
from jamlik.packages.content.headers import not_found, platform_origin, protect, runner_csp
from jamlik.packages.models import Package

STATIC = Path(__file__).resolve().parent.parent / "static" / "packages"
# The scripts this origin serves besides package files, by the name the runner page uses.
SCRIPTS = {
    "bridge.js": STATIC / "bridge.js",
    "scorm12.js": STATIC / "vendor" / "scorm12.min.js",
    "scorm2004.js": STATIC / "vendor" / "scorm2004.min.js",
}


def runner(request: HttpRequest, package: uuid.UUID) -> HttpResponseBase:
    found = Package.objects.filter(public_id=package).first()
    launch = request.GET.get("sco", "")
    path, _, query = launch.partition("?")
    if found is None or not path or not found.files.filter(path=path).exists():
        return not_found()
    standard = "scorm12" if found.standard == "scorm12" else "scorm2004"
    config = {
        "platform": platform_origin(),
        "standard": standard,
        "sco": content_url(found, path, query),
        "title": found.title,
    }
    # The data is JSON in a script element that is never run (the page allows only scripts from
    # this origin); json_script escapes what could end the element.
    page = f"""<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(found.title or "Jämlik")}</title>
</head>
<body>
{json_script(config, "jamlik-runner")}
<script src="/run/_/{standard}.js"></script>
<script src="/run/_/bridge.js"></script>
</body>
</html>
"""
    response = HttpResponse(page, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return protect(response, runner_csp())


def script(request: HttpRequest, name: str) -> HttpResponseBase:
    path = SCRIPTS.get(name)
    if path is None:
        return not_found()
    response = HttpResponse(path.read_bytes(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return protect(response, "default-src 'none'")
