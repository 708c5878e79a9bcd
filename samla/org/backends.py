"""Django's model permissions, answered by ``samla.org.access``.

Only the Django admin asks for them. A programme administrator may use all of it; no one
else gets any model permission, whatever flags their account has."""

from . import access


class ProgrammeAdminPermissionBackend:
    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return user_obj.is_active and access.can_use_django_admin(user_obj)

    def has_module_perms(self, user_obj, app_label) -> bool:
        return user_obj.is_active and access.can_use_django_admin(user_obj)
