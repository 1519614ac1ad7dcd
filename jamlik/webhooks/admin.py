"""Webhooks in the admin: to look, not to edit (the pages and the API change them through the actions)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from jamlik.audit.admin import AuditedAdmin
from jamlik.webhooks.models import Attempt, Delivery, Subscription


class ReadOnlyAdmin(AuditedAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["url", "organisation", "disabled_because", "created_at", "last_success_at"]
    list_filter = ["disabled_because"]
    search_fields = ["url", "organisation__name"]
    exclude = ["secret_encrypted"]


class AttemptInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Attempt
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["event", "subscription", "state", "attempts", "last_status", "created_at"]
    list_filter = ["state", "event"]
    inlines = [AttemptInline]
