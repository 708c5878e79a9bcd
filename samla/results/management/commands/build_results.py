from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from samla.results.models import Build
from samla.results.services import run_build
from samla.surveys.models import Round


class Command(BaseCommand):
    help = (
        "Build a survey round's results now (the portal's button queues the same work for "
        "the task worker). The round's earlier results stay until the new ones are saved."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--round", required=True, help="The round's short name (slug).")

    def handle(self, *args, round: str, **options) -> None:
        try:
            found = Round.objects.select_related("programme").get(slug=round)
        except Round.DoesNotExist as missing:
            raise CommandError(f"No round has the short name {round!r}.") from missing
        build = Build.objects.create(round=found)
        interactive = self.stdout.isatty() if hasattr(self.stdout, "isatty") else False

        def bar(percent: int, step: str) -> None:
            filled = percent // 5
            line = f"[{'#' * filled}{'.' * (20 - filled)}] {percent:3d}% {step}"
            if interactive:
                sys.stdout.write("\r" + line.ljust(60))
                sys.stdout.flush()
            else:
                self.stdout.write(line)

        build = run_build(build, bar)
        if interactive:
            sys.stdout.write("\n")
        self.stdout.write(
            f"Results of {found.slug}: {build.cells} cells from {build.responses} responses."
        )
