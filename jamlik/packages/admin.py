"""Read-only views of imported packages: a package changes only by a new import (a new version)."""

from django.contrib import admin
from django.http import HttpRequest

from jamlik.packages.models import Package, PackageFile, PackageItem


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ItemInline(ReadOnlyInline):
    model = PackageItem
    fields = ["position", "identifier", "title", "kind", "href", "mastery_score", "min_normalized_measure"]


@admin.register(Package)
class PackageAdmin(admin.ModelAdmin[Package]):
    list_display = ["__str__", "version", "standard", "file_count", "total_bytes", "created_at"]
    list_filter = ["standard"]
    search_fields = ["title", "identifier", "version__title", "version__course__slug"]
    list_select_related = ["version", "version__course"]
    inlines = [ItemInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Package | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Package | None = None) -> bool:
        return False


@admin.register(PackageFile)
class PackageFileAdmin(admin.ModelAdmin[PackageFile]):
    list_display = ["path", "package", "size", "sha256"]
    search_fields = ["path", "sha256"]
    list_select_related = ["package"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: PackageFile | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: PackageFile | None = None) -> bool:
        return False
