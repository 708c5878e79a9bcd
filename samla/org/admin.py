from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.models import Group as DjangoGroup

from . import access
from .models import (
    Enrolment,
    Group,
    Membership,
    Owner,
    Person,
    Programme,
    Region,
    RegionOwner,
    Unit,
)


class ScopedToProgrammes:
    """Lists, change pages and choices limited to the administrator's own programmes.

    ``scope(user, model)`` says what each model holds for the administrator; a domain's
    admin sets its own (e.g. ``samla.surveys.access.admin_queryset``), which falls back on
    the organisation's."""

    scope = staticmethod(access.admin_queryset)

    def get_queryset(self, request):
        return self.scope(request.user, self.model)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs["queryset"] = self.scope(request.user, db_field.related_model)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RegionInline(ScopedToProgrammes, admin.TabularInline):
    model = Region
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(ScopedToProgrammes, admin.ModelAdmin):
    list_display = ["name", "slug", "level", "anonymity_threshold", "staff_see_results"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RegionInline]

    def has_add_permission(self, request) -> bool:
        # A programme is set up with `manage.py set_up_programme`, which names its admin.
        return False


class RegionOwnerInline(ScopedToProgrammes, admin.TabularInline):
    model = RegionOwner
    extra = 0


@admin.register(Region)
class RegionAdmin(ScopedToProgrammes, admin.ModelAdmin):
    list_display = ["name", "short_name", "programme"]
    search_fields = ["name", "short_name"]
    list_filter = ["programme"]
    inlines = [RegionOwnerInline]


@admin.register(Owner)
class OwnerAdmin(ScopedToProgrammes, admin.ModelAdmin):
    list_display = ["name", "kind", "organisation_number"]
    list_filter = ["kind"]
    search_fields = ["name", "organisation_number"]


class EnrolmentInline(ScopedToProgrammes, admin.TabularInline):
    model = Enrolment
    extra = 0


class GroupInline(ScopedToProgrammes, admin.TabularInline):
    model = Group
    extra = 0


@admin.register(Unit)
class UnitAdmin(ScopedToProgrammes, admin.ModelAdmin):
    list_display = ["name", "kind", "owner"]
    list_filter = ["kind", "programmes"]
    search_fields = ["name", "owner__name"]
    inlines = [EnrolmentInline, GroupInline]


class MembershipInline(ScopedToProgrammes, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["programme", "region", "owner", "unit"]
    raw_id_fields = ["group"]


@admin.register(Person)
class PersonAdmin(ScopedToProgrammes, admin.ModelAdmin):
    list_display = ["username", "first_name", "last_name", "email", "is_active", "last_login"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fields = ["username", "first_name", "last_name", "email", "is_active"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ScopedToProgrammes, admin.ModelAdmin):
    list_display = ["person", "role", "programme", "region", "owner", "unit", "group"]
    list_filter = ["role"]
    search_fields = ["person__username", "person__last_name"]
    raw_id_fields = ["person", "group"]
    autocomplete_fields = ["programme", "region", "owner", "unit"]


# Samla's rights come from memberships, not from Django's groups and permissions.
admin.site.unregister(DjangoGroup)
# E-mail addresses live on the person; allauth's separate list is not managed here.
admin.site.unregister(EmailAddress)
