"""The content origin: package files served from a host of their own (docs/scorm.md).

Package content is third-party HTML and script. It runs only in ``JAMLIK_CONTENT_ORIGIN``, a
different site from the platform's, so it cannot read the learner's cookies, call the platform as
the learner, or reach into the page around it. ``ContentOriginMiddleware`` answers every request
for that host from ``content.urls`` (package files and the runtime bridge, nothing else) before
any session, CSRF or platform page is involved; the platform's own host never serves them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from jamlik.packages.models import Package

# Characters kept as they are in a file's path in a URL: the path's own separators and what
# authoring tools put in file names without meaning anything special in a URL path.
SAFE_IN_PATH = "/!$&'()*+,;=:@-._~"


def content_origin() -> str:
    """``JAMLIK_CONTENT_ORIGIN`` (``scheme://host[:port]``), read at each use (tests change it)."""
    origin: str = settings.JAMLIK_CONTENT_ORIGIN
    if not origin:
        raise ImproperlyConfigured("Set JAMLIK_CONTENT_ORIGIN to play content packages (docs/scorm.md).")
    return origin


def is_configured() -> bool:
    return bool(settings.JAMLIK_CONTENT_ORIGIN)


def content_url(package: Package, path: str, query: str = "") -> str:
    """The absolute address of a file of ``package`` on the content origin, e.g. a launch URL.

    ``path`` is the file's path inside the package as the archive held it (not URL-encoded);
    ``query`` is added as it is (``a=1&b=2``, without ``?``), for launch parameters.
    """
    url = f"{content_origin()}/p/{package.public_id}/{quote(path, safe=SAFE_IN_PATH)}"
    return f"{url}?{query}" if query else url


def runner_url(package: Package, path: str) -> str:
    """The content origin's runtime page that exposes the SCORM API and frames ``path`` (a SCO's
    launch path inside the package, with its parameters): what the player page frames."""
    return f"{content_origin()}/run/{package.public_id}/?{urlencode({'sco': path})}"
