import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samla.org.imports.units import apply_units, check_units
from samla.org.models import ImportKind, ImportState, OrgImport, Programme

STATUS_LABELS = {
    "new": lambda: _("New"),
    "changed": lambda: _("Changed"),
    "closed": lambda: _("Closed"),
    "unchanged": lambda: _("Unchanged"),
    "skipped": lambda: _("Skipped"),
    "error": lambda: _("Error"),
}


class Command(BaseCommand):
    help = (
        "Import units into a programme from the school register (NSR), the kindergarten "
        "register (NBR) or a list (CSV or Excel). Units are matched by organisation number; "
        "a unit closed in the register is closed, never deleted. With --dry-run nothing is "
        "saved: it shows what would change. Each import is kept with the programme's imports."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--register", required=True, choices=["nsr", "nbr", "csv"])
        parser.add_argument("--programme", required=True, help="The programme's short name.")
        parser.add_argument("--dry-run", action="store_true", help="Show, save nothing.")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="The language of the messages: nb (default), nn or en.",
        )

    def handle(self, *args, **options) -> None:
        with translation.override(options["language"]):
            self._import(**options)

    def _import(self, *, path: Path, register: str, programme: str, **options) -> None:
        found = Programme.objects.filter(slug=programme).first()
        if found is None:
            raise CommandError(_("No programme has the short name %(slug)r.") % {"slug": programme})
        if not path.is_file():
            raise CommandError(_("No file at %(path)s.") % {"path": path})
        # A dry run works on an unsaved import; a real one is kept like an upload.
        org_import = OrgImport(
            programme=found,
            kind=ImportKind(register),
            file_name=path.name[:255],
            content=path.read_bytes(),
            language=options["language"],
        )
        preview = check_units(org_import)
        errors = preview["counts"]["errors"]
        if options["dry_run"] or errors:
            self._write(preview, options["format"])
        if errors:
            # The portal may apply the rows without errors; a command changes nothing until
            # the file is right, so that running it again after a fix does the whole file.
            if not options["dry_run"]:
                self._save(org_import, ImportState.INVALID, preview=preview)
            message = preview["rows"][0]["message"] if not preview["valid"] else ""
            raise CommandError(
                message
                or _("%(count)s rows have errors; nothing was saved. Correct them and run again.")
                % {"count": errors}
            )
        if options["dry_run"]:
            return
        self._save(org_import, ImportState.APPLYING, preview=preview)
        outcome = apply_units(org_import)
        self._save(org_import, ImportState.APPLIED, outcome=outcome)
        self._write(outcome, options["format"])

    def _save(self, org_import: OrgImport, state: str, **fields) -> None:
        org_import.state = state
        for name, value in fields.items():
            setattr(org_import, name, value)
        org_import.total = org_import.done = len(next(iter(fields.values()))["rows"])
        if state != ImportState.APPLYING:
            org_import.finished_at = timezone.now()
        org_import.save()

    def _write(self, result: dict, output_format: str) -> None:
        if output_format == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            for row in result["rows"]:
                if row["status"] == "error":
                    continue
                self.stdout.write(self._line(row))
            counts = result["counts"]
            self.stdout.write(
                _(
                    "%(new)s new, %(changed)s changed, %(closed)s closed, %(unchanged)s "
                    "unchanged, %(skipped)s skipped, %(errors)s errors."
                )
                % counts
            )
        for row in result["rows"]:
            if row["status"] == "error":
                self.stderr.write(self._line(row))

    def _line(self, row: dict) -> str:
        where = _("row %(row)s") % {"row": row["row"]} if row["row"] else ""
        if row["column"]:
            where = f"{where}, {row['column']}" if where else row["column"]
        head = STATUS_LABELS[row["status"]]()
        if row["label"]:
            head = f"{head}: {row['label']}"
        if where:
            head = f"{head} ({where})"
        return f"{head} – {row['message']}"
