"""Addresses of the new school year pages (kept apart so the portal's list stays short)."""

from django.urls import URLPattern, path

from .views import school_year

urlpatterns: list[URLPattern] = [
    path("program/<slug:slug>/nytt-skolear/", school_year.school_year, name="school_year"),
]
