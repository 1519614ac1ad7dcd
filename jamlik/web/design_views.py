"""The design system's pages: the installation's theme and logo, and the page that shows every
component (``/design/``, public: nothing on it is private, and contributors and installations
read it before changing a template; docs/design.md)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from jamlik.web import palette
from jamlik.web.branding import site_profile

ONE_DAY = 24 * 60 * 60


@require_GET
@cache_control(public=True, max_age=ONE_DAY)
def theme_css(request: HttpRequest) -> HttpResponse:
    """The accent colour as CSS custom properties (a stylesheet, since the CSP allows no inline style)."""
    profile = site_profile()
    css = f":root {{ --brand: {profile.accent}; --brand-dark: {profile.accent_dark}; }}\n"
    return HttpResponse(css, content_type="text/css; charset=utf-8")


@require_GET
@cache_control(public=True, max_age=ONE_DAY)
def site_logo(request: HttpRequest) -> FileResponse:
    profile = site_profile()
    if profile.logo_path is None:
        raise Http404
    response = FileResponse(profile.logo_path.open("rb"), content_type=profile.logo_type)
    # An SVG logo opened on its own must not run script.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response


@require_GET
def design(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/design.html",
        {
            "pairs": palette.pairs(),
            "type_scale": palette.TYPE_SCALE,
            "spacing": palette.SPACING,
            "profile": site_profile(),
            "sample_numbers": [2891, 12590, 1234567, 12.5, 0.25],
            "sample_rows": palette.SAMPLE_ROWS,
        },
    )
