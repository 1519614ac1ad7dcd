"""What SAML sign-in remembers: the assertions already used (against replay)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jamlik.identity.models import IdentityProvider


class SamlAssertionUse(models.Model):
    """A SAML assertion that has signed someone in, remembered until it expires so it never signs anyone in twice.

    Kept in the database (not a cache, which may forget or differ between processes) and pruned
    by ``jamlik prune_saml_assertions`` once ``expires_at`` has passed: after that the assertion
    is refused as expired anyway.
    """

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="+")
    assertion_id = models.CharField(max_length=256)
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("used SAML assertion")
        verbose_name_plural = _("used SAML assertions")
        constraints = [
            models.UniqueConstraint(fields=["provider", "assertion_id"], name="identity_saml_assertion_used_once"),
        ]

    def __str__(self) -> str:
        return self.assertion_id
