"""Addresses of the partnership's pages, each area's from its own views module."""

from django.urls import URLPattern

from .views import selfassessment
from .views.partnership import forum, hub, money, needs, partners, recommendation, reports

urlpatterns: list[URLPattern] = [
    *hub.urlpatterns,
    *partners.urlpatterns,
    *forum.urlpatterns,
    *needs.urlpatterns,
    *recommendation.urlpatterns,
    *money.urlpatterns,
    *reports.urlpatterns,
    *selfassessment.urlpatterns,
]
