from django.contrib import admin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from jamlik.audit.models import AuditEntry, record


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Read-only: the log is evidence, so nobody edits or deletes it here."""

    list_display = ["at", "action", "actor", "organisation", "summary"]
    list_filter = ["action"]
    search_fields = ["action", "summary", "actor__email", "organisation__name"]
    date_hierarchy = "at"
    list_select_related = ["actor", "organisation"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Changes made in the admin reach the audit log like every other change."""

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm, change: bool) -> None:  # type: ignore[type-arg]
        super().save_model(request, obj, form, change)
        action = f"{obj._meta.model_name}.{'changed' if change else 'created'}"
        record(action, actor=request.user, target=obj, summary=str(obj), after={"fields": list(form.changed_data)})

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        record(f"{obj._meta.model_name}.deleted", actor=request.user, target=obj, summary=str(obj))
        super().delete_model(request, obj)
