"""SCIM in the admin: tokens (revoked there too, never shown) and the provisioned users and groups, to read."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jamlik.audit.admin import AuditedAdmin
from jamlik.identity.models import ScimToken
from jamlik.identity.scim import actions
from jamlik.identity.scim.models import ScimGroup, ScimUser
from jamlik.people.http import authenticated_user


@admin.register(ScimToken)
class ScimTokenAdmin(AuditedAdmin):
    """Tokens are made on the organisation's SCIM page, where the secret is shown once."""

    list_display = ["name", "organisation", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "organisation__name", "prefix"]
    fields = ("name", "organisation", "prefix", "created_by", "created_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Revoke the chosen tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ScimToken]) -> None:
        for token in queryset.select_related("organisation"):
            actions.revoke_token(authenticated_user(request), token)


class ReadOnlyAdmin(AuditedAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ScimUser)
class ScimUserAdmin(ReadOnlyAdmin):
    list_display = ["user_name", "organisation", "external_id", "created_at"]
    search_fields = ["user_name", "external_id", "organisation__name"]
    raw_id_fields = ["user", "membership"]


@admin.register(ScimGroup)
class ScimGroupAdmin(ReadOnlyAdmin):
    list_display = ["unit", "organisation", "external_id", "created_at"]
    search_fields = ["unit__name", "external_id", "organisation__name"]
