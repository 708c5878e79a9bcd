"""The org-lists bench's work inside the bench's Django environment (see org_lists.py).

python bench/_org_lists_work.py setup <people> <seed>   # migrate, build, one JSON line
python bench/_org_lists_work.py time <requests>         # time the pages, one JSON line
"""

from __future__ import annotations

import json
import random
import re
import sys
import time
from datetime import timedelta

import django

ADMIN = "bench-admin"
BIG, SMALL = "bench-big", "bench-small"
BASELINE_PEOPLE = 100
FIRST = [
    "Anne",
    "Ola",
    "Kari",
    "Per",
    "Ingrid",
    "Lars",
    "Sigrid",
    "Jon",
    "Marit",
    "Øystein",
    "Åse",
    "Tor",
    "Silje",
    "Arne",
    "Guro",
    "Knut",
    "Ragnhild",
    "Eirik",
    "Live",
    "Håkon",
]
LAST = [
    "Haugen",
    "Bakken",
    "Moen",
    "Nygård",
    "Lien",
    "Sveen",
    "Berg",
    "Løkken",
    "Rustad",
    "Ødegård",
    "Engen",
    "Holen",
    "Strand",
    "Myhre",
    "Vold",
    "Solheim",
    "Hagen",
    "Ås",
]


def _build(slug: str, people: int, rng: random.Random, admin) -> dict:
    """A programme of 4 regions × 12 owners × units of about 21 people each (one leader,
    staff, some also at a class), 5 % invited and not activated, 2 % deactivated."""
    from django.utils import timezone

    from samla.org.models import (
        Enrolment,
        Group,
        GroupKind,
        Invitation,
        Level,
        Membership,
        Owner,
        OwnerKind,
        Person,
        Programme,
        Region,
        RegionOwner,
        Role,
        Unit,
        UnitKind,
    )
    from samla.org.services import grant_role

    programme = Programme.objects.create(name=slug, slug=slug, level=Level.PRIMARY)
    grant_role(admin, Role.PROGRAMME_ADMIN, programme=programme)
    units_wanted = max(2, people // 21)
    regions = [
        Region.objects.create(programme=programme, name=f"{slug} region {r}", short_name=f"R{r}")
        for r in range(4 if units_wanted >= 48 else 1)
    ]
    owner_count = min(48, max(1, units_wanted // 4))
    owners = Owner.objects.bulk_create(
        Owner(name=f"{slug} kommune {o}", kind=OwnerKind.MUNICIPALITY) for o in range(owner_count)
    )
    RegionOwner.objects.bulk_create(
        RegionOwner(region=regions[o % len(regions)], owner=owner, programme=programme)
        for o, owner in enumerate(owners)
    )
    units = Unit.objects.bulk_create(
        Unit(name=f"{slug} skole {u}", kind=UnitKind.PRIMARY, owner=owners[u % owner_count])
        for u in range(units_wanted)
    )
    Enrolment.objects.bulk_create(Enrolment(unit=u, programme=programme) for u in units)
    groups = Group.objects.bulk_create(
        Group(unit=u, name=f"{g}A", kind=GroupKind.CLASS, grade=g, school_year=2026)
        for u in units
        for g in range(1, 8)
    )
    groups_of: dict[int, list] = {}
    for group in groups:
        groups_of.setdefault(group.unit_id, []).append(group)
    now = timezone.now()
    persons = Person.objects.bulk_create(
        Person(
            username=f"{slug}-{n:05d}",
            first_name=rng.choice(FIRST),
            last_name=rng.choice(LAST),
            email=f"{slug}-{n:05d}@bench.samla.invalid",
            is_active=rng.random() > 0.02,
            last_login=now - timedelta(days=rng.randint(0, 400)) if rng.random() < 0.7 else None,
        )
        for n in range(people)
    )
    memberships, invitations = [], []
    for n, person in enumerate(persons):
        unit = units[n % len(units)]
        leads = n < len(units)
        memberships.append(
            Membership(person=person, unit=unit, role=Role.UNIT_LEADER if leads else Role.STAFF)
        )
        if not leads and rng.random() < 0.4:
            group = rng.choice(groups_of[unit.pk])
            memberships.append(Membership(person=person, group=group, role=Role.STAFF))
        if rng.random() < 0.05:
            invitations.append(
                Invitation(
                    person=person,
                    programme=programme,
                    key_hash=f"{slug}-{n}",
                    expires_at=now + timedelta(days=14),
                )
            )
    Membership.objects.bulk_create(memberships, batch_size=2000)
    Invitation.objects.bulk_create(invitations, batch_size=2000)
    return {"people": people, "units": len(units), "memberships": len(memberships)}


def setup(people: int, seed: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from samla.org.models import Person

    began = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()
    rng = random.Random(seed)
    with transaction.atomic():
        admin = Person.objects.create(username=ADMIN, first_name="Bench", last_name="Admin")
        big = _build(BIG, people, rng, admin)
        small = _build(SMALL, BASELINE_PEOPLE, rng, admin)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        json.dumps(
            {
                "big": big,
                "small": small,
                "migrate_s": round(migrated - began, 1),
                "build_s": round(time.perf_counter() - migrated, 1),
            }
        )
    )


# What is timed: the people list as a programme administrator opens and uses it.
SCENARIOS = [
    ("first page", ""),
    ("search a name", "?q=%C3%B8deg%C3%A5rd"),
    ("search e-mail", "?q=-00042%40bench"),
    ("filter role", "?role=unit_leader"),
    ("filter state", "?state=not_activated"),
    ("filter region", "?region={region}"),
    ("filter unit", "?unit={unit}"),
    ("sort last login", "?sort=-last_login"),
    ("page 40 of 100", "?per_page=100&page=40"),
    ("last page, by e-mail", "?sort=-email&page=99999"),
]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def time_pages(requests: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from samla.org.models import Person, Programme, Region, Unit

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(Person.objects.get(username=ADMIN))

    def measure(slug: str, query: str) -> dict:
        programme = Programme.objects.get(slug=slug)
        query = query.format(
            region=Region.objects.filter(programme=programme).order_by("pk").first().pk,
            unit=Unit.objects.filter(enrolment__programme=programme).order_by("pk").first().pk,
        )
        url = reverse("portal:directory_people", kwargs={"slug": slug}) + query
        executed = []
        with connection.execute_wrapper(
            lambda run, sql, *rest: executed.append(sql) or run(sql, *rest)
        ):
            first = client.get(url)
        if first.status_code != 200:
            raise SystemExit(f"{url} answered {first.status_code}")
        for _ in range(3):
            client.get(url)
        times = []
        for _ in range(requests):
            began = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - began) * 1000)
        page = first.content.decode()
        status = re.search(r'<p role="status">([0-9\s\xa0.,]+)', page)
        found = int(re.sub(r"\D", "", status.group(1))) if status else 0
        return {
            "url": url,
            "queries": len(executed),
            "found": found,
            "rows": page.count('<tr><th scope="row">'),
            "times": times,
        }

    results = []
    for label, query in SCENARIOS:
        big = measure(BIG, query)
        small = measure(SMALL, query)
        results.append(
            {
                "scenario": label,
                "url": big["url"],
                "found": big["found"],
                "rows": big["rows"],
                "queries": big["queries"],
                "baseline_queries": small["queries"],
                "p50_ms": round(_percentile(big["times"], 0.5), 1),
                "p95_ms": round(_percentile(big["times"], 0.95), 1),
                "baseline_p50_ms": round(_percentile(small["times"], 0.5), 1),
                "baseline_p95_ms": round(_percentile(small["times"], 0.95), 1),
                "all_ms": big["times"],
                "baseline_all_ms": small["times"],
            }
        )
    print(json.dumps(results))


if __name__ == "__main__":
    django.setup()
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "setup":
        setup(int(sys.argv[2]), int(sys.argv[3]))
    elif command == "time":
        time_pages(int(sys.argv[2]))
    else:
        raise SystemExit(__doc__)
