"""The sign-in page's part of single sign-on: which organisation's provider an address leads to.

- Typing an address whose domain an enabled provider serves leads to "Sign in through your
  organisation" (``identity/choose.html``) instead of sending a code at once; the emailed code
  stays offered below it unless the organisation turned it off.
- With ``allow_email_code`` off, no code is sent to an address at the provider's domains, no
  account is started for one by code, and a password set earlier does not sign it in either: each
  is refused with a message saying how to sign in.
- ``start`` begins a sign-in through a chosen provider (by the address's domain, or picked from
  the list of organisations) with the login view of its kind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from allauth.account.forms import LoginForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.identity.models import IdentityProvider, ProviderKind
from jamlik.people.signin import CodeRequestForm, CodeRequestView, SignupByCodeForm


def enabled_providers() -> Any:
    return IdentityProvider.objects.filter(is_enabled=True).select_related("organisation")


def provider_for_address(email: str) -> IdentityProvider | None:
    """The enabled provider serving the address's domain, if any (a domain has at most one)."""
    domain = email.strip().rsplit("@", 1)[-1].lower() if "@" in email else ""
    if not domain:
        return None
    found: IdentityProvider | None = enabled_providers().filter(domains__domain=domain).first()
    return found


def refuse_password_for(email: str) -> None:
    provider = provider_for_address(email)
    if provider is not None and not provider.allow_email_code:
        raise ValidationError(
            _(
                "%(organisation)s signs in addresses at %(domain)s only through %(provider)s, not with a password. "
                "Choose “Sign in through your organisation” instead."
            )
            % {
                "organisation": provider.organisation,
                "domain": email.rsplit("@", 1)[-1].lower(),
                "provider": provider.name,
            },
            code="sign_in_through_organisation",
        )


def refuse_code_for(email: str) -> None:
    provider = provider_for_address(email)
    if provider is not None and not provider.allow_email_code:
        raise ValidationError(
            _(
                "%(organisation)s signs in addresses at %(domain)s only through %(provider)s, so no code is sent to them. "
                "Choose “Sign in through your organisation” instead."
            )
            % {
                "organisation": provider.organisation,
                "domain": email.rsplit("@", 1)[-1].lower(),
                "provider": provider.name,
            },
            code="sign_in_through_organisation",
        )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def authorization_origin_key(slug: str) -> str:
    return f"identity:authorization-origin:{slug}"


def remember_authorization_endpoint(slug: str, url: str) -> None:
    """Noted whenever the discovery document is read, for the sign-in page's Content-Security-Policy."""
    cache.set(authorization_origin_key(slug), _origin(url), timeout=30 * 24 * 3600)


def provider_origins(provider: IdentityProvider) -> list[str]:
    """Where starting a sign-in through ``provider`` sends the browser."""
    if provider.kind == ProviderKind.SAML:
        from jamlik.identity.saml.metadata import MetadataRejected, read_idp_metadata

        try:
            found = {_origin(read_idp_metadata(provider.saml_idp_metadata_xml, provider.saml_idp_entity_id).sso_url)}
        except MetadataRejected:
            found = set()
    else:
        found = {_origin(provider.oidc_issuer), cache.get(authorization_origin_key(provider.slug)) or ""}
    return sorted(found - {""})


def choose_page(request: HttpRequest, provider: IdentityProvider, email: str = "", next_url: str = "") -> HttpResponse:
    """ "Sign in through your organisation" for one provider.

    Its button is a form whose answer redirects to the provider; browsers check such redirects
    against the page's ``form-action``, so the page allows the provider's origins (the issuer's,
    and the authorization endpoint's as last read from its discovery document).
    """
    response = render(request, "identity/choose.html", {"provider": provider, "email": email, "next": next_url})
    origins = provider_origins(provider)
    if origins:
        response._csp_update = {"form-action": origins}  # type: ignore[attr-defined]
    return response


class OrganisationCodeRequestForm(CodeRequestForm):
    def clean_email(self) -> str:
        email = super().clean_email()
        refuse_code_for(email)
        return email


class OrganisationLoginForm(LoginForm):  # type: ignore[misc]
    """allauth's sign-in with a password, refused where the organisation allows only its own sign-in."""

    def clean_login(self) -> str:
        login: str = super().clean_login()
        refuse_password_for(login)
        return login


class OrganisationSignupForm(SignupByCodeForm):
    def clean_email(self) -> str:
        email: str = super().clean_email()
        refuse_code_for(email)
        return email


class OrganisationCodeRequestView(CodeRequestView):
    """The code request, which first offers the organisation's own sign-in where there is one."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "use_code" not in request.POST:
            provider = provider_for_address(str(request.POST.get("email", "")))
            if provider is not None:
                return choose_page(
                    request, provider, str(request.POST.get("email", "")), str(request.POST.get("next", ""))
                )
        response: HttpResponse = super().post(request, *args, **kwargs)
        return response


request_code = OrganisationCodeRequestView.as_view()


def _oidc_login(request: HttpRequest, slug: str) -> HttpResponse:
    from jamlik.identity.oidc.views import login

    response: HttpResponse = login(request, provider_id=slug)
    return response


def _saml_login(request: HttpRequest, slug: str) -> HttpResponse:
    from jamlik.identity.saml.views import login

    response: HttpResponse = login(request, organization_slug=slug)
    return response


# The view that starts a sign-in, for each kind.
LOGIN_VIEWS: dict[str, Callable[[HttpRequest, str], HttpResponse]] = {
    ProviderKind.OIDC: _oidc_login,
    ProviderKind.SAML: _saml_login,
}


def choose(request: HttpRequest) -> HttpResponse:
    """The organisation picked from the sign-in page's list (a GET: nothing starts until its button is pressed)."""
    provider = enabled_providers().filter(slug=str(request.GET.get("provider", ""))).first()
    if provider is None:
        raise Http404
    return choose_page(request, provider, next_url=str(request.GET.get("next", "")))


@require_POST
def start(request: HttpRequest) -> HttpResponse:
    """Begin a sign-in through the provider chosen on the sign-in page (a POST, never a link)."""
    provider = enabled_providers().filter(slug=str(request.POST.get("provider", ""))).first()
    if provider is None or provider.kind not in LOGIN_VIEWS:
        raise Http404
    return LOGIN_VIEWS[provider.kind](request, provider.slug)
