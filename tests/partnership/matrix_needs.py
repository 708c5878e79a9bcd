"""Who opens the needs reports: the list and overview, Hamar's submitted report (the forum,
the county governor, the administrators, the wished university's contact, Hamar's owner),
Stange's draft (nobody among the demo users: no one speaks for Stange), and a Hamar draft
with its forms (Hamar's owner only)."""

from samla.org.models import Owner
from samla.partnership.demo import base
from samla.partnership.demo import needs as needs_demo
from samla.partnership.models import NeedsPriority, NeedsReport
from tests.role_matrix_support import Case, everyone, only

READERS = {"admin", "statsforvalter", "eier", "forsker", "tillitsvalgt"}


def _school(org):
    base.build()
    needs_demo.build()
    return {"slug": org.school_programme.slug}


def _kindergarten(org):
    base.build()
    return {"slug": org.kindergarten_programme.slug}


def _report(org, owner: str):
    kwargs = _school(org)
    report = NeedsReport.objects.get(programme__slug=kwargs["slug"], owner__name=owner)
    return {**kwargs, "pk": report.pk}


def _hamar_draft(org):
    kwargs = _school(org)
    report, _made = NeedsReport.objects.get_or_create(
        programme=org.school_programme,
        owner=Owner.objects.get(name="Hamar kommune"),
        year=2099,
        defaults={"first_school_year": "2099/2100"},
    )
    return {**kwargs, "pk": report.pk}


def _hamar_draft_priority(org):
    kwargs = _hamar_draft(org)
    priority, _made = NeedsPriority.objects.get_or_create(report_id=kwargs["pk"], theme="Lesing")
    return {**kwargs, "priority": priority.pk}


CASES = [
    Case("portal:partnership_needs", "needs reports (school)", _school, only(READERS)),
    Case(
        "portal:partnership_needs",
        "needs reports (kindergarten)",
        _kindergarten,
        only({"admin", "statsforvalter", "eier"}),
    ),
    Case(
        "portal:partnership_needs_start",
        "start a needs report (POST only)",
        _school,
        everyone(405, anonymous=302),
    ),
    Case(
        "portal:partnership_needs_report",
        "Hamar's submitted needs report",
        lambda org: _report(org, "Hamar kommune"),
        only(READERS),
    ),
    Case(
        "portal:partnership_needs_report",
        "Stange's draft needs report",
        lambda org: _report(org, "Stange kommune"),
        only(set()),
    ),
    Case("portal:partnership_needs_report", "Hamar's draft", _hamar_draft, only({"eier"})),
    Case("portal:partnership_needs_edit", "change Hamar's draft", _hamar_draft, only({"eier"})),
    Case(
        "portal:partnership_needs_edit",
        "change Hamar's submitted report (back to it)",
        lambda org: _report(org, "Hamar kommune"),
        only({"eier"}, ok=302),
    ),
    Case(
        "portal:partnership_needs_submit",
        "submit (POST only)",
        _hamar_draft,
        everyone(405, anonymous=302),
    ),
    Case(
        "portal:partnership_needs_priority_add",
        "add a priority to Hamar's draft",
        _hamar_draft,
        only({"eier"}),
    ),
    Case(
        "portal:partnership_needs_priority",
        "change a priority of Hamar's draft",
        _hamar_draft_priority,
        only({"eier"}),
    ),
    Case(
        "portal:partnership_needs_evidence",
        "link evidence to a priority of Hamar's draft",
        _hamar_draft_priority,
        only({"eier"}),
    ),
]
