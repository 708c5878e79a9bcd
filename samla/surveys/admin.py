"""Rounds in the Django admin for programme administrators, until the round pages come.

Access codes, drafts and responses are deliberately not in the admin."""

from django.contrib import admin

from samla.org.admin import ScopedToProgrammes

from .models import InstrumentVersion, Round, RoundInstrument


class RoundInstrumentInline(ScopedToProgrammes, admin.TabularInline):
    model = RoundInstrument
    extra = 0


@admin.register(Round)
class RoundAdmin(ScopedToProgrammes, admin.ModelAdmin):
    list_display = ["name", "programme", "opens_at", "closes_at", "published"]
    list_filter = ["programme", "published"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["units"]
    inlines = [RoundInstrumentInline]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        from samla.org import access

        kwargs["queryset"] = access.admin_queryset(request.user, db_field.related_model)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(ScopedToProgrammes, admin.ModelAdmin):
    """Published versions are immutable: listed and read, never changed here (publish with
    `manage.py import_instrument`)."""

    list_display = ["form_id", "version", "respondent_group", "published_at"]
    readonly_fields = ["form_id", "version", "content_hash", "respondent_group", "published_at"]
    exclude = ["definition", "source", "title", "published_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
