"""The pages a person sees when sign-in through their organisation cannot go on, with the way forward."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from jamlik.identity.models import IdentityProvider


def refused(
    request: HttpRequest, message: str, provider: IdentityProvider | None = None, *, status: int = 403
) -> HttpResponse:
    """A clear refusal. The emailed code is offered unless this provider turned it off."""
    offer_code = provider is None or provider.allow_email_code
    return render(
        request,
        "identity/refused.html",
        {"message": message, "provider": provider, "offer_code": offer_code},
        status=status,
    )


def provider_unavailable(request: HttpRequest, slug: str) -> HttpResponse:
    provider = IdentityProvider.objects.filter(slug=slug).select_related("organisation").first()
    name = provider.name if provider else slug
    message = _(
        "We could not reach %(name)s just now, so sign-in through your organisation is not possible at the moment. "
        "Try again later."
    ) % {"name": name}
    return refused(request, message, provider, status=502)
