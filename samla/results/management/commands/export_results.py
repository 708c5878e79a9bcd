"""Write a round's results (the stored, anonymised cells) to a file."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from samla.core.pdf import PdfUnavailable
from samla.results import exports
from samla.results.exports.command_options import chosen_format, output_file, round_named
from samla.results.exports.registry import RESULT_FORMATS


class Command(BaseCommand):
    help = (
        "Export a round's results as JSON, an Excel workbook (xlsx), a tagged PDF or a slide "
        "deck (pptx: the top node of the selection), for the whole programme or one node and "
        "everything under it. Hidden cells carry no figure."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--round", required=True, help="The round's short name (slug).")
        parser.add_argument("--format", required=True, help=", ".join(RESULT_FORMATS) + ".")
        parser.add_argument(
            "--node",
            default="",
            help="owner:ID, unit:ID, region:ID (or group:ID): that node and all under it.",
        )
        parser.add_argument("--output", required=True, help="The file to write.")
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, help="nb (default), nn or en."
        )

    def handle(self, *args, **options) -> None:
        export_format = chosen_format(options, RESULT_FORMATS)
        kind = export_format.identifier
        language = options["language"]
        if language not in dict(settings.LANGUAGES):
            choices = ", ".join(code for code, _name in settings.LANGUAGES)
            raise CommandError(f"Unknown language {language!r}: choose {choices}.")
        output = output_file(options)
        round = round_named(options)
        nodes = None
        if options["node"]:
            try:
                nodes = exports.parse_node(round, options["node"])
            except exports.UnknownNode as error:
                raise CommandError(str(error)) from error
        cells = len(exports.cells_for(round, nodes))
        if not cells:
            raise CommandError(
                f"The round {round.slug} has no results for this selection: build them first "
                f"(manage.py build_results --round {round.slug})."
            )
        with translation.override(language):
            try:
                content = export_format.render(round, nodes, language)
            except PdfUnavailable as error:
                raise CommandError(str(error)) from error
        output.write_bytes(content)
        exports.log_export(None, round, f"results_{kind}")
        self.stdout.write(f"Wrote {cells} result cells of {round.slug} to {output}.")
