"""Yearly reports: generated from the records, edited, submitted (own share checked, late
marked), locked, commented by the county governor; refusals change nothing."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from samla.core.time import OSLO
from samla.org.models import Membership, Owner, Person, Role
from samla.partnership.demo import base
from samla.partnership.models import Allocation, ReportComment, Spending, YearlyReport
from samla.partnership.queries import reports as queries
from samla.partnership.queries.reports_content import generate_sections, index_changes
from samla.partnership.services import reports as services
from tests.conftest import client_for

YEAR = 2025


@pytest.fixture
def school(demo_org):
    base.build()
    return demo_org.school_programme


@pytest.fixture
def hamar():
    return Owner.objects.get(name="Hamar kommune")


def _allocation(school, owner, *, grant=1_000_000, own_spent=300_000, year=YEAR):
    allocation = Allocation.objects.create(
        programme=school, owner=owner, year=year, state_grant=grant, own_share=300_000
    )
    Spending.objects.create(
        allocation=allocation, date=date(year, 3, 1), category="uh", source="grant", amount=600_000
    )
    if own_spent:
        Spending.objects.create(
            allocation=allocation,
            date=date(year, 4, 1),
            category="substitutes",
            source="own",
            amount=own_spent,
        )
    return allocation


def _generate(school, owner, year=YEAR, **kwargs):
    with translation.override("en"):
        return services.generate_report(
            Person.objects.get(username="eier"), school, owner, year, **kwargs
        )


def _snapshot(report):
    report.refresh_from_db()
    return (report.status, report.submitted_at, report.sections, report.generated_at)


def test_money_totals_come_from_the_ledger(school, hamar):
    _allocation(school, hamar)
    m = queries.money(school, hamar, YEAR)
    assert (m.state_grant, m.spent_grant, m.spent_own) == (1_000_000, 600_000, 300_000)
    assert (m.required_own_share, m.own_share_missing, m.own_share_of_grant) == (300_000, 0, 30)
    assert m.by_category == [("substitutes", 0, 300_000), ("uh", 600_000, 0)]


def test_generate_drafts_every_section_from_the_records(school, hamar):
    _allocation(school, hamar)
    report = _generate(school, hamar)
    texts = {key: part["text"] for key, part in report.sections.items()}
    assert list(texts) == list(queries.SECTION_KEYS)
    assert "State grant allocated: 1,000,000\xa0kr." in texts["money"]
    assert "Own share spent: 300,000\xa0kr (30 % of the state grant" in texts["money"]
    assert texts["participants"].startswith("Spring 2025: no learning groups.")
    # The demo agreement runs from 1 August 2026: not in 2025, but in 2026.
    assert texts["partner"] == "No partnership agreement with a university in 2025."
    with translation.override("en"):
        later = generate_sections(school, hamar, 2026)["partner"]
    assert later.startswith(
        "Partnerskapsavtale Hamarregionen – Høgskolen i Innlandet with Høgskolen i Innlandet"
    )
    assert report.generated_at is not None and report.status == "draft"


def test_generating_again_over_edits_is_refused_unless_confirmed(school, hamar):
    report = _generate(school, hamar)
    report = services.save_sections(
        Person.objects.get(username="eier"), report, {"money": "Our words."}
    )
    assert services.edited_sections(report) == ["money"]
    before = _snapshot(report)
    with pytest.raises(ValidationError, match="edited the text"):
        _generate(school, hamar)
    assert _snapshot(report) == before
    _generate(school, hamar, overwrite=True)
    report.refresh_from_db()
    assert services.edited_sections(report) == []
    assert report.sections["money"]["text"].startswith("No allocation is recorded")


def test_missing_own_share_is_refused_and_changes_nothing(school, hamar):
    _allocation(school, hamar, own_spent=299_999)
    report = _generate(school, hamar)
    before = _snapshot(report)
    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        services.submit_report(Person.objects.get(username="eier"), report)
    assert refusal.value.messages == [
        "Missing own share: the ledger shows 299,999\xa0kr of own share, but at least 30 % of "
        "the state grant (300,000\xa0kr) is required. Record the own share in the ledger, "
        "then submit."
    ]
    assert _snapshot(report) == before


def test_submitted_report_is_locked(school, hamar):
    _allocation(school, hamar)
    eier = Person.objects.get(username="eier")
    report = services.submit_report(eier, _generate(school, hamar))
    assert report.status == "submitted" and report.submitted_by == eier
    before = _snapshot(report)
    for change in (
        lambda: services.save_sections(eier, report, {"money": "Later words."}),
        lambda: _generate(school, hamar, overwrite=True),
        lambda: services.submit_report(eier, report),
    ):
        with pytest.raises(ValidationError, match="submitted and locked"):
            change()
    assert _snapshot(report) == before


def test_late_submission_is_accepted_and_marked(school, hamar):
    report = _generate(school, hamar)
    assert queries.due_date(school, YEAR) == date(2026, 1, 15)
    report.submitted_at = datetime(2026, 1, 15, 23, 30, tzinfo=OSLO)
    assert not queries.submitted_late(report)
    report.submitted_at = datetime(2026, 1, 16, 0, 10, tzinfo=OSLO)
    assert queries.submitted_late(report)


def test_governor_comments_only_on_submitted_reports(school, hamar):
    _allocation(school, hamar)
    governor = Person.objects.get(username="statsforvalter")
    report = _generate(school, hamar)
    with pytest.raises(ValidationError, match="only on a submitted report"):
        services.comment_report(governor, report, "Fint.")
    assert ReportComment.objects.count() == 0
    services.submit_report(Person.objects.get(username="eier"), report)
    with pytest.raises(ValidationError, match="only on a submitted report"):
        services.comment_report(Person.objects.get(username="admin"), report, "Fint.")
    comment = services.comment_report(governor, report, "  Takk for grundig rapport.  ")
    assert (comment.text, comment.author) == ("Takk for grundig rapport.", governor)


def test_another_owner_is_refused_and_gets_404(school, hamar, client):
    report = _generate(school, hamar)
    stange = Owner.objects.get(name="Stange kommune")
    other = Person.objects.create_user(username="eier-stange", password="x")
    Membership.objects.create(person=other, role=Role.OWNER, owner=stange)
    with pytest.raises(ValidationError, match="do not write"):
        services.generate_report(other, school, hamar, YEAR)
    with pytest.raises(ValidationError, match="Only the owner"):
        services.submit_report(other, report)
    with pytest.raises(ValidationError, match="Only the owner"):
        services.save_sections(other, report, {"money": "Not mine."})
    client.force_login(other)
    kwargs = {"slug": school.slug, "pk": report.pk}
    for name in ("partnership_report", "partnership_report_edit"):
        assert client.get(reverse(f"portal:{name}", kwargs=kwargs)).status_code == 404
    docx = reverse("portal:partnership_report_export", kwargs={**kwargs, "fmt": "docx"})
    assert client.get(docx).status_code == 404
    submit = reverse("portal:partnership_report_submit", kwargs=kwargs)
    assert client.post(submit, {"confirm": "yes"}).status_code == 404
    # Stange's owner sees its own list, without Hamar's report.
    page = client.get(reverse("portal:partnership_reports", kwargs={"slug": school.slug}))
    assert page.status_code == 200 and "Hamar kommune" not in page.content.decode()
    assert YearlyReport.objects.get().status == "draft"


def test_pages_generate_edit_submit_and_comment(school, hamar):
    _allocation(school, hamar)
    owner = client_for("eier")
    owner.cookies["samla_language"] = "en"
    generate = reverse("portal:partnership_report_generate", kwargs={"slug": school.slug})
    answer = owner.post(generate, {"owner": hamar.pk, "year": YEAR})
    report = YearlyReport.objects.get()
    kwargs = {"slug": school.slug, "pk": report.pk}
    assert answer.url == reverse("portal:partnership_report", kwargs=kwargs)
    edit = reverse("portal:partnership_report_edit", kwargs=kwargs)
    texts = {key: part["text"] for key, part in report.sections.items()}
    owner.post(edit, {**texts, "measures": "Vi gjennomførte mye."})
    # Generating again asks first, and changes nothing until confirmed.
    asked = owner.post(generate, {"owner": hamar.pk, "year": YEAR})
    assert "Replace your edited text" in asked.content.decode()
    report.refresh_from_db()
    assert report.sections["measures"]["text"] == "Vi gjennomførte mye."
    submit = reverse("portal:partnership_report_submit", kwargs=kwargs)
    assert "Submit the yearly report" in owner.post(submit).content.decode()
    owner.post(submit, {"confirm": "yes"})
    report.refresh_from_db()
    assert report.status == "submitted"
    governor = client_for("statsforvalter")
    comment = reverse("portal:partnership_report_comment", kwargs=kwargs)
    governor.post(comment, {"text": "Godt arbeid."})
    assert (
        "Godt arbeid."
        in governor.get(reverse("portal:partnership_report", kwargs=kwargs)).content.decode()
    )
    assert owner.post(comment, {"text": "Eget svar."}).status_code == 404
    assert list(ReportComment.objects.values_list("text", flat=True)) == ["Godt arbeid."]


def test_outcomes_show_only_changes_with_both_figures_shown(demo_org, school, hamar):
    later = demo_org.later_results_round()
    year = timezone.localtime(later.opens_at).year
    with translation.override("en"):
        lines = index_changes(school, hamar, year)
    assert lines, "the two demo rounds have shown owner figures"
    assert all(" in T2, " in line and " in T3 (" in line for line in lines)
    # A year without a released round has none.
    with translation.override("en"):
        assert index_changes(school, hamar, year - 3) == []
