"""Changes to yearly reports: generate (and generate again), edit the text, submit, and the
county governor's comments. Each runs in a transaction; a refusal is a ``ValidationError``
with a message for the person and changes nothing.

A report's ``sections`` map each section key to ``{"generated": …, "text": …}``: the text
as Samla drafted it and as the owner has it now. A section is edited when they differ;
generating again over edited sections needs the owner's confirmation.

Late submission: a report submitted after the due date (15 January by default) is
accepted and marked late (``queries.reports.submitted_late``): the county governor needs
the account of the money more than a refusal, and the date shows it was late."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samla.org.models import Owner, Person, Programme

from ..access import owner_ids
from ..models import Allocation, ReportComment, YearlyReport
from ..models.status import SubmissionStatus
from ..queries.reports import SECTION_KEYS, comments_on, money, nok, writes_report
from ..queries.reports_content import generate_sections

MAX_SECTION = 20_000
MAX_COMMENT = 5_000


def edited_sections(report: YearlyReport) -> list[str]:
    """Keys of the sections whose text the owner has changed from the generated one."""
    return [
        key
        for key in SECTION_KEYS
        if (part := report.sections.get(key)) and part.get("text") != part.get("generated")
    ]


def _refuse_locked(report: YearlyReport) -> None:
    if report.status == SubmissionStatus.SUBMITTED:
        raise ValidationError(_("The report is submitted and locked: it cannot be changed."))


def generate_report(
    person: Person, programme: Programme, owner: Owner, year: int, *, overwrite: bool = False
) -> YearlyReport:
    """Draft the owner's report on ``year`` from the records (creating it, or generating a
    submitted-free draft again). Refused for another owner's report, a submitted report, a
    year out of range, and over edited sections unless ``overwrite``. Sets ``generated_at``.
    """
    if owner.pk not in owner_ids(person, programme):
        raise ValidationError(_("You do not write yearly reports for this owner."))
    this_year = timezone.localdate().year
    if not 2000 <= year <= this_year:
        raise ValidationError(_("Choose a year from 2000 to %(year)s.") % {"year": this_year})
    with transaction.atomic():
        report, _created = YearlyReport.objects.select_for_update().get_or_create(
            programme=programme, owner=owner, year=year
        )
        _refuse_locked(report)
        if edited_sections(report) and not overwrite:
            raise ValidationError(
                _("You have edited the text. Confirm to replace your edits with new text.")
            )
        texts = generate_sections(programme, owner, year)
        report.sections = {key: {"generated": text, "text": text} for key, text in texts.items()}
        report.generated_at = timezone.now()
        report.save()
    return report


def save_sections(person: Person, report: YearlyReport, texts: dict[str, str]) -> YearlyReport:
    """The owner's text for the sections posted (others keep theirs). Refused when the
    report is submitted, for anyone but the owner, or for a text that is too long."""
    if not writes_report(person, report):
        raise ValidationError(_("Only the owner edits its yearly report."))
    for key, text in texts.items():
        if key not in SECTION_KEYS:
            raise ValidationError(_("Unknown section."))
        if len(text) > MAX_SECTION:
            raise ValidationError(
                _("A section may hold at most %(n)s characters.") % {"n": MAX_SECTION}
            )
    with transaction.atomic():
        locked = YearlyReport.objects.select_for_update().get(pk=report.pk)
        _refuse_locked(locked)
        sections = dict(locked.sections)
        for key, text in texts.items():
            part = dict(sections.get(key) or {"generated": ""})
            part["text"] = text.replace("\r\n", "\n").strip()
            sections[key] = part
        locked.sections = sections
        locked.save(update_fields=["sections", "updated_at"])
    return locked


def submit_report(person: Person, report: YearlyReport) -> YearlyReport:
    """Hand the report in to the county governor and lock it. Refused for anyone but the
    owner, a report never generated, a report already submitted, and when the own share
    spent is below the scheme's percentage of the state grant ("missing own share").
    After the due date it is accepted and shown as late."""
    if not writes_report(person, report):
        raise ValidationError(_("Only the owner submits its yearly report."))
    with transaction.atomic():
        locked = YearlyReport.objects.select_for_update().get(pk=report.pk)
        _refuse_locked(locked)
        if locked.generated_at is None:
            raise ValidationError(_("Generate the report before you submit it."))
        # The ledger's row too: spending being changed at this moment (which locks it) is
        # either counted here or refused as a closed year, never slipped in after the check.
        Allocation.objects.select_for_update().filter(
            programme_id=locked.programme_id, owner_id=locked.owner_id, year=locked.year
        ).first()
        m = money(locked.programme, locked.owner, locked.year)
        if m.own_share_missing > 0:
            raise ValidationError(
                _(
                    "Missing own share: the ledger shows %(spent)s of own share, but at least "
                    "%(percent)s %% of the state grant (%(required)s) is required. Record "
                    "the own share in the ledger, then submit."
                )
                % {
                    "spent": nok(m.spent_own),
                    "percent": m.own_share_percent,
                    "required": nok(m.required_own_share),
                }
            )
        locked.status = SubmissionStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.submitted_by = person
        locked.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    return locked


def comment_report(person: Person, report: YearlyReport, text: str) -> ReportComment:
    """The county governor's comment on a submitted report (the only thing they write)."""
    text = text.replace("\r\n", "\n").strip()
    report.refresh_from_db(fields=["status"])
    if not comments_on(person, report):
        raise ValidationError(
            _("Only the county governor comments, and only on a submitted report.")
        )
    if not text:
        raise ValidationError(_("Write the comment first."))
    if len(text) > MAX_COMMENT:
        raise ValidationError(
            _("A comment may hold at most %(n)s characters.") % {"n": MAX_COMMENT}
        )
    return ReportComment.objects.create(report=report, author=person, text=text)
