"""The Django admin is for programme administrators only, never the main interface.

Access to it is decided by ``samla.org.access`` like every other page, not by Django's
``is_staff`` flag; model permissions come from ``samla.org.backends``."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from . import access


def restrict_admin_to_programme_admins(site: admin.AdminSite) -> None:
    def has_permission(request) -> bool:
        return request.user.is_active and access.can_use_django_admin(request.user)

    def login(request, extra_context=None):
        # One login for the whole site: the admin's own form is never shown.
        if request.user.is_authenticated:
            if has_permission(request):
                return redirect("admin:index")
            raise PermissionDenied
        return redirect_to_login(request.GET.get("next", reverse("admin:index")))

    site.has_permission = has_permission  # type: ignore[method-assign]
    site.login = login  # type: ignore[method-assign]
