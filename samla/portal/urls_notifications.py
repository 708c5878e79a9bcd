"""Addresses of the notification pages: the list behind the bell, the settings, the
unsubscribe page every e-mail links to (no login), and the administrators' address
problems."""

from django.urls import URLPattern, path

from .views import notifications

urlpatterns: list[URLPattern] = [
    path("varsler/", notifications.notification_list, name="notifications"),
    path("varsler/innstillinger/", notifications.settings_page, name="notification_settings"),
    path(
        "varsler/avmeld/<str:token>/",
        notifications.unsubscribe,
        name="notifications_unsubscribe",
    ),
]
