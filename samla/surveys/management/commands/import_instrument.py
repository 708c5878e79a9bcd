import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from samla.surveys import services
from samla.surveys.groups import RESPONDENT_GROUPS
from samla.surveys.instrument import InstrumentError
from samla.surveys.instrument_data import content_hash, instrument_to_data
from samla.surveys.messages import describe
from samla.surveys.xlsform import read_xlsform


class Command(BaseCommand):
    help = (
        "Read a questionnaire written as an XLSForm (.xlsx) and publish it as an immutable "
        "version. With --dry-run it is only checked. What the reader skipped or assumed is "
        'printed as warnings (stderr; in --format json also as "warnings").'
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--language", choices=[code for code, _name in settings.LANGUAGES], default="nb"
        )
        parser.add_argument(
            "--respondent-group",
            choices=RESPONDENT_GROUPS,
            help="Who answers the form, when its settings sheet does not say (respondent_group).",
        )

    def handle(self, *args, path: Path, dry_run: bool, **options) -> None:
        translation.activate(options["language"])
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        source = path.read_bytes()
        group = options["respondent_group"]
        try:
            instrument = read_xlsform(source, respondent_group=group, file_name=path.name)
        except InstrumentError as error:
            raise CommandError("\n".join(describe(p) for p in error.problems)) from error
        warnings = [describe(warning) for warning in instrument.warnings]
        if options["format"] == "json":
            data = instrument_to_data(instrument)
            data["content_hash"] = content_hash(instrument)
            data["warnings"] = warnings
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            for warning in warnings:
                self.stderr.write(f"warning: {warning}")
            self.stdout.write(
                f"{instrument.form_id} {instrument.version} ({instrument.respondent_group}): "
                f"{len(instrument.pages)} pages, {len(instrument.items)} items, "
                f"{len(instrument.scales)} indices, languages {', '.join(instrument.languages)}"
            )
        if dry_run:
            return
        version = services.publish_instrument(source, respondent_group=group, file_name=path.name)
        self.stderr.write(f"Published {version} ({version.content_hash[:12]}).")
