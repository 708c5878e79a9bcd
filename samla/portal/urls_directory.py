"""Addresses of the directory pages (kept apart so the portal's list stays short)."""

from django.urls import URLPattern, path

from .views.directory import lists, person, regions

org = "program/<slug:slug>/organisasjon/"

urlpatterns: list[URLPattern] = [
    path(org, lists.overview, name="directory"),
    path(f"{org}regioner/", lists.regions, name="directory_regions"),
    path(f"{org}regioner/<int:pk>/", regions.region_detail, name="directory_region"),
    path(f"{org}eiere/", lists.owners, name="directory_owners"),
    path(f"{org}enheter/", lists.units, name="directory_units"),
    path(f"{org}klasser/", lists.classes, name="directory_classes"),
    path(f"{org}personer/", lists.people, name="directory_people"),
    path(f"{org}personer/<int:pk>/", person.person_detail, name="directory_person"),
    path(f"{org}personer/<int:pk>/gi-rolle/", person.grant, name="directory_grant"),
    path(f"{org}personer/<int:pk>/fjern-rolle/", person.revoke, name="directory_revoke"),
    path(f"{org}personer/<int:pk>/aktiv/", person.set_active, name="directory_active"),
    path(f"{org}historikk/", lists.history, name="directory_history"),
]
