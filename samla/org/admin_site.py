"""The Django admin is for programme administrators only, never the main interface.

Access to it is decided by ``samla.org.access`` like every other page, not by Django's
``is_staff`` flag and model permissions."""

from __future__ import annotations

from django.contrib import admin

from . import access


def restrict_admin_to_programme_admins(site: admin.AdminSite) -> None:
    def has_permission(request) -> bool:
        return request.user.is_active and access.can_use_django_admin(request.user)

    site.has_permission = has_permission  # type: ignore[method-assign]


class ProgrammeAdminOnly(admin.ModelAdmin):
    """Model permissions for programme administrators, whatever Django's own flags say."""

    def has_module_permission(self, request) -> bool:
        return access.can_use_django_admin(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return access.can_use_django_admin(request.user)

    def has_add_permission(self, request) -> bool:
        return access.can_use_django_admin(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return access.can_use_django_admin(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return access.can_use_django_admin(request.user)
