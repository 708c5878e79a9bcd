"""Addresses of the person's own pages: their API tokens, and the notification pages (the
list behind the bell, the settings, the unsubscribe page every e-mail links to (no
login), and the administrators' address problems and reminder threshold)."""

from django.urls import URLPattern, path

from .views import api_tokens, notification_addresses, notifications

urlpatterns: list[URLPattern] = [
    path("varsler/", notifications.notification_list, name="notifications"),
    path("varsler/lest/", notifications.mark_read, name="notifications_read"),
    path("varsler/<int:pk>/", notifications.open_notification, name="notification_open"),
    path("varsler/innstillinger/", notifications.settings_page, name="notification_settings"),
    path(
        "varsler/avmeld/<str:token>/",
        notifications.unsubscribe,
        name="notifications_unsubscribe",
    ),
    path("api-nokler/", api_tokens.api_tokens, name="api_tokens"),
    path("api-nokler/trekk-tilbake/", api_tokens.api_token_revoke, name="api_token_revoke"),
    path("varsler/adresser/", notification_addresses.addresses, name="notification_addresses"),
]
