"""Run inside the bench's environment (see ``_common.django_env``) for ``cluster.py``.

python bench/_cluster_work.py closing SLUG SECONDS RESPONDENTS
    a round of the demo school programme at three Hamar schools, published (so its
    results build is queued for its close) and closing SECONDS from now, RESPONDENTS
    simulated answers, and the build at close queued a second time, as a second
    scheduler would
python bench/_cluster_work.py builds SLUG
    the round's builds as JSON: how many, and their states
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta

import django


def closing(slug: str, seconds: int, respondents: int) -> None:
    from django.utils import timezone

    from samla.org.demo import DEMO_SCHOOL, SCHOOL_SLUG
    from samla.org.models import Programme, Unit
    from samla.results.rounds import publish_round
    from samla.results.services import schedule_build_at_close
    from samla.surveys import services
    from samla.surveys.demo import LIBRARY
    from samla.surveys.models import Round, RoundInstrument
    from samla.surveys.simulate import simulate_responses

    school = Unit.objects.get(name=DEMO_SCHOOL, owner__name="Hamar kommune")
    others = Unit.objects.filter(owner=school.owner, kind=school.kind, groups__grade=6)
    units = [school, *others.exclude(pk=school.pk).distinct().order_by("pk")[:2]]
    version = services.publish_instrument((LIBRARY / "elev_5_7.xlsx").read_bytes())
    now = timezone.now()
    round = Round.objects.create(
        programme=Programme.objects.get(slug=SCHOOL_SLUG),
        name="T1",
        slug=slug,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(seconds=seconds),
    )
    round.units.add(*units)
    RoundInstrument.objects.create(round=round, respondent_group="pupil_5_7", version=version)
    publish_round(round)
    for number, unit in enumerate(units):
        simulate_responses(round, respondents // len(units), seed=number, unit=unit)
    schedule_build_at_close(round)  # a second task for the same close
    print(json.dumps({"round": slug, "closes_at": round.closes_at.isoformat()}))


def builds(slug: str) -> None:
    from django_tasks_db.models import DBTaskResult

    from samla.results.models import Build

    found = list(Build.objects.filter(round__slug=slug).values_list("state", flat=True))
    tasks = list(
        DBTaskResult.objects.filter(task_path__endswith="build_results_at_close").values_list(
            "status", "worker_ids"
        )
    )
    print(json.dumps({"builds": found, "tasks": tasks}))


if __name__ == "__main__":
    django.setup()
    if sys.argv[1] == "closing":
        closing(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif sys.argv[1] == "builds":
        builds(sys.argv[2])
    else:
        raise SystemExit(__doc__)
