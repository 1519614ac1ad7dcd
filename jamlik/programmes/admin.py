"""Authoring programmes in the admin for now: programmes with trainers, questions and modules; sessions.

Seat-holding rows (registrations, bookings) are read-only here: they change only through the
actions, which lock by the rule in docs/locking.md.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from jamlik.audit.admin import AuditedAdmin
from jamlik.programmes.models import Booking, Programme, ProgrammeModule, Question, Registration, Session, Trainer


class TrainerInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Trainer
    extra = 0


class QuestionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Question
    extra = 0


class ModuleInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ProgrammeModule
    extra = 0
    raw_id_fields = ["course"]


@admin.register(Programme)
class ProgrammeAdmin(AuditedAdmin):
    list_display = ["title", "status", "registration_deadline"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["organisers"]
    inlines = [TrainerInline, QuestionInline, ModuleInline]


@admin.register(Session)
class SessionAdmin(AuditedAdmin):
    list_display = ["__str__", "module", "host_organisation", "capacity", "status"]
    list_filter = ["status", "module__programme"]
    autocomplete_fields = ["host_organisation"]

    def get_readonly_fields(self, request: HttpRequest, obj: Session | None = None) -> list[str]:
        # Once a session exists, seats, times and status change through the organiser's actions, which tell everyone.
        return ["capacity", "starts_at", "ends_at", "status"] if obj is not None else []


class BookingInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Booking
    extra = 0
    can_delete = False
    fields = ["session", "status", "queued_at", "attendance"]
    readonly_fields = ["session", "status", "queued_at", "attendance"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin[Registration]):
    list_display = ["user", "programme", "status", "created_at"]
    list_filter = ["status", "programme"]
    readonly_fields = ["programme", "user", "status", "created_at", "cancelled_at"]
    inlines = [BookingInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Registration | None = None) -> bool:
        return False
