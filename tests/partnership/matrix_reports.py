"""Who opens the yearly reports: the owner its own, the county governor and the
administrators all of the programme; everyone else 404."""

from samla.org.models import Owner, Person
from samla.partnership.demo import base
from samla.partnership.models import YearlyReport
from samla.partnership.services.reports import generate_report
from tests.role_matrix_support import Case, everyone, only

READERS = {"admin", "statsforvalter", "eier"}


def _school(org):
    base.build()
    return {"slug": org.school_programme.slug}


def _report(org):
    base.build()
    owner = Owner.objects.get(name="Hamar kommune")
    report = YearlyReport.objects.filter(owner=owner, year=2025).first()
    if report is None:
        eier = Person.objects.get(username="eier")
        report = generate_report(eier, org.school_programme, owner, 2025)
    return {"slug": org.school_programme.slug, "pk": report.pk}


def _export(fmt):
    return lambda org: {**_report(org), "fmt": fmt}


CASES = [
    Case("portal:partnership_reports", "yearly reports", _school, only(READERS)),
    Case(
        "portal:partnership_report_generate",
        "generate (POST only)",
        _school,
        everyone(405, anonymous=302),
    ),
    Case("portal:partnership_report", "a yearly report", _report, only(READERS)),
    Case("portal:partnership_report_edit", "edit a yearly report", _report, only({"eier"})),
    Case(
        "portal:partnership_report_submit",
        "submit (POST only)",
        _report,
        everyone(405, anonymous=302),
    ),
    Case(
        "portal:partnership_report_comment",
        "comment (POST only)",
        _report,
        everyone(405, anonymous=302),
    ),
    Case("portal:partnership_report_export", "Word", _export("docx"), only(READERS)),
    Case("portal:partnership_report_export", "PDF", _export("pdf"), only(READERS)),
]
