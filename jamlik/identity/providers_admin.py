"""Administrators' view of identity providers. OpenID Connect providers are saved through the same
action as the coordinator pages (checks, encryption, audit); the secret is write-only here too.
allauth's own SocialApp table is hidden: it would keep a secret in clear text, and the adapter
never reads it."""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.models import SocialApp
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jamlik.audit.admin import AuditedAdmin
from jamlik.identity import actions
from jamlik.identity.models import IdentityProvider, ProviderKind

if admin.site.is_registered(SocialApp):
    admin.site.unregister(SocialApp)


class IdentityProviderForm(forms.ModelForm):  # type: ignore[type-arg]
    client_secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Stored encrypted and never shown again. Leave empty to keep the secret already saved."),
    )

    class Meta:
        model = IdentityProvider
        fields = [
            "organisation",
            "kind",
            "slug",
            "name",
            "domains",
            "allow_email_code",
            "claim_mapping",
            "oidc_issuer",
            "oidc_client_id",
            "client_secret",
            "oidc_client_secret_file",
            "oidc_scopes",
            "saml_idp_metadata_xml",
            "saml_idp_metadata_url",
            "saml_idp_entity_id",
        ]

    actor: Any = None

    def _post_clean(self) -> None:
        # After the model's own checks: an OpenID Connect provider is saved here, through the
        # action, so that its checks come back as form errors; save_model then takes the saved row.
        super()._post_clean()  # type: ignore[misc]
        data = self.cleaned_data
        if self.errors or data.get("kind") != ProviderKind.OIDC:
            return
        try:
            self.saved = actions.save_oidc_provider(
                self.actor,
                data["organisation"],
                provider=self.instance if self.instance.pk else None,
                slug=data["slug"],
                name=data["name"],
                issuer=data.get("oidc_issuer", ""),
                client_id=data.get("oidc_client_id", ""),
                client_secret=data.get("client_secret", ""),
                client_secret_file=data.get("oidc_client_secret_file", ""),
                scopes=data.get("oidc_scopes", ""),
                domains=list(data.get("domains", [])),
                claim_mapping=data.get("claim_mapping") or {},
                allow_email_code=bool(data.get("allow_email_code")),
            )
        except ValidationError as exc:
            self.add_error(None, exc.messages)


@admin.register(IdentityProvider)
class IdentityProviderAdmin(AuditedAdmin):
    form = IdentityProviderForm
    list_display = ["name", "organisation", "kind", "slug", "is_enabled", "allow_email_code"]
    list_filter = ["kind", "is_enabled"]
    search_fields = ["name", "slug", "organisation__name"]
    list_select_related = ["organisation"]
    filter_horizontal = ["domains"]
    actions = ["turn_on", "turn_off"]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form: Any = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user  # a class made for this request by modelform_factory
        return form

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = getattr(form, "saved", None)
        if saved is not None:  # OpenID Connect: the action saved it (and wrote the audit entry)
            obj.pk, obj.public_id = saved.pk, saved.public_id
            obj._state.adding = False
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        if getattr(form, "saved", None) is None:
            super().save_related(request, form, formsets, change)

    @admin.action(description=_("Check and turn on"))
    def turn_on(self, request: HttpRequest, queryset: QuerySet[IdentityProvider]) -> None:
        for provider in queryset:
            try:
                actions.set_provider_enabled(request.user, provider, enabled=True)  # type: ignore[arg-type]
            except ValidationError as exc:
                self.message_user(request, f"{provider}: {' '.join(exc.messages)}", messages.ERROR)

    @admin.action(description=_("Turn off"))
    def turn_off(self, request: HttpRequest, queryset: QuerySet[IdentityProvider]) -> None:
        for provider in queryset:
            actions.set_provider_enabled(request.user, provider, enabled=False)  # type: ignore[arg-type]
