from django.contrib import admin

from jamlik.audit.admin import AuditedAdmin
from jamlik.statistics.models import FundedProject


@admin.register(FundedProject)
class FundedProjectAdmin(AuditedAdmin):
    list_display = ("name", "funder", "project_number", "starts_on", "ends_on")
    search_fields = ("name", "project_number")
    filter_horizontal = ("courses", "programmes", "campaigns")
