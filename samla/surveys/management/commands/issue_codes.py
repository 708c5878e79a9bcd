from django.core.management.base import BaseCommand, CommandError

from samla.org.models import Group, Unit
from samla.surveys import services
from samla.surveys.models import Round
from samla.surveys.services import CollectionError


class Command(BaseCommand):
    help = (
        "Issue access codes for a unit (and class) in a round and print them. The codes are "
        "stored only as HMACs: this is the only time they can be seen."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--round", required=True, help="The round's short name.")
        parser.add_argument("--unit", required=True, type=int)
        parser.add_argument("--group", type=int)
        parser.add_argument("--respondent-group", required=True)
        parser.add_argument("--count", required=True, type=int)

    def handle(self, *args, **options) -> None:
        round = Round.objects.filter(slug=options["round"]).first()
        if round is None:
            raise CommandError(f"No round with the short name {options['round']!r}.")
        unit = Unit.objects.filter(pk=options["unit"]).first()
        if unit is None:
            raise CommandError(f"No unit with id {options['unit']}.")
        group = None
        if options["group"] is not None:
            group = Group.objects.filter(pk=options["group"], unit=unit).first()
            if group is None:
                raise CommandError(f"No class or department {options['group']} at {unit}.")
        if not 1 <= options["count"] <= 5000:
            raise CommandError("--count must be between 1 and 5000.")
        try:
            codes = services.issue_codes(
                round, unit, options["respondent_group"], options["count"], group=group
            )
        except CollectionError as error:
            raise CommandError(f"No codes issued: {error.reason.replace('_', ' ')}.") from error
        for code in codes:
            self.stdout.write(code)
