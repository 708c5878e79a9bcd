"""Attack on issue 19's money at the boundaries: the own share at exactly the percentage and
one krone below it, the coordinator's cap."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from samla.org.models import Owner, Person
from samla.partnership.demo import base
from samla.partnership.models import Allocation, Spending, SubmissionStatus
from samla.partnership.queries import money as money_queries
from samla.partnership.services import money as money_services
from samla.partnership.services import reports as report_services

YEAR = 2025


@pytest.fixture
def school(demo_org):
    base.build()
    return demo_org.school_programme


def _ledger(school, grant: int, own: int) -> Owner:
    hamar = Owner.objects.get(name="Hamar kommune")
    allocation = Allocation.objects.create(
        programme=school, owner=hamar, year=YEAR, state_grant=grant, own_share=own
    )
    Spending.objects.create(
        allocation=allocation, date=date(YEAR, 4, 1), category="substitutes", source="own",
        amount=own,
    )  # fmt: skip
    return hamar


def _submit(school, owner):
    eier = Person.objects.get(username="eier")
    with translation.override("en"):
        report = report_services.generate_report(eier, school, owner, YEAR)
        return report_services.submit_report(eier, report)


def test_exactly_the_percentage_is_enough_on_the_ledger_and_for_the_report(school):
    """Regression: 300 000 of 1 000 000 is 30 %: no warning, the report goes in."""
    hamar = _ledger(school, 1_000_000, 300_000)

    assert money_queries.ledger(school, hamar, YEAR)["warnings"] == []
    assert _submit(school, hamar).status == SubmissionStatus.SUBMITTED


def test_an_own_share_below_the_percentage_is_refused_in_the_report_as_warned_on_the_ledger(
    school,
):
    """Defect (low, money): grant 1 234 575 kr; 30 % is 370 372.5 kr. The ledger asks for
    370 373 (rounded up) and warns about 370 372; the yearly report's check
    (queries.reports.Money.required_own_share, Decimal.quantize: half to even) asks for
    370 372 and submits — below 30 % (29.99996 %)."""
    hamar = _ledger(school, 1_234_575, 370_372)
    warnings = money_queries.ledger(school, hamar, YEAR)["warnings"]
    assert len(warnings) == 1  # the ledger: 1 kr short

    with pytest.raises(ValidationError, match="own share"):
        _submit(school, hamar)


def test_the_coordinator_cap_holds_at_the_boundary(school, demo_org):
    """Regression: 10 % of 1 234 575 is 123 457.5: 123 457 is allowed, 123 458 refused."""
    admin, hamar = demo_org.user("admin"), Owner.objects.get(name="Hamar kommune")
    money_services.set_allocation(
        admin, school, hamar, YEAR, state_grant=1_234_575, coordinator=123_457
    )
    with translation.override("en"), pytest.raises(ValidationError, match="at most 10"):
        money_services.set_allocation(
            admin, school, hamar, YEAR, state_grant=1_234_575, coordinator=123_458
        )
    allocation = Allocation.objects.get(programme=school, owner=hamar, year=YEAR)
    assert allocation.coordinator == 123_457
