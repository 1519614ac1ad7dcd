"""Networks in the admin: edit a network's name, description and openness; everything else is read here.

Memberships, posts, reports and documents change through the actions (which write the audit
log and send the emails), so they are read-only in the admin.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from jamlik.audit.admin import AuditedAdmin
from jamlik.networks.models import Network, NetworkMember, PostReport


@admin.register(Network)
class NetworkAdmin(AuditedAdmin):
    list_display = ["name", "slug", "visibility", "created_at"]
    list_filter = ["visibility"]
    search_fields = ["name", "slug"]
    readonly_fields = ["created_by", "created_at"]


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(NetworkMember)
class NetworkMemberAdmin(ReadOnlyAdmin):
    list_display = ["network", "user", "organisation", "role", "state", "joined_at"]
    list_filter = ["state", "role", "network"]
    list_select_related = ["network", "user", "organisation"]
    search_fields = ["user__email", "network__name"]


@admin.register(PostReport)
class PostReportAdmin(ReadOnlyAdmin):
    list_display = ["post", "reported_by", "created_at", "resolved_at"]
    list_select_related = ["post__thread", "reported_by"]
