from django.contrib import admin
from django.http import HttpRequest

from jamlik.audit.admin import AuditedAdmin
from jamlik.web.models import AccessibilityStatement, Notice, ScheduledJob


@admin.register(Notice)
class NoticeAdmin(AuditedAdmin):
    list_display = ["title_sv", "severity", "county", "published", "starts_at", "expires_at"]
    list_filter = ["severity", "published", "county"]
    list_select_related = ["county"]


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(AuditedAdmin):
    list_display = ["published_on", "compliance", "assessed_on", "reviewed_on", "published"]


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin[ScheduledJob]):
    """Read-only: what the scheduler last did with each periodic job (docs/operations.md)."""

    list_display = ["command", "outcome", "last_started_at", "last_finished_at", "beat_at", "runs"]
    list_filter = ["outcome"]
    readonly_fields = [f.name for f in ScheduledJob._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ScheduledJob | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ScheduledJob | None = None) -> bool:
        return False
