from django.contrib import admin

from jamlik.audit.admin import AuditedAdmin
from jamlik.web.models import AccessibilityStatement, Notice


@admin.register(Notice)
class NoticeAdmin(AuditedAdmin):
    list_display = ["title_sv", "severity", "county", "published", "starts_at", "expires_at"]
    list_filter = ["severity", "published", "county"]
    list_select_related = ["county"]


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(AuditedAdmin):
    list_display = ["published_on", "compliance", "assessed_on", "reviewed_on", "published"]
