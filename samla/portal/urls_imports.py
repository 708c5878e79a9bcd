"""Addresses of the imports pages (kept apart so the portal's list stays short)."""

from django.urls import URLPattern, path

from .views import org_imports

urlpatterns: list[URLPattern] = [
    path("program/<slug:slug>/import/", org_imports.import_list, name="org_imports"),
    path(
        "program/<slug:slug>/import/mal.xlsx",
        org_imports.import_template,
        name="org_import_template",
    ),
    path("program/<slug:slug>/import/<int:pk>/", org_imports.import_detail, name="org_import"),
]
