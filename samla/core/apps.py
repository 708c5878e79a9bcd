from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "samla.core"
    label = "core"
