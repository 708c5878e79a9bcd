from django.core.management.base import BaseCommand, CommandError

from samla.org import services
from samla.org.models import Level


class Command(BaseCommand):
    help = (
        "Create a programme and make a person its programme administrator: the first step "
        "on a new installation. Safe to run again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--slug", required=True, help="Short name used in addresses.")
        parser.add_argument("--name", required=True)
        parser.add_argument("--level", required=True, choices=Level.values)
        parser.add_argument("--admin", required=True, help="Username of the administrator.")

    def handle(self, *args, slug, name, level, admin, **options) -> None:
        try:
            programme = services.set_up_programme(
                slug=slug, name=name, level=level, admin_username=admin
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Programme {programme.name!r} ({programme.slug}) is administered by {admin!r}. "
            "Without a password yet, they choose one with 'Forgot your password?' "
            "(or set one with: manage.py changepassword " + admin + ")."
        )
