"""Rounds in the Django admin for programme administrators, until the round pages come.

Access codes, drafts and responses are deliberately not in the admin."""

from django.contrib import admin

from samla.org.admin import ScopedToProgrammes

from . import access
from .models import InstrumentVersion, Round, RoundInstrument


class ScopedToRounds(ScopedToProgrammes):
    """Rounds and their questionnaires as well as the organisation's models, scoped."""

    scope = staticmethod(access.admin_queryset)


class RoundInstrumentInline(ScopedToRounds, admin.TabularInline):
    model = RoundInstrument
    extra = 0


@admin.register(Round)
class RoundAdmin(ScopedToRounds, admin.ModelAdmin):
    list_display = ["name", "programme", "opens_at", "closes_at", "published"]
    list_filter = ["programme", "published"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["units"]
    inlines = [RoundInstrumentInline]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs["queryset"] = self.scope(request.user, db_field.related_model)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(ScopedToRounds, admin.ModelAdmin):
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
