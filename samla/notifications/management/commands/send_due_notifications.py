"""Makes the notifications that are due and sends the e-mails that wait — once, for cron
where no task worker runs (every five minutes is right). With ``--schedule`` it only
starts the worker's own chain of runs instead."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from samla.notifications.services import run_due
from samla.notifications.tasks import schedule_now


class Command(BaseCommand):
    help = "Make the notifications that are due and send the e-mails that wait."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Only queue the task worker's run (it then repeats itself every few minutes).",
        )

    def handle(self, *args, schedule: bool = False, **options) -> None:
        if schedule:
            queued = schedule_now()
            self.stdout.write(
                "The task worker will send notifications every few minutes."
                if queued
                else "The task worker's notification run was queued already."
            )
            return
        summary = run_due()
        self.stdout.write(
            f"Notifications: {summary.made} made, {summary.sent} e-mails sent, "
            f"{summary.digests} digests, {summary.failed} not sent."
        )
