"""``manage.py seed_national``: a national-size dataset for page benchmarks (demo mode
only); see ``samla.demo.national``."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from samla.demo.national import AlreadySeeded, existing, seed_national
from samla.demo.national_bench import USERNAMES
from samla.org.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Load a national-size dataset for page benchmarks: 11 counties (a school and a "
        "kindergarten programme each, with regions), 356 municipalities, ~3 000 schools and "
        "5 500 kindergartens, ~60 000 classes and departments, ~120 000 staff, survey rounds "
        "T1, T2 and T3 with ~500 000 responses each, built and released, ~20 000 learning "
        "groups with a school year of meetings, ~5 000 analyses, every programme's action "
        "plan; --scale multiplies every count. Prints each step's counts and seconds. "
        f"Bench users (password {DEMO_PASSWORD!r}): {', '.join(USERNAMES)} — programme admin, "
        "researcher, observer and union representative of the first county's programmes, "
        "coordinator of its largest region, owner of the municipality with most units, "
        "leader of that municipality's large school (~150 classes) and of its largest "
        "kindergarten, a group leader, a teacher and a PPT advisor at the large school "
        "(see samla/demo/national_bench.py). Refuses a database that has the dataset "
        "already."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Multiply every count by this (default 1.0; e.g. 0.002 for a quick test).",
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="Seed of the invented data (default 2026)."
        )

    def handle(self, *args, scale: float, seed: int, **options) -> None:
        if not (settings.DEMO or settings.DEBUG):
            raise CommandError(
                "seed_national creates users with a published password. "
                "Run it only with SAMLA_DEMO=true (or SAMLA_DEBUG=true)."
            )
        if not scale > 0:
            raise CommandError("--scale must be above 0.")
        try:
            seed_national(scale, seed, say=self.stdout.write)
        except AlreadySeeded:
            raise CommandError(
                f"The national dataset is already in this database ({existing()} national "
                "programmes). Nothing was changed. To build it again, use a new, empty "
                "database (migrate it first)."
            ) from None
