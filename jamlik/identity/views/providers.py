"""Coordinator pages: an organisation's identity providers (its own only; another's is a 404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.identity import actions
from jamlik.identity.access import get_provider_in
from jamlik.identity.forms import OIDCProviderForm, SAMLProviderForm
from jamlik.identity.models import IdentityProvider, ProviderKind
from jamlik.identity.saml.actions import MetadataSource, save_saml_provider
from jamlik.identity.saml.config import sp_acs_url, sp_entity_id
from jamlik.lib.forms import add_action_errors
from jamlik.lib.site import absolute
from jamlik.people.access import get_organisation_for_coordinator
from jamlik.people.http import authenticated_user
from jamlik.people.models import Organisation


def redirect_uri(provider: IdentityProvider) -> str:
    return absolute(reverse("openid_connect_callback", kwargs={"provider_id": provider.slug}))


def saml_values(provider: IdentityProvider) -> dict[str, str]:
    """What a SAML identity provider's administrators need from us (docs/sso.md): our entity id is our metadata's address."""
    return {
        "entity_id": sp_entity_id(provider),
        "acs_url": sp_acs_url(provider),
        "metadata_url": sp_entity_id(provider),
    }


def _page(request: HttpRequest, organisation: Organisation, template: str, **context: object) -> HttpResponse:
    return render(request, template, {"organisation": organisation, "section": "sign_in", **context})


@login_required
def providers(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    rows = organisation.identity_providers.prefetch_related("domains").order_by("name")
    items = [
        (provider, redirect_uri(provider), None)
        if provider.kind == ProviderKind.OIDC
        else (provider, "", saml_values(provider))
        for provider in rows
    ]
    return _page(request, organisation, "identity/providers.html", items=items)


@login_required
def edit_oidc(request: HttpRequest, slug: str, public_id: str | None = None) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    provider = get_provider_in(organisation, public_id) if public_id else None
    if provider is not None and provider.kind == ProviderKind.SAML:
        return _edit_saml(request, organisation, provider)
    if provider is not None and provider.kind != ProviderKind.OIDC:
        return redirect("identity:org_providers", slug=slug)
    form = OIDCProviderForm(request.POST or None, organisation=organisation, provider=provider)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = actions.save_oidc_provider(
                authenticated_user(request),
                organisation,
                provider=provider,
                slug=data["slug"],
                name=data["name"],
                issuer=data["issuer"],
                client_id=data["client_id"],
                client_secret=data["client_secret"],
                client_secret_file=provider.oidc_client_secret_file if provider else "",
                scopes=data["scopes"],
                domains=list(data["domains"]),
                claim_mapping=form.mapping(),
                allow_email_code=data["allow_email_code"],
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(
                request,
                _("The identity provider was saved. Register the redirect URI at the provider, then turn it on."),
            )
            return redirect("identity:org_provider", slug=slug, public_id=saved.public_id)
    return _page(
        request,
        organisation,
        "identity/provider_form.html",
        form=form,
        provider=provider,
        redirect_uri=redirect_uri(provider) if provider else "",
        has_secret=bool(provider and (provider.oidc_client_secret_encrypted or provider.oidc_client_secret_file)),
    )


@login_required
def new_saml(request: HttpRequest, slug: str) -> HttpResponse:
    return _edit_saml(request, get_organisation_for_coordinator(request.user, slug), None)


def _edit_saml(request: HttpRequest, organisation: Organisation, provider: IdentityProvider | None) -> HttpResponse:
    """The SAML page; the caller has found the organisation (the coordinator's own) and the provider in it."""
    form = SAMLProviderForm(request.POST or None, request.FILES or None, organisation=organisation, provider=provider)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = save_saml_provider(
                authenticated_user(request),
                organisation,
                provider=provider,
                slug=data["slug"],
                name=data["name"],
                metadata=MetadataSource(
                    xml=data["metadata_file"], url=data["metadata_url"], entity_id=data["entity_id"]
                ),
                domains=list(data["domains"]),
                claim_mapping=form.mapping(),
                allow_email_code=data["allow_email_code"],
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(
                request,
                _("The identity provider was saved. Give its administrators the values below, then turn it on."),
            )
            return redirect("identity:org_provider", slug=organisation.slug, public_id=saved.public_id)
    return _page(
        request,
        organisation,
        "identity/saml_provider_form.html",
        form=form,
        provider=provider,
        values=saml_values(provider) if provider else None,
    )


@login_required
@require_POST
def set_enabled(request: HttpRequest, slug: str, public_id: str, enabled: bool) -> HttpResponse:
    organisation = get_organisation_for_coordinator(request.user, slug)
    provider = get_provider_in(organisation, public_id)
    try:
        actions.set_provider_enabled(authenticated_user(request), provider, enabled=enabled)
    except ValidationError as exc:
        messages.error(request, _("The provider was not turned on: %(reason)s") % {"reason": " ".join(exc.messages)})
    else:
        messages.success(
            request,
            _("Sign-in through %(name)s is on.") % {"name": provider.name}
            if enabled
            else _("Sign-in through %(name)s is off.") % {"name": provider.name},
        )
    return redirect("identity:org_providers", slug=slug)
