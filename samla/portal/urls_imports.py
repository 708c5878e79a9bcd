"""Addresses of the imports pages (kept apart so the portal's list stays short)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
