from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _start_the_job(sender, **kwargs) -> None:
    """After ``migrate`` the task worker's notification run waits in the queue (once)."""
    from .tasks import schedule_now  # noqa: PLC0415 — the app registry is ready only now

    schedule_now()


class NotificationsConfig(AppConfig):
    name = "samla.notifications"
    verbose_name = _("Notifications")
    label = "notifications"

    def ready(self) -> None:
        post_migrate.connect(_start_the_job, sender=self)
