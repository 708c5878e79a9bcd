"""Write a round's responses, pseudonymised, one row per response, for researchers."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samla.results import exports
from samla.results.exports.registry import RESPONSE_FORMATS
from samla.surveys.groups import RESPONDENT_GROUPS
from samla.surveys.models import Round


class Command(BaseCommand):
    help = (
        "Export a round's responses for research: one row per response, pseudonymous unit "
        "and class ids, one column per item code, no free text. The file holds personal "
        "data: keep it as the data processing agreement says."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--round", required=True, help="The round's short name (slug).")
        parser.add_argument("--format", required=True, help="csv or parquet.")
        parser.add_argument("--output", required=True, help="The file to write.")
        parser.add_argument(
            "--respondent-group", default="", help="Only this respondent group, e.g. pupil_5_7."
        )

    def handle(self, *args, **options) -> None:
        kind = options["format"].lower()
        if kind not in RESPONSE_FORMATS:
            raise CommandError(
                f"Unknown format {options['format']!r}: choose {', '.join(RESPONSE_FORMATS)}."
            )
        group = options["respondent_group"]
        if group and group not in RESPONDENT_GROUPS:
            raise CommandError(
                f"Unknown respondent group {group!r}: choose {', '.join(RESPONDENT_GROUPS)}."
            )
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"The folder {output.parent} does not exist.")
        round = Round.objects.select_related("programme").filter(slug=options["round"]).first()
        if round is None:
            raise CommandError(f"No round has the short name {options['round']!r}.")
        frame = exports.responses_frame(round, group or None)
        if kind == "csv":
            output.write_bytes(frame.write_csv().encode())
        else:
            frame.write_parquet(output)
        exports.log_export(None, round, f"responses_{kind}")
        self.stdout.write(
            f"Wrote {frame.height} responses ({frame.width} columns) of {round.slug} to {output}."
        )
