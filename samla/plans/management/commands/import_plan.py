import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samla.org.models import Programme
from samla.plans import services
from samla.plans.docx_import import PlanImportError, read_plan
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

    def handle(self, *args, path: Path, programme: str, school_year: str, **options) -> None:
        found = Programme.objects.filter(slug=programme).first()
        if found is None:
            raise CommandError(f"No programme with the short name {programme!r}.")
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        try:
            imported = read_plan(path.read_bytes(), school_year, services.region_names(found))
        except PlanImportError as error:
            raise CommandError(str(error)) from error
        except ValueError as error:
            raise CommandError(f"School year: {error}") from error

        data = imported.as_dict()
        regions = {str(r.pk): r.short_name for r in found.regions.all()}
        for activity in data["activities"]:
            for session in activity["sessions"]:
                session["region"] = regions.get(session["region"], session["region"])
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self._print_text(data)

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

    def _print_text(self, data: dict) -> None:
        for activity in data["activities"]:
            when = activity["when"]
            dates = f"{when['start'] or '?'} – {when['end'] or '?'}"
            self.stdout.write(f"{when['text'] or '–'} [{dates}]  {activity['title']}")
            for session in activity["sessions"]:
                self.stdout.write(
                    f"    {session['region']}: {session['text']} [{session['start']}]"
                )
        for skipped in data["skipped"]:
            self.stdout.write(f"Skipped: {skipped}")
        for warning in data["warnings"]:
            self.stdout.write(f"Warning: {warning}")
