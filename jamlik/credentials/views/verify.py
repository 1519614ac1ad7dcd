"""The public verification page: no sign-in, made for a phone held up to a QR code."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from jamlik.credentials import codes
from jamlik.credentials.access import MalformedCode, get_diploma_by_code
from jamlik.credentials.pdf import diploma_context
from jamlik.credentials.ratelimit import WINDOW_SECONDS, over_limit
from jamlik.lib.privacy import personal


def _too_many(request: HttpRequest) -> HttpResponse:
    response = render(request, "credentials/too_many.html", {"seconds": WINDOW_SECONDS}, status=429)
    response["Retry-After"] = str(WINDOW_SECONDS)
    return response


@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    """A form to type a code from paper; a well-formed code goes to its page."""
    typed = request.GET.get("kod", "").strip()
    error = False
    if typed:
        code = codes.normalise(typed)
        if code is not None:
            return redirect("credentials:verify", code=codes.display(code))
        error = True
    return render(request, "credentials/lookup.html", {"typed": typed, "error": error}, status=400 if error else 200)


@personal  # the page names the diploma's holder
@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    if over_limit(request):
        return _too_many(request)
    try:
        diploma = get_diploma_by_code(code)
    except MalformedCode:
        return render(request, "credentials/verify_unknown.html", {"typed": code, "malformed": True}, status=400)
    except Http404:
        return render(request, "credentials/verify_unknown.html", {"typed": code, "malformed": False}, status=404)
    context = {**diploma_context(diploma), "status": diploma.status(), "qr": None}
    response = render(request, "credentials/verify.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response
