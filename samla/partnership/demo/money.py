"""The partnership demo: money. Hamar's and Stange's ledgers for 2026 in Kultur for
læring – skole: Hamar with its own share above 30 % and a coordinator; Stange with an own
share below 30 % of its grant, so the warning shows; spending across the categories."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from samla.org.models import Owner, Person

from ..models import Allocation, Spending, SpendingCategory, SpendingSource
from . import base

YEAR = 2026
# owner, state grant, own share, coordinator
ALLOCATIONS = (
    ("Hamar kommune", 1_200_000, 400_000, 100_000),
    ("Stange kommune", 800_000, 200_000, 0),
)
GRANT, OWN = SpendingSource.GRANT, SpendingSource.OWN
C = SpendingCategory
# owner, date, category, paid from, amount, what
LINES = (
    ("Hamar kommune", date(2026, 1, 20), C.UNIVERSITY, GRANT, 280_000,
     "Høgskolen i Innlandet: veiledning i klasseledelse, vårhalvåret"),
    ("Hamar kommune", date(2026, 2, 12), C.SUBSTITUTES, OWN, 145_000,
     "Vikarer for lærere på samling 1 og 2"),
    ("Hamar kommune", date(2026, 3, 5), C.COURSES, GRANT, 62_500,
     "Felles samling for skoleledere, Scandic Hamar"),
    ("Hamar kommune", date(2026, 4, 30), C.COORDINATOR, GRANT, 50_000,
     "Koordinator for kompetanseutvikling, 20 % stilling jan–jun"),
    ("Hamar kommune", date(2026, 5, 18), C.TRAVEL, OWN, 18_400, "Reise til nettverkssamling"),
    ("Hamar kommune", date(2026, 6, 10), C.MATERIALS, OWN, 24_900,
     "Litteratur til lærende nettverk: «Lesing i alle fag»"),
    ("Stange kommune", date(2026, 2, 3), C.UNIVERSITY, GRANT, 210_000,
     "Høgskolen i Innlandet: skolebasert kompetanseutvikling i lesing"),
    ("Stange kommune", date(2026, 3, 19), C.SUBSTITUTES, OWN, 96_000,
     "Vikarer for plangrupper ved tre skoler"),
    ("Stange kommune", date(2026, 5, 7), C.COURSES, GRANT, 38_750,
     "Erfaringsdeling mellom skolene"),
)  # fmt: skip


def build() -> dict[str, int]:
    school = base.programme()
    owner_contact = Person.objects.filter(username="eier").first()
    allocations = {}
    for name, grant, own, coordinator in ALLOCATIONS:
        owner = Owner.objects.get(name=name)
        allocations[name], _created = Allocation.objects.get_or_create(
            programme=school,
            owner=owner,
            year=YEAR,
            defaults={
                "state_grant": Decimal(grant),
                "own_share": Decimal(own),
                "coordinator": Decimal(coordinator),
            },
        )
    for name, allocation in allocations.items():
        if allocation.spending.exists():
            continue
        Spending.objects.bulk_create(
            Spending(
                allocation=allocation,
                date=day,
                category=category,
                source=source,
                amount=Decimal(amount),
                text=text,
                entered_by=owner_contact if name == "Hamar kommune" else None,
            )
            for owner_name, day, category, source, amount, text in LINES
            if owner_name == name
        )
    return {
        "allocations": Allocation.objects.filter(programme=school).count(),
        "spending lines": Spending.objects.filter(allocation__programme=school).count(),
    }
