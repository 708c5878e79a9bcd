"""The money: who may set what, the refusals that change nothing, the warnings that let
things through, and the totals per owner, region and year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samla.org.models import Owner
from samla.partnership.demo import base
from samla.partnership.demo import money as demo
from samla.partnership.models import (
    Allocation,
    SchemeSettings,
    Spending,
    SpendingCategory,
    SpendingSource,
    SubmissionStatus,
    YearlyReport,
)
from samla.partnership.queries import money as queries
from samla.partnership.services import money as services

GRANT, OWN = SpendingSource.GRANT, SpendingSource.OWN


@pytest.fixture
def school(demo_org):
    base.build()
    return demo_org.school_programme


def _owner(name: str = "Hamar kommune") -> Owner:
    return Owner.objects.get(name=name)


def _ledger_state() -> list[tuple]:
    return sorted(
        Allocation.objects.values_list(
            "owner_id", "year", "state_grant", "own_share", "coordinator"
        )
    ) + sorted(Spending.objects.values_list("pk", "date", "category", "source", "amount", "text"))


def _submit_report(programme, owner, year):
    YearlyReport.objects.create(
        programme=programme,
        owner=owner,
        year=year,
        status=SubmissionStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )


def test_admin_sets_the_grant_and_the_settings_are_made_with_defaults(school, demo_org):
    SchemeSettings.objects.filter(programme=school).delete()
    warnings = services.set_allocation(
        demo_org.user("admin"), school, _owner(), 2027, state_grant=1_000_000, coordinator=100_000
    )
    allocation = Allocation.objects.get(programme=school, owner=_owner(), year=2027)
    assert (allocation.state_grant, allocation.coordinator) == (1_000_000, 100_000)
    assert SchemeSettings.objects.get(programme=school).coordinator_cap_percent == 10
    assert len(warnings) == 1 and "300" in warnings[0]  # no own share yet: 300 000 missing


def test_a_coordinator_above_the_cap_is_refused_and_nothing_changes(school, demo_org):
    demo.build()
    before = _ledger_state()
    with pytest.raises(ValidationError) as refused:
        services.set_allocation(
            demo_org.user("admin"),
            school,
            _owner(),
            2026,
            state_grant=1_200_000,
            coordinator=120_001,
        )
    assert "at most 10 %" in refused.value.messages[0]
    assert _ledger_state() == before


def test_lowering_the_grant_below_the_coordinator_cap_is_refused(school, demo_org):
    demo.build()
    before = _ledger_state()
    with pytest.raises(ValidationError):  # 100 000 for the coordinator is more than 10 % of 900 000
        services.set_allocation(
            demo_org.user("admin"), school, _owner(), 2026, state_grant=900_000, coordinator=100_000
        )
    assert _ledger_state() == before


def test_the_owner_cannot_set_its_grant(school, demo_org):
    demo.build()
    before = _ledger_state()
    with pytest.raises(ValidationError) as refused:
        services.set_allocation(
            demo_org.user("eier"), school, _owner(), 2026, state_grant=9_000_000, coordinator=0
        )
    assert refused.value.messages == ["Only the programme's administrators set the state grant."]
    assert _ledger_state() == before


def test_only_the_owner_sets_its_own_share(school, demo_org):
    demo.build()
    before = _ledger_state()
    for username, owner in (("admin", _owner()), ("eier", _owner("Stange kommune"))):
        with pytest.raises(ValidationError):
            services.set_own_share(demo_org.user(username), school, owner, 2026, 500_000)
    assert _ledger_state() == before


def test_an_own_share_below_the_percentage_is_saved_with_a_warning(school, demo_org):
    demo.build()
    warnings = services.set_own_share(demo_org.user("eier"), school, _owner(), 2026, 350_000)
    assert Allocation.objects.get(owner=_owner(), year=2026).own_share == 350_000
    assert len(warnings) == 1
    assert "10" in warnings[0] and "360" in warnings[0]  # 10 000 short of 360 000


def test_the_owner_records_spending_and_is_warned_when_the_grant_is_overspent(school, demo_org):
    demo.build()
    eier = demo_org.user("eier")
    line, warnings = services.add_spending(
        eier, school, _owner(), 2026, day=date(2026, 9, 1), category=SpendingCategory.COURSES,
        source=GRANT, amount=Decimal(800_000), text=" Samling ",
    )  # fmt: skip
    assert (line.amount, line.text, line.entered_by) == (800_000, "Samling", eier)
    # 392 500 spent before, 1 192 500 now of 1 200 000: no warning yet
    assert warnings == []
    _line, warnings = services.add_spending(
        eier, school, _owner(), 2026, day=date(2026, 9, 2), category=SpendingCategory.TRAVEL,
        source=GRANT, amount=10_000,
    )  # fmt: skip
    assert len(warnings) == 1 and "2" in warnings[0] and "500" in warnings[0]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": 0}, "more than 0"),
        ({"amount": -5}, "more than 0"),
        ({"day": date(2025, 12, 31)}, "2026"),
        ({"category": "party"}, "category"),
        ({"source": "loan"}, "grant"),
    ],
)
def test_bad_spending_is_refused_and_nothing_changes(school, demo_org, changes, message):
    demo.build()
    before = _ledger_state()
    line = {"day": date(2026, 3, 1), "category": "courses", "source": GRANT, "amount": 100}
    with pytest.raises(ValidationError) as refused:
        services.add_spending(demo_org.user("eier"), school, _owner(), 2026, **(line | changes))
    assert message in refused.value.messages[0]
    assert _ledger_state() == before


def test_another_owners_ledger_is_refused(school, demo_org):
    demo.build()
    before = _ledger_state()
    stange_line = Spending.objects.filter(allocation__owner__name="Stange kommune").first()
    eier = demo_org.user("eier")
    with pytest.raises(ValidationError):
        services.add_spending(
            eier, school, _owner("Stange kommune"), 2026, day=date(2026, 3, 1),
            category="courses", source=GRANT, amount=100,
        )  # fmt: skip
    with pytest.raises(ValidationError):
        services.delete_spending(eier, stange_line)
    assert _ledger_state() == before


def test_a_submitted_yearly_report_locks_the_year(school, demo_org):
    demo.build()
    _submit_report(school, _owner(), 2026)
    line = Spending.objects.filter(allocation__owner=_owner()).first()
    before = _ledger_state()
    eier = demo_org.user("eier")
    attempts = [
        lambda: services.set_own_share(eier, school, _owner(), 2026, 500_000),
        lambda: services.set_allocation(
            demo_org.user("admin"), school, _owner(), 2026, state_grant=1, coordinator=0
        ),
        lambda: services.add_spending(
            eier,
            school,
            _owner(),
            2026,
            day=date(2026, 3, 1),
            category="courses",
            source=OWN,
            amount=100,
        ),
        lambda: services.change_spending(
            eier, line, day=line.date, category=line.category, source=line.source, amount=1
        ),
        lambda: services.delete_spending(eier, line),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert "submitted" in refused.value.messages[0]
    assert _ledger_state() == before
    # the next year is open
    services.set_own_share(eier, school, _owner(), 2027, 1)


def test_the_owner_changes_and_removes_its_lines(school, demo_org):
    demo.build()
    eier = demo_org.user("eier")
    line = Spending.objects.filter(allocation__owner=_owner()).order_by("date").first()
    services.change_spending(
        eier, line, day=date(2026, 1, 21), category="materials", source=OWN, amount=5, text="x"
    )
    line.refresh_from_db()
    assert (line.date, line.category, line.source, line.amount) == (
        date(2026, 1, 21), "materials", OWN, 5,
    )  # fmt: skip
    services.delete_spending(eier, line)
    assert not Spending.objects.filter(pk=line.pk).exists()


def test_totals_per_owner_region_and_year(school):
    demo.build()
    Allocation.objects.create(
        programme=school, owner=_owner("Kongsvinger kommune"), year=2026, state_grant=500_000,
        own_share=150_000,
    )  # fmt: skip
    Allocation.objects.create(programme=school, owner=_owner(), year=2025, state_grant=1_000)
    summary = queries.totals(school, queries.owner_rows(school))
    owners = {(r["owner"], r["year"]): r for r in summary["owners"]}
    hamar, stange = owners["Hamar kommune", 2026], owners["Stange kommune", 2026]
    money = ("state_grant", "own_share", "spent_grant", "spent_own", "left_grant", "left_own")
    assert [hamar[f] for f in money] == [1_200_000, 400_000, 392_500, 188_300, 807_500, 211_700]
    assert [stange[f] for f in money] == [800_000, 200_000, 248_750, 96_000, 551_250, 104_000]
    assert (hamar["own_share_missing"], stange["own_share_missing"]) == (0, 40_000)
    assert hamar["region"] == "Hamarregionen"
    regions = {(r["region"], r["year"]): r for r in summary["regions"]}
    assert set(regions) == {
        ("Hamarregionen", 2026), ("Kongsvingerregionen", 2026), ("Hamarregionen", 2025),
    }  # fmt: skip
    hr = regions["Hamarregionen", 2026]
    assert (hr["owners"], hr["state_grant"], hr["spent_grant"], hr["own_share_missing"]) == (
        2, 2_000_000, 641_250, 40_000,
    )  # fmt: skip
    assert regions["Kongsvingerregionen", 2026]["own_share_missing"] == 0
    years = {r["year"]: r for r in summary["years"]}
    assert (years[2026]["owners"], years[2026]["state_grant"], years[2025]["state_grant"]) == (
        3, 2_500_000, 1_000,
    )  # fmt: skip
    assert [r["year"] for r in summary["years"]] == [2026, 2025]


def test_the_ledger_for_the_yearly_report(school):
    demo.build()
    ledger = queries.ledger(school, _owner("Stange kommune"), 2026)
    assert ledger["totals"]["spent_grant"] == 248_750
    assert [(r["category"], r["grant"], r["own"]) for r in ledger["by_category"]] == [
        ("uh", 210_000, 0), ("substitutes", 0, 96_000), ("courses", 38_750, 0),
    ]  # fmt: skip
    assert len(ledger["lines"]) == 3 and ledger["locked"] is False
    assert len(ledger["warnings"]) == 1
    empty = queries.ledger(school, _owner(), 2031)
    assert (empty["totals"]["state_grant"], empty["lines"], empty["warnings"]) == (0, [], [])


def test_the_demo_is_idempotent(school):
    first = demo.build()
    assert demo.build() == first == {"allocations": 2, "spending lines": 9}
