"""Write a programme's shared action plan for a school year to a file."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from samla.core.pdf import PdfUnavailable
from samla.org.models import Programme
from samla.plans import exports, ics
from samla.plans.models import Plan, validate_school_year

FORMATS = ("json", "docx", "pdf", "ics")


class Command(BaseCommand):
    help = "Export an action plan as JSON, Word (docx), tagged PDF or iCalendar (ics)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", required=True, help="The programme's slug.")
        parser.add_argument("--school-year", required=True, help="E.g. 2021/2022.")
        parser.add_argument("--format", required=True, help="json, docx, pdf or ics.")
        parser.add_argument("--output", required=True, help="The file to write.")
        parser.add_argument(
            "--region", default="", help="ics only: the sessions of this region (short name)."
        )
        parser.add_argument(
            "--deadlines", action="store_true", help="ics only: add the programme's deadlines."
        )
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, help="nb (default), nn or en."
        )

    def handle(self, *args, **options) -> None:
        language = options["language"]
        if language not in dict(settings.LANGUAGES):
            choices = ", ".join(code for code, _name in settings.LANGUAGES)
            raise CommandError(f"Unknown language {language!r}: choose {choices}.")
        with translation.override(language):
            content, count = self._export(options)
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"The folder {output.parent} does not exist.")
        output.write_bytes(content)
        self.stdout.write(f"Wrote {count} activities to {output}.")

    def _export(self, options: dict) -> tuple[bytes, int]:
        kind = options["format"].lower()
        if kind not in FORMATS:
            raise CommandError(
                f"Unknown format {options['format']!r}: choose {', '.join(FORMATS)}."
            )
        if (options["region"] or options["deadlines"]) and kind != "ics":
            raise CommandError("--region and --deadlines apply to the ics format only.")
        plan = self._plan(options["programme"], options["school_year"])
        if kind == "json":
            return exports.plan_to_json(plan), plan.activities.count()
        if kind == "docx":
            return exports.plan_to_docx(plan), plan.activities.count()
        if kind == "pdf":
            try:
                return exports.plan_to_pdf(plan), plan.activities.count()
            except PdfUnavailable as error:
                raise CommandError(str(error)) from error
        region_ids = None
        if options["region"]:
            # In Python: SQLite's case-insensitive match knows no Ø.
            regions = {r.short_name.casefold(): r for r in plan.programme.regions.all()}
            region = regions.get(options["region"].casefold())
            if region is None:
                known = ", ".join(sorted(r.short_name for r in regions.values()))
                raise CommandError(
                    f"No region {options['region']!r} in {plan.programme.slug}: choose {known}."
                )
            region_ids = {region.pk}
        deadlines = []
        if options["deadlines"]:
            deadlines = ics.deadline_occurrences(plan.programme.deadlines.all(), plan.school_year)
        activities = exports.ordered_activities(plan)
        content = ics.activities_to_ics(
            activities, calendar_name=str(plan), region_ids=region_ids, deadlines=deadlines
        )
        return content, len(activities)

    def _plan(self, slug: str, school_year: str) -> Plan:
        programme = Programme.objects.filter(slug=slug).first()
        if programme is None:
            known = ", ".join(Programme.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No programme {slug!r}. Programmes: {known}.")
        try:
            validate_school_year(school_year)
        except ValidationError as error:
            raise CommandError(f"{school_year!r}: write the school year as 2021/2022.") from error
        plan = (
            Plan.objects.select_related("programme", "region")
            .filter(programme=programme, school_year=school_year, region__isnull=True)
            .first()
        )
        if plan is None:
            raise CommandError(f"{programme.slug} has no plan for the school year {school_year}.")
        return plan
