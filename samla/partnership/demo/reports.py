"""The partnership demo: Hamar kommune's yearly report on 2026, generated from the demo's
records (the ledger, learning groups, plans, the recommendation, the agreement and the
results) and left as a draft for the owner to edit and submit."""

from __future__ import annotations

from django.utils import translation

from samla.org.models import Owner, Person

from ..models import YearlyReport
from ..services.reports import generate_report
from .base import programme

OWNER = "Hamar kommune"
YEAR = 2026


def build() -> dict[str, int]:
    school = programme()
    owner = Owner.objects.get(name=OWNER)
    if not YearlyReport.objects.filter(programme=school, owner=owner, year=YEAR).exists():
        with translation.override("nb"):
            generate_report(Person.objects.get(username="eier"), school, owner, YEAR)
    return {"yearly reports": YearlyReport.objects.filter(programme=school).count()}
