from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from samla.results.services import build_at_close, rounds_needing_build


class Command(BaseCommand):
    help = (
        "Build the results of every published round that has closed and has had no build "
        "since (what the task worker does by itself at each round's closing time). For "
        "deployments without a worker: run it from cron every few minutes."
    )

    def handle(self, *args, **options) -> None:
        candidates = list(rounds_needing_build().order_by("closes_at", "pk"))
        if not candidates:
            self.stdout.write("No closed round is waiting for its results.")
            return
        failed = []
        for round in candidates:
            try:
                build = build_at_close(round.pk, round.closes_at)
            except Exception as error:  # run_build has logged it and marked the build failed
                failed.append(round.slug)
                self.stderr.write(
                    f"Results of {round.slug}: the build failed ({type(error).__name__})."
                )
                continue
            if build is None:
                self.stdout.write(f"Results of {round.slug}: built meanwhile elsewhere, skipped.")
            else:
                self.stdout.write(
                    f"Results of {round.slug}: {build.cells} cells from "
                    f"{build.responses} responses."
                )
        if failed:
            raise CommandError(f"The build failed for: {', '.join(failed)}.")
