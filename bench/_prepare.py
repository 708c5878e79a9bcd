"""Run inside the bench's environment (see ``_common.django_env``) to set up or count.

python bench/_prepare.py setup CODES OUT.json   migrate, demo organisation, the demo
                                                round T3, CODES codes spread over the
                                                demo school's classes 5–7, the bare table
python bench/_prepare.py count                  responses, drafts and bare rows as JSON
"""

from __future__ import annotations

import io
import json
import sys

import django


def setup(count: int, out: str) -> None:
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_demo", stage="org", stdout=io.StringIO())

    from _server_urls import create_bare_table

    from samla.org.demo import DEMO_SCHOOL, SCHOOL_SLUG
    from samla.org.models import Programme, Unit
    from samla.surveys import services
    from samla.surveys.demo import LIBRARY
    from samla.surveys.models import Round, RoundInstrument

    # A round of its own (not the demo's, which may grow): the demo pupil questionnaire
    # at the demo school, open now.
    school = Unit.objects.get(name=DEMO_SCHOOL, owner__name="Hamar kommune")
    version = services.publish_instrument((LIBRARY / "elev_5_7.xlsx").read_bytes())
    now = timezone.now()
    round = Round.objects.create(
        programme=Programme.objects.get(slug=SCHOOL_SLUG),
        name="T3",
        slug="bench-intake",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        published=True,
    )
    round.units.add(school)
    RoundInstrument.objects.create(round=round, respondent_group="pupil_5_7", version=version)
    classes = list(school.groups.filter(grade__in=[5, 6, 7]).order_by("name"))
    codes: list[str] = []
    for index, group in enumerate(classes):
        share = count // len(classes) + (1 if index < count % len(classes) else 0)
        codes += services.issue_codes(round, school, "pupil_5_7", share, group=group)
    create_bare_table()
    with open(out, "w") as file:
        json.dump(codes, file)


def count() -> None:
    from _server_urls import BARE_TABLE
    from django.db import connection

    from samla.surveys.models import Draft, Response

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {BARE_TABLE}")  # noqa: S608 - constant
        bare_rows = cursor.fetchone()[0]
    print(
        json.dumps(
            {
                "responses": Response.objects.filter(round__slug="bench-intake").count(),
                "drafts": Draft.objects.count(),
                "bare_rows": bare_rows,
            }
        )
    )


if __name__ == "__main__":
    django.setup()
    if sys.argv[1] == "setup":
        setup(int(sys.argv[2]), sys.argv[3])
    elif sys.argv[1] == "count":
        count()
    else:
        raise SystemExit(__doc__)
