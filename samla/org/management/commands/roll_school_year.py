import json

from django.core.management.base import BaseCommand, CommandError

from samla.org.models import Person, Programme
from samla.org.school_year import RollPlan, RollRefused, apply_roll, plan_roll

NEXT_STEPS = (
    "New 1st grades are added with the staff workbook (the import of units and staff).",
    "Learning groups for {year} are formed by each unit leader on the unit's learning page.",
)


class Command(BaseCommand):
    help = (
        "Roll a programme into a new school year: classes move up a grade (a new class each, "
        "last year's closed and kept for its results), classes in their unit's last grade "
        "leave, kindergarten departments stay. Safe to run again: a second run does nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--programme", required=True, help="The programme's short name.")
        parser.add_argument(
            "--to", required=True, type=int, help="The year the new school year starts: 2027."
        )
        parser.add_argument("--dry-run", action="store_true", help="Show the plan, change nothing.")
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument("--actor", help="Username recorded as having rolled the year.")

    def handle(self, *args, programme, to, dry_run, format, actor, **options) -> None:
        found = Programme.objects.filter(slug=programme).first()
        if found is None:
            raise CommandError(f"No programme is called {programme!r}.")
        person = None
        if actor:
            person = Person.objects.filter(username=actor).first()
            if person is None:
                raise CommandError(f"No person has the username {actor!r}.")
        if not 2000 <= to <= 2200:
            raise CommandError("--to is the year the school year starts, e.g. 2027.")
        if dry_run:
            plan, outcome = plan_roll(found, to_year=to), None
        else:
            try:
                outcome = apply_roll(found, to_year=to, actor=person)
            except RollRefused as refused:
                plan = plan_roll(found, to_year=to)
                self._write(plan, None, format, dry_run)
                raise CommandError("Nothing was changed: " + "; ".join(refused.problems)) from None
            plan = outcome.plan
        self._write(plan, outcome, format, dry_run)
        if dry_run and plan.problems:
            raise CommandError("The roll would be refused: " + "; ".join(plan.problems))

    def _write(self, plan: RollPlan, outcome, format: str, dry_run: bool) -> None:
        if format == "json":
            data = plan.as_data() | {"dry_run": dry_run, "applied": bool(outcome and outcome.done)}
            if outcome is not None:
                data |= {
                    "moved": outcome.moved,
                    "left": outcome.left,
                    "staff_moved": outcome.staff_moved,
                    "children_moved": outcome.children_moved,
                }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        write = self.stdout.write
        write(f"{plan.programme.name}: {plan.from_school_year} → {plan.school_year}")
        for unit in plan.units:
            if not (unit.changes or unit.departments or unit.already):
                continue
            known = "" if unit.last_grade_known else " (assumed)"
            write(f"\n{unit.name} — last grade {unit.last_grade}{known}")
            for step in unit.moving:
                write(f"  moves up: {step.name} → {step.new_name}")
            for step in unit.leaving:
                write(f"  leaves:   {step.name}")
            for name in unit.departments:
                write(f"  stays:    {name}")
            for name in unit.already:
                write(f"  already in {plan.school_year}: {name}")
        for problem in plan.problems:
            write(f"\nProblem: {problem}")
        write("")
        if outcome is None:
            write(
                f"Dry run: {plan.count('moving')} classes would move up, "
                f"{plan.count('leaving')} would leave, {plan.count('departments')} departments "
                "stay. Nothing was changed."
            )
        elif not outcome.done:
            write(f"Nothing to do: every class is already in {plan.school_year}.")
        else:
            write(
                f"Done: {outcome.moved} classes moved up, {outcome.left} left, "
                f"{outcome.staff_moved} staff roles and {outcome.children_moved} children moved, "
                f"{plan.count('departments')} departments kept."
            )
        if outcome is None or outcome.done:
            for step in NEXT_STEPS:
                write("Next: " + step.format(year=plan.school_year))
