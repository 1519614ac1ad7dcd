"""The admin's deletion of a person goes through erasure; the log and the rules are read here too."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from jamlik.people.admin import UserAdmin
from jamlik.people.models import User
from jamlik.retention.erasure import erase_person, is_erased
from jamlik.retention.models import DeletionLogEntry, ErasureRequest, RetentionRun


class ErasingUserAdmin(UserAdmin):
    """ "Delete" erases: the row stays, pseudonymised, so counted completions and frozen results stay."""

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        if isinstance(obj, User) and not is_erased(obj):
            erase_person(request.user if isinstance(request.user, User) else None, obj, via="admin")

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        actor = request.user if isinstance(request.user, User) else None
        for person in queryset:
            if not is_erased(person):
                erase_person(actor, person, via="admin")


admin.site.unregister(User)
admin.site.register(User, ErasingUserAdmin)


@admin.register(RetentionRun)
class RetentionRunAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["as_of", "state", "started_at", "finished_at", "error"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DeletionLogEntry)
class DeletionLogEntryAdmin(RetentionRunAdmin):
    list_display = ["run", "kind", "model", "rule", "period", "organisation", "action", "count"]
    list_filter = ["rule", "kind", "action"]


@admin.register(ErasureRequest)
class ErasureRequestAdmin(RetentionRunAdmin):
    list_display = ["public_id", "state", "requested_at", "due_at", "decided_at"]
    list_filter = ["state"]
