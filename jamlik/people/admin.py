from django.contrib import admin

from jamlik.audit.admin import AuditedAdmin
from jamlik.people.models import (
    County,
    EmailDomain,
    HeadcountDeclaration,
    Membership,
    Organisation,
    Unit,
    User,
)


@admin.register(User)
class UserAdmin(AuditedAdmin):
    """People sign in by email code, so the admin never handles passwords."""

    ordering = ["email"]
    list_display = ["email", "name", "platform_role", "is_active", "date_joined"]
    list_filter = ["platform_role", "is_active"]
    search_fields = ["email", "name"]
    fields = ["email", "name", "preferred_language", "is_active", "platform_role", "last_login", "date_joined"]
    readonly_fields = ["last_login", "date_joined"]


class UnitInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Unit
    extra = 0
    fields = ["name", "parent"]


class EmailDomainInline(admin.TabularInline):  # type: ignore[type-arg]
    model = EmailDomain
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "county", "municipality_code", "org_number"]
    list_filter = ["kind", "county"]
    search_fields = ["name", "slug", "org_number", "municipality_code"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    inlines = [UnitInline, EmailDomainInline]


@admin.register(County)
class CountyAdmin(AuditedAdmin):
    list_display = ["code", "name"]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "organisation", "role", "status", "valid_from", "valid_to"]
    list_filter = ["role", "status"]
    search_fields = ["user__email", "organisation__name"]
    raw_id_fields = ["user", "organisation", "unit"]


@admin.register(HeadcountDeclaration)
class HeadcountDeclarationAdmin(AuditedAdmin):
    list_display = ["organisation", "headcount", "as_of", "declared_by", "created_at"]
    search_fields = ["organisation__name"]
    raw_id_fields = ["organisation", "declared_by"]
