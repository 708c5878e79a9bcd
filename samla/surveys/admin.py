"""Rounds in the Django admin for programme administrators, until the round pages come.

Access codes, drafts and responses are deliberately not in the admin."""

from django.contrib import admin

from samla.org.admin import ProgrammeFilter, ScopedToProgrammes
from samla.org.admin_lists import ChoicesReadOnce, ListsAtScale

from . import access
from .models import InstrumentVersion, Round, RoundInstrument


class ScopedToRounds(ScopedToProgrammes):
    """Rounds and their questionnaires as well as the organisation's models, scoped."""

    scope = staticmethod(access.admin_queryset)


class RoundInstrumentInline(ScopedToRounds, ChoicesReadOnce, admin.TabularInline):
    model = RoundInstrument
    extra = 0
    related = ("round__programme", "version")


@admin.register(Round)
class RoundAdmin(ScopedToRounds, ListsAtScale, admin.ModelAdmin):
    list_display = ["name", "programme", "opens_at", "closes_at", "published"]
    list_select_related = ["programme"]
    list_filter = [("programme", ProgrammeFilter), "published"]
    prepopulated_fields = {"slug": ["name"]}
    # Looked up by name (the units' admin search, in the administrator's scope): the list
    # of every unit in reach held 1 590 options for a national bench administrator.
    autocomplete_fields = ["units"]
    inlines = [RoundInstrumentInline]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs["queryset"] = self.scope(request.user, db_field.related_model)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(ScopedToRounds, ListsAtScale, admin.ModelAdmin):
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
