"""What the export commands (``export_results``, ``export_responses``) read from their
options the same way: the format from a registry, the output file and the round."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from samla.surveys.models import Round

from .registry import ExportFormat


def chosen_format(options: dict, formats: dict[str, ExportFormat]) -> ExportFormat:
    """The format named by ``--format`` (any case), or a CommandError listing the choices."""
    export_format = formats.get(options["format"].lower())
    if export_format is None:
        raise CommandError(f"Unknown format {options['format']!r}: choose {', '.join(formats)}.")
    return export_format


def output_file(options: dict) -> Path:
    """The file named by ``--output``; its folder must exist."""
    output = Path(options["output"])
    if not output.parent.is_dir():
        raise CommandError(f"The folder {output.parent} does not exist.")
    return output


def round_named(options: dict) -> Round:
    """The round whose short name ``--round`` gives."""
    round = Round.objects.select_related("programme").filter(slug=options["round"]).first()
    if round is None:
        raise CommandError(f"No round has the short name {options['round']!r}.")
    return round
