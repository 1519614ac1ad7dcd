"""The headers of everything the content origin answers: its own Content-Security-Policy,
content types that are never sniffed, caching, and the plain 404 for everything else."""

from __future__ import annotations

import mimetypes

from django.conf import settings
from django.http import HttpResponse, HttpResponseBase

from jamlik.lib.origins import origin_of

# Types the standard library guesses wrongly, or not at all, for what authoring tools export.
TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".css": "text/css",
    ".htm": "text/html",
    ".html": "text/html",
    ".xhtml": "application/xhtml+xml",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".eot": "application/vnd.ms-fontobject",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".ogg": "audio/ogg",
    ".wav": "audio/wav",
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".webm": "video/webm",
    ".vtt": "text/vtt",
    ".xml": "application/xml",
    ".xsd": "application/xml",
    ".txt": "text/plain",
    ".pdf": "application/pdf",
    ".swf": "application/octet-stream",  # never run as a plug-in
}


def content_type(path: str) -> str:
    """The type a package file is served with; unknown kinds are plain bytes (never sniffed)."""
    dot = path.rfind(".")
    extension = path[dot:].lower() if dot > path.rfind("/") else ""
    if extension in TYPES:
        return TYPES[extension]
    guessed, _ = mimetypes.guess_type(f"file{extension}")
    return guessed or "application/octet-stream"


def platform_origin() -> str:
    return origin_of(settings.SITE_URL)


def package_csp(*, cmi5: bool = False) -> str:
    """Package files may run their own scripts and styles (authoring tools inline both and some use
    ``eval``), but only from the content origin; they may be framed only by the platform's player
    (through the runner page, on this origin) and connect to nothing but this origin, so never to
    the platform. A cmi5 AU talks xAPI itself (docs/cmi5.md): it may also reach the platform's
    fetch URLs and LRS, and nothing else there (a cross-site request without cookies, with the
    session's own credential)."""
    connect = "connect-src 'self'"
    if cmi5:
        connect += f" {platform_origin()}/xapi/ {platform_origin()}/cmi5/fetch/"
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "media-src 'self' data: blob:",
            "font-src 'self' data:",
            connect,
            "frame-src 'self'",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors 'self' {platform_origin()}",
        ]
    )


def runner_csp() -> str:
    """The runner page: our own script from this origin, the package's frame, nothing else; only
    the platform may frame it."""
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "frame-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            f"frame-ancestors {platform_origin()}",
        ]
    )


def protect(response: HttpResponseBase, csp: str) -> HttpResponseBase:
    response["Content-Security-Policy"] = csp
    response["X-Content-Type-Options"] = "nosniff"
    # Other sites (the platform included) may not embed package files as their own subresources.
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def not_found() -> HttpResponse:
    """Everything the content origin does not serve: plain text, no page of the platform's."""
    response = HttpResponse(
        "Not found. This address serves course content only.\n", status=404, content_type="text/plain; charset=utf-8"
    )
    response["Cache-Control"] = "no-store"
    protect(response, "default-src 'none'; frame-ancestors 'none'")
    return response
