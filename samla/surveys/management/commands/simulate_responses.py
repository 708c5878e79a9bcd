from django.core.management.base import BaseCommand, CommandError

from samla.org.models import Unit
from samla.surveys.models import Round
from samla.surveys.services import CollectionError
from samla.surveys.simulate import SimulationError, simulate_responses


class Command(BaseCommand):
    help = (
        "Let synthetic respondents answer an open round through the same steps as real "
        "ones (code, every visible page, submit), with unit and class effects in the "
        "answers. For demos and benchmarks; never on a production round."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--round", required=True, help="The round's short name.")
        parser.add_argument("--respondents", required=True, type=int)
        parser.add_argument("--seed", type=int, default=0, help="Same seed, same answers.")
        parser.add_argument("--unit", type=int, help="Only this unit (id).")

    def handle(self, *args, **options) -> None:
        round = Round.objects.filter(slug=options["round"]).first()
        if round is None:
            raise CommandError(f"No round with the short name {options['round']!r}.")
        unit = None
        if options["unit"] is not None:
            unit = Unit.objects.filter(pk=options["unit"]).first()
            if unit is None:
                raise CommandError(f"No unit with id {options['unit']}.")
        if not 1 <= options["respondents"] <= 100_000:
            raise CommandError("--respondents must be between 1 and 100000.")
        step = max(1, options["respondents"] // 10)

        def progress(done: int, total: int) -> None:
            if done % step == 0 or done == total:
                self.stdout.write(f"  {done}/{total} submitted")

        try:
            result = simulate_responses(
                round, options["respondents"], seed=options["seed"], unit=unit, progress=progress
            )
        except SimulationError as error:
            raise CommandError(str(error)) from error
        except CollectionError as error:
            raise CommandError(f"Stopped: {error.reason.replace('_', ' ')}.") from error
        self.stdout.write(f"Submitted {result.total} responses to {round.slug}:")
        for respondent_group, count in sorted(result.submitted.items()):
            self.stdout.write(f"  {respondent_group}: {count}")
