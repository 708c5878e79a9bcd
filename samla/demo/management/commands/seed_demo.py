"""``manage.py seed_demo``: the demo programme, built by each app's own demo builder in turn."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from samla.analysis import demo as analysis_demo
from samla.learning.demo import build_learning
from samla.org import demo
from samla.partnership.demo import build_partnership
from samla.plans.demo import build_plans
from samla.results.demo import build_history, close_and_release_current
from samla.selfassessment.demo import build as build_self_assessments
from samla.surveys.demo import build_collection

# Each stage holds everything of the stages before it.
STAGES = ["org", "plan", "collect", "results"]


class Command(BaseCommand):
    help = (
        "Load the demo programme Kultur for læring (Innlandet) with its regions, "
        "municipalities, invented units, one demo user per role and, from the plan stage on, "
        "the year's action plans and the competence packages with learning groups and their "
        "meetings, at the collect stage open survey rounds with codes (and the "
        "earlier rounds' results, with pedagogical analyses started from them), and at the "
        "results stage the survey closed, its results built and released and an analysis "
        "evaluated against them. "
        "Safe to run again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--stage",
            choices=STAGES,
            default=STAGES[-1],
            help="How far through the year the demo goes (default: the fullest stage).",
        )

    def handle(self, *args, stage: str, **options) -> None:
        if not (settings.DEMO or settings.DEBUG):
            raise CommandError(
                "seed_demo creates users with a published password. "
                "Run it only with SAMLA_DEMO=true (or SAMLA_DEBUG=true)."
            )
        counts = demo.build_organisation()
        self.stdout.write(
            "Demo: {programmes} programmes, {regions} regions, {owners} owners, "
            "{units} units, {groups} classes/departments, {people} people.".format(**counts)
        )
        if STAGES.index(stage) >= STAGES.index("plan"):
            plans = build_plans()
            self.stdout.write(
                "Plans: " + ", ".join(f"{value} {name}" for name, value in plans.items()) + "."
            )
            learning = build_learning()
            summary = ", ".join(f"{value} {name}" for name, value in learning.items())
            self.stdout.write(f"Learning: {summary}.")
        if STAGES.index(stage) >= STAGES.index("collect"):
            self.stdout.write("Survey rounds T3: simulating answers at other units …")
            codes = build_collection()
            built = build_history()
            if built:
                self.stdout.write(
                    "Earlier rounds answered, built and released: " + ", ".join(built)
                )
            analyses = analysis_demo.build_analyses()
            if stage == "results":
                analysis_demo.answer_at_demo_school()  # before T3 closes
                slug = close_and_release_current()
                self.stdout.write(f"Round {slug} closed, its results built and released.")
                analyses = analysis_demo.follow_up_analyses()
            summary = ", ".join(f"{value} {name}" for name, value in analyses.items())
            self.stdout.write(f"Analyses: {summary}.")
        if STAGES.index(stage) >= STAGES.index("plan"):
            # The self-assessment first: the needs reports link it as evidence.
            assessments = build_self_assessments()
            partnership = build_partnership()
            summary = ", ".join(
                f"{value} {name}" for name, value in (assessments | partnership).items()
            )
            self.stdout.write(f"Partnership: {summary}.")
        if STAGES.index(stage) >= STAGES.index("collect") and stage != "results":
            self.stdout.write("\nAnswer the open rounds at /svar/ with one of these codes:")
            for who, code in codes:
                self.stdout.write(f"  {code}  {who}")
        self.stdout.write(f"\nDemo users (password {demo.DEMO_PASSWORD!r}):")
        for username, role, scope in demo.demo_user_table():
            self.stdout.write(f"  {username:<15} {role:<32} {scope}")
