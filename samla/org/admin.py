from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.models import Group as DjangoGroup

from . import access
from .admin_lists import ChoicesReadOnce, ListsAtScale
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
    # Followed in the same query (an inline's rows name them).
    related: tuple[str, ...] = ()

    def get_queryset(self, request):
        queryset = self.scope(request.user, self.model)
        return queryset.select_related(*self.related) if self.related else queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs["queryset"] = self.scope(request.user, db_field.related_model)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ProgrammeFilter(admin.RelatedFieldListFilter):
    """Filter by programme among the administrator's own, not every programme."""

    def field_choices(self, field, request, model_admin):
        return [(p.pk, str(p)) for p in model_admin.scope(request.user, Programme)]


class RegionInline(ScopedToProgrammes, admin.TabularInline):
    model = Region
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(ScopedToProgrammes, ListsAtScale, admin.ModelAdmin):
    list_display = ["name", "slug", "level", "anonymity_threshold", "staff_see_results"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RegionInline]

    def has_add_permission(self, request) -> bool:
        # A programme is set up with `manage.py set_up_programme`, which names its admin.
        return False


class RegionOwnerInline(ScopedToProgrammes, ChoicesReadOnce, admin.TabularInline):
    model = RegionOwner
    extra = 0
    related = ("owner", "region")


@admin.register(Region)
class RegionAdmin(ScopedToProgrammes, ListsAtScale, admin.ModelAdmin):
    list_display = ["name", "short_name", "programme"]
    list_select_related = ["programme"]
    search_fields = ["name", "short_name"]
    list_filter = [("programme", ProgrammeFilter)]
    inlines = [RegionOwnerInline]


@admin.register(Owner)
class OwnerAdmin(ScopedToProgrammes, ListsAtScale, admin.ModelAdmin):
    list_display = ["name", "kind", "organisation_number"]
    list_filter = ["kind"]
    search_fields = ["name", "organisation_number"]


class EnrolmentInline(ScopedToProgrammes, ChoicesReadOnce, admin.TabularInline):
    model = Enrolment
    extra = 0
    related = ("unit", "programme")


class GroupInline(ScopedToProgrammes, admin.TabularInline):
    model = Group
    extra = 0


@admin.register(Unit)
class UnitAdmin(ScopedToProgrammes, ListsAtScale, admin.ModelAdmin):
    list_display = ["name", "kind", "owner"]
    list_select_related = ["owner"]
    list_filter = ["kind", ("programmes", ProgrammeFilter)]
    search_fields = ["name", "owner__name"]
    inlines = [EnrolmentInline, GroupInline]


class MembershipInline(ScopedToProgrammes, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["programme", "region", "owner", "unit"]
    raw_id_fields = ["group"]
    related = ("person", "programme", "region", "owner", "unit", "group")


@admin.register(Person)
class PersonAdmin(ScopedToProgrammes, ListsAtScale, admin.ModelAdmin):
    list_display = ["username", "first_name", "last_name", "email", "is_active", "last_login"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fields = ["username", "first_name", "last_name", "email", "is_active"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ScopedToProgrammes, ListsAtScale, admin.ModelAdmin):
    list_display = ["person", "role", "programme", "region", "owner", "unit", "group"]
    list_select_related = ["person", "programme", "region", "owner", "unit", "group"]
    list_filter = ["role"]
    search_fields = ["person__username", "person__last_name"]
    raw_id_fields = ["person", "group"]
    autocomplete_fields = ["programme", "region", "owner", "unit"]


# Samla's rights come from memberships, not from Django's groups and permissions.
admin.site.unregister(DjangoGroup)
# E-mail addresses live on the person; allauth's separate list is not managed here.
admin.site.unregister(EmailAddress)
