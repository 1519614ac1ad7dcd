from django.contrib import admin

from jamlik.audit.admin import AuditedAdmin
from jamlik.knowledge.models import Attachment, ContentPage, Example, NewsItem, Theme
from jamlik.knowledge.search import update_search_vector


@admin.register(Theme)
class ThemeAdmin(AuditedAdmin):
    list_display = ["name_sv", "name_en", "slug", "position"]
    prepopulated_fields = {"slug": ["name_sv"]}

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        # A renamed theme is found by its new name: its examples' search text includes theme names.
        for example in obj.examples.prefetch_related("themes"):
            update_search_vector(example)


@admin.register(NewsItem)
class NewsItemAdmin(AuditedAdmin):
    list_display = ["title", "organisation", "published_at", "language"]
    list_filter = ["language"]
    search_fields = ["title", "lead"]
    autocomplete_fields = ["organisation"]
    exclude = ["author"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(ContentPage)
class ContentPageAdmin(AuditedAdmin):
    list_display = ["slug", "title_sv", "title_en", "updated_at"]
    search_fields = ["slug", "title_sv", "title_en"]


class AttachmentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Attachment
    fields = ("name", "content_type", "size", "uploaded_at")
    readonly_fields = ("name", "content_type", "size", "uploaded_at")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Example)
class ExampleAdmin(AuditedAdmin):
    """For corrections; the workflow (submit, review, publish) runs on the site's pages."""

    list_display = ["title", "organisation", "status", "published_at", "is_demo"]
    list_filter = ["status", "themes", "is_demo"]
    search_fields = ["title", "summary"]
    readonly_fields = ["status", "submitted_at", "published_at", "created_by"]
    autocomplete_fields = ["organisation", "partners"]
    filter_horizontal = ["themes", "courses", "programmes"]
    inlines = [AttachmentInline]

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        super().save_related(request, form, formsets, change)
        update_search_vector(form.instance)  # only stored on PostgreSQL, and only read for published ones
