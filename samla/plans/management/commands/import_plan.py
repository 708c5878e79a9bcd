import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from samla.org.models import Programme
from samla.plans import services
from samla.plans.docx_import import ImportedPlan, PlanImportError, read_plan
from samla.plans.messages import translate
from samla.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Read an action plan from a Word file and save its activities in the programme's plan "
        "for the school year. With --dry-run nothing is saved: it shows what was found."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--programme", required=True, help="The programme's short name.")
        parser.add_argument("--school-year", required=True, help="E.g. 2026/2027.")
        parser.add_argument("--dry-run", action="store_true", help="Show, save nothing.")
        parser.add_argument("--replace", action="store_true", help="Replace existing activities.")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="The language of the importer's messages: nb (default), nn or en.",
        )

    def handle(self, *args, **options) -> None:
        with translation.override(options["language"]):
            self._import(**options)

    def _import(self, *, path: Path, programme: str, school_year: str, **options) -> None:
        found = Programme.objects.filter(slug=programme).first()
        if found is None:
            raise CommandError(f"No programme with the short name {programme!r}.")
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        try:
            imported = read_plan(path.read_bytes(), school_year, services.region_names(found))
        except PlanImportError as error:
            raise CommandError(translate(error.message)) from error
        except ValueError as error:
            raise CommandError(f"School year: {error}") from error

        data = imported.as_dict(translate)
        regions = {str(r.pk): r.short_name for r in found.regions.all()}
        for activity in data["activities"]:
            for session in activity["sessions"]:
                session["region"] = regions.get(session["region"], session["region"])
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self._print_text(data, imported)

        if options["dry_run"]:
            return
        existing = Plan.objects.filter(
            programme=found, school_year=school_year, region__isnull=True
        ).first()
        if existing and existing.activities.exists() and not options["replace"]:
            raise CommandError(
                f"The plan for {school_year} already has {existing.activities.count()} "
                "activities; nothing was saved. Use --replace to replace them."
            )
        plan, _created = services.get_or_create_plan(found, school_year)
        created = services.import_plan(plan, imported, replace=options["replace"])
        self.stderr.write(f"Saved {len(created)} activities in {plan}.")

    def _print_text(self, data: dict, imported: ImportedPlan) -> None:
        for activity in data["activities"]:
            when = activity["when"]
            dates = f"{when['start'] or '?'} – {when['end'] or '?'}"
            self.stdout.write(f"{when['text'] or '–'} [{dates}]  {activity['title']}")
            for session in activity["sessions"]:
                self.stdout.write(
                    f"    {session['region']}: {session['text']} [{session['start']}]"
                )
        if not (imported.skipped or imported.warnings or imported.notes):
            return
        self.stdout.write(f"\n{_('What Samla noticed')}")
        for skipped in data["skipped"]:
            if skipped["row"]:
                where = _("Skipped table %(table)s, row %(row)s:") % skipped
            else:
                where = _("Skipped table %(table)s:") % skipped
            text = skipped["text"].replace("\n", " ")
            self.stdout.write(f"- {where} {skipped['reason']}" + (f" ({text})" if text else ""))
        for warning in data["warnings"]:
            self.stdout.write(f"- {warning}")
        for note in data["notes"]:
            self.stdout.write(f"- {_('Note in the plan:')} {note['text']}")
