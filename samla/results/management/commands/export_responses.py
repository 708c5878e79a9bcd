"""Write a round's responses, pseudonymised, one row per response, for researchers."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samla.results import exports
from samla.results.exports.command_options import chosen_format, output_file, round_named
from samla.results.exports.registry import RESPONSE_FORMATS
from samla.surveys.groups import RESPONDENT_GROUPS


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
        export_format = chosen_format(options, RESPONSE_FORMATS)
        group = options["respondent_group"]
        if group and group not in RESPONDENT_GROUPS:
            raise CommandError(
                f"Unknown respondent group {group!r}: choose {', '.join(RESPONDENT_GROUPS)}."
            )
        output = output_file(options)
        round = round_named(options)
        frame = exports.responses_frame(round, group or None)
        output.write_bytes(export_format.render(frame))
        exports.log_export(None, round, f"responses_{export_format.identifier}")
        self.stdout.write(
            f"Wrote {frame.height} responses ({frame.width} columns) of {round.slug} to {output}."
        )
