from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jamlik.identity.models import IdentityProvider
from jamlik.people.models import EmailDomain, Organisation


class ListField(forms.CharField):
    """Values one a line (or separated by commas), as a list."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [part.strip() for part in text.replace(",", "\n").splitlines() if part.strip()]


class OIDCProviderForm(forms.Form):
    """An organisation's OpenID Connect provider. The client secret is write-only: never shown again."""

    name = forms.CharField(label=_("Name shown on the sign-in button"), max_length=120)
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=60,
        help_text=_(
            "Part of the redirect URI you register at the provider, so keep it once registered. E.g. sater-entra."
        ),
    )
    issuer = forms.URLField(
        label=_("Issuer"),
        max_length=500,
        assume_scheme="https",
        help_text=_("E.g. https://login.microsoftonline.com/<tenant id>/v2.0 for Microsoft Entra ID."),
    )
    client_id = forms.CharField(label=_("Client id"), max_length=255)
    client_secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Stored encrypted and never shown again. Leave empty to keep the secret already saved."),
    )
    scopes = forms.CharField(label=_("Scopes"), max_length=255, initial="openid email profile")
    domains = forms.ModelMultipleChoiceField(
        label=_("Email domains it signs people in for"),
        queryset=EmailDomain.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    email_claim = forms.CharField(
        label=_("Claim with the email address"), max_length=200, required=False, initial="email"
    )
    trust_email = forms.BooleanField(
        label=_("The provider issues only addresses it has verified"),
        required=False,
        help_text=_(
            "Tick only if the provider sends no email_verified claim and every address it issues is one your organisation controls (e.g. Entra ID's preferred_username in a single-tenant app)."
        ),
    )
    name_claim = forms.CharField(label=_("Claim with the name"), max_length=200, required=False, initial="name")
    unit_claim = forms.CharField(
        label=_("Claim with the unit"),
        max_length=200,
        required=False,
        help_text=_("Matched by name with your organisation's units. A name that matches none gives no unit."),
    )
    role_claim = forms.CharField(
        label=_("Claim with the role"), max_length=200, required=False, help_text=_("E.g. groups or roles.")
    )
    coordinator_values = ListField(label=_("Values that make a person a coordinator"), required=False)
    required_claim = forms.CharField(
        label=_("Claim a person must have"),
        max_length=200,
        required=False,
        help_text=_("People without it cannot sign in this way, and lose a membership made by signing in."),
    )
    required_values = ListField(label=_("Values of which the person must have one"), required=False)
    allow_email_code = forms.BooleanField(
        label=_("Staff may also sign in with an emailed code"), required=False, initial=True
    )

    def __init__(self, *args: Any, organisation: Organisation, provider: IdentityProvider | None = None, **kwargs: Any):
        if provider is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_for(provider)
        super().__init__(*args, **kwargs)
        self.fields["domains"].queryset = organisation.email_domains.all()  # type: ignore[attr-defined]
        self.provider = provider

    def mapping(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "email": data["email_claim"],
            "trust_email": data["trust_email"],
            "name": data["name_claim"],
            "unit": data["unit_claim"],
            "role": data["role_claim"],
            "coordinator_values": data["coordinator_values"],
            "required_claim": data["required_claim"],
            "required_values": data["required_values"],
        }


def initial_for(provider: IdentityProvider) -> dict[str, Any]:
    mapping = provider.claim_mapping
    return {
        "name": provider.name,
        "slug": provider.slug,
        "issuer": provider.oidc_issuer,
        "client_id": provider.oidc_client_id,
        "scopes": provider.oidc_scopes,
        "domains": list(provider.domains.all()),
        "email_claim": mapping.get("email", "email"),
        "trust_email": mapping.get("trust_email", False),
        "name_claim": mapping.get("name", "name"),
        "unit_claim": mapping.get("unit", ""),
        "role_claim": mapping.get("role", ""),
        "coordinator_values": "\n".join(mapping.get("coordinator_values", [])),
        "required_claim": mapping.get("required_claim", ""),
        "required_values": "\n".join(mapping.get("required_values", [])),
        "allow_email_code": provider.allow_email_code,
    }


class SAMLProviderForm(OIDCProviderForm):
    """An organisation's SAML 2.0 identity provider: metadata from an address or a file, the same claim mapping.

    The attributes are the claims: a mapping names them as the IdP sends them (urn:oid:… or a claim
    type URI); the standard ones (mail, givenName, sn, displayName) are also read as email,
    given_name, family_name and name, so the defaults work for federations and ADFS alike.
    """

    issuer = None  # type: ignore[assignment]
    client_id = None  # type: ignore[assignment]
    client_secret = None  # type: ignore[assignment]
    scopes = None  # type: ignore[assignment]
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=60,
        help_text=_("Part of the addresses you give the identity provider, so keep it once given. E.g. sater-adfs."),
    )
    metadata_url = forms.URLField(
        label=_("Address of the identity provider's metadata"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_(
            "E.g. https://adfs.example.se/FederationMetadata/2007-06/FederationMetadata.xml, or your federation's metadata address together with the entity id below. Fetched again every day."
        ),
    )
    metadata_file = forms.FileField(
        label=_("Or the metadata as a file (XML)"),
        required=False,
        help_text=_("Leave both empty to keep the metadata already saved."),
    )
    entity_id = forms.CharField(
        label=_("The identity provider's entity id"),
        max_length=500,
        required=False,
        help_text=_("Needed only when the metadata describes several identity providers, as a federation's does."),
    )
    trust_email = forms.BooleanField(
        label=_("The identity provider issues only addresses your organisation controls"),
        required=False,
        initial=True,
        help_text=_(
            "SAML has no email_verified attribute: untick only if people can choose the address the identity provider sends."
        ),
    )

    field_order = [
        "name",
        "slug",
        "metadata_url",
        "metadata_file",
        "entity_id",
        "domains",
        "email_claim",
        "trust_email",
        "name_claim",
        "unit_claim",
        "role_claim",
        "coordinator_values",
        "required_claim",
        "required_values",
        "allow_email_code",
    ]

    MAX_METADATA_FILE = 5 * 1024 * 1024

    def __init__(self, *args: Any, organisation: Organisation, provider: IdentityProvider | None = None, **kwargs: Any):
        if provider is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **initial_for(provider),
                "metadata_url": provider.saml_idp_metadata_url,
                "entity_id": provider.saml_idp_entity_id,
            }
        super().__init__(*args, organisation=organisation, provider=provider, **kwargs)
        self.fields["unit_claim"].help_text = _(
            "E.g. urn:oid:2.5.4.11 (ou). Matched by name with your organisation's units; a name that matches none gives no unit."
        )
        self.fields["role_claim"].help_text = _(
            "E.g. http://schemas.microsoft.com/ws/2008/06/identity/claims/role (ADFS groups) or urn:oid:1.3.6.1.4.1.5923.1.1.1.7."
        )

    def clean_metadata_file(self) -> bytes:
        upload = self.cleaned_data.get("metadata_file")
        if not upload:
            return b""
        if upload.size > self.MAX_METADATA_FILE:
            raise forms.ValidationError(
                _("The file is larger than 5 MB. Upload your identity provider's own metadata, or give the address.")
            )
        data: bytes = upload.read()
        return data

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("metadata_file") and data.get("metadata_url"):
            raise forms.ValidationError(_("Give the metadata either as an address or as a file, not both."))
        return data
