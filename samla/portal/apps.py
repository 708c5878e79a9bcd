from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "samla.portal"
    label = "portal"
