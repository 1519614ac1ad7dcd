"""Strategies and rounds in the admin, for support. Day-to-day work happens on the site's pages."""

from __future__ import annotations

from django.contrib import admin

from jamlik.audit.admin import AuditedAdmin
from jamlik.strategies.models import Response, Round, Strategy


@admin.register(Strategy)
class StrategyAdmin(AuditedAdmin):
    list_display = ["title", "organisation", "area", "period_from", "period_to"]
    list_filter = ["area"]
    search_fields = ["title", "organisation__name"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation"]


@admin.register(Round)
class RoundAdmin(AuditedAdmin):
    list_display = ["title", "year", "deadline", "status"]
    list_filter = ["status", "year"]


@admin.register(Response)
class ResponseAdmin(AuditedAdmin):
    list_display = ["round", "organisation", "status", "submitted_at"]
    list_filter = ["status", "round"]
    list_select_related = ["round", "organisation"]
    readonly_fields = ["round", "organisation", "status", "strategy", "submitted_at", "submitted_by", "updated_at"]
