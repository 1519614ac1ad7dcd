"""What SCIM provisioning keeps: the link between an organisation's identity system and its people and units.

A ``ScimUser`` is the SCIM User resource: one person in one organisation, as the identity system
describes them. Its ``public_id`` is the SCIM ``id``, stable across the memberships it manages (a
deactivated and reactivated user gets a new membership, never a new id) and different in every
organisation, so an id tells nothing about the person elsewhere. The names and addresses it keeps
are the ones the identity system sent; the person's own name is only filled in from them.

A ``ScimGroup`` is the SCIM Group resource: a unit the identity system manages. The unit's own
``public_id`` is the SCIM ``id``.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from jamlik.people.models import Membership, Organisation, Unit, User


class ScimUser(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="scim_users")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    # The membership this link manages: open while the user is active, the last one once ended.
    membership = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="scim_users"
    )
    user_name = models.CharField(_("user name"), max_length=254)
    external_id = models.CharField(_("external id"), max_length=255, blank=True)
    given_name = models.CharField(max_length=150, blank=True)
    family_name = models.CharField(max_length=150, blank=True)
    display_name = models.CharField(max_length=150, blank=True)
    work_email = models.CharField(max_length=254, blank=True)
    department = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("SCIM user")
        verbose_name_plural = _("SCIM users")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="scim_user_one_per_person"),
            models.UniqueConstraint(Lower("user_name"), "organisation", name="scim_user_name_unique"),
            models.UniqueConstraint(
                fields=["organisation", "external_id"],
                condition=~Q(external_id=""),
                name="scim_user_external_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.user_name

    @property
    def active(self) -> bool:
        return self.membership is not None and self.membership.valid_to is None


class ScimGroup(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="scim_groups")
    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="scim_group")
    external_id = models.CharField(_("external id"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("SCIM group")
        verbose_name_plural = _("SCIM groups")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "external_id"],
                condition=~Q(external_id=""),
                name="scim_group_external_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.unit.name
