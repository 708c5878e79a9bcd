from __future__ import annotations

from django.core.management.base import BaseCommand

from samla.results.export_jobs import EXPORT_DAYS, delete_expired


class Command(BaseCommand):
    help = (
        f"Delete the results files made by the task worker that are past their expiry "
        f"({EXPORT_DAYS} days after they were asked for), with the files no job names. The "
        "worker does this by itself at each file's expiry; the command is for doing it by "
        "hand or from cron."
    )

    def handle(self, *args, **options) -> None:
        deleted = delete_expired()
        self.stdout.write(f"Deleted {deleted} expired results files.")
