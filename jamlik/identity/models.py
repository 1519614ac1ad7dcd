"""Each organisation's identity providers (OpenID Connect, SAML 2.0) and SCIM provisioning tokens.

An organisation connects the identity provider its staff already sign in with; the provider is
authoritative for some of the organisation's email domains. Secrets are never kept in plain
text: the OIDC client secret is stored encrypted (``client_secret_encrypted``) or named as a
file the server reads (``client_secret_file``). SCIM tokens, like API tokens, are kept only as a
hash.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamlik.people.models import EmailDomain, Organisation, User


class ProviderKind(models.TextChoices):
    OIDC = "oidc", _("OpenID Connect")
    SAML = "saml", _("SAML 2.0")


class IdentityProvider(models.Model):
    """One organisation's identity provider. ``slug`` is stable: it is part of every URL the provider is given."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="identity_providers")
    kind = models.CharField(_("protocol"), max_length=8, choices=ProviderKind.choices)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name = models.CharField(_("name shown on the sign-in button"), max_length=120)
    domains = models.ManyToManyField(
        EmailDomain, blank=True, related_name="identity_providers", verbose_name=_("email domains")
    )
    is_enabled = models.BooleanField(_("in use"), default=False)
    allow_email_code = models.BooleanField(
        _("staff may also sign in with an emailed code"),
        default=True,
        help_text=_("Untick to make sign-in through the organisation the only way for addresses at its domains."),
    )
    # How claims (OIDC) or attributes (SAML) map to a person: keys "email", "name", "given_name",
    # "family_name", "unit", "role", "coordinator_values" (list), "required_claim",
    # "required_values" (list). Validated by jamlik.identity.mapping.
    claim_mapping = models.JSONField(_("claim mapping"), default=dict, blank=True)

    # OpenID Connect
    oidc_issuer = models.URLField(_("issuer"), max_length=500, blank=True)
    oidc_client_id = models.CharField(_("client id"), max_length=255, blank=True)
    oidc_client_secret_encrypted = models.TextField(blank=True, editable=False)
    oidc_client_secret_file = models.CharField(_("file holding the client secret"), max_length=500, blank=True)
    oidc_scopes = models.CharField(_("scopes"), max_length=255, default="openid email profile")

    # SAML 2.0
    saml_idp_metadata_xml = models.TextField(_("identity provider metadata"), blank=True)
    saml_idp_metadata_url = models.URLField(_("identity provider metadata address"), max_length=500, blank=True)
    saml_idp_entity_id = models.CharField(_("identity provider entity id"), max_length=500, blank=True)

    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        ordering = ["organisation__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class ScimToken(models.Model):
    """A bearer token with which one organisation's identity system provisions its staff. Only the hash is kept."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="scim_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("SCIM token")
        verbose_name_plural = _("SCIM tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None

    def mark_used(self) -> None:
        ScimToken.objects.filter(pk=self.pk).update(last_used_at=timezone.now())


from jamlik.identity.roster_models import (  # noqa: E402  (the staff list's models, kept in their own module)
    RosterImport,
    RosterLine,
    RosterLineKind,
    RosterState,
)
from jamlik.identity.scim.models import ScimGroup, ScimUser  # noqa: E402  (SCIM's models, beside its code)

__all__ = [
    "IdentityProvider",
    "ProviderKind",
    "RosterImport",
    "RosterLine",
    "RosterLineKind",
    "RosterState",
    "ScimGroup",
    "ScimToken",
    "ScimUser",
]
