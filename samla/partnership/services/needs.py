"""Every change to a needs report (behovsmelding). Only the owner's people write it, only
while it is a draft; a refusal is a ``ValidationError`` with a clear message and changes
nothing."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samla.org.models import Owner, Programme

from .. import access
from ..models import (
    Evidence,
    EvidenceKind,
    NeedsPriority,
    NeedsReport,
    SchemeSettings,
    SubmissionStatus,
)
from ..queries import needs as queries
from ..queries.needs_evidence import evidence_choices


def _refuse_unless_owner(user, programme: Programme, owner_id: int) -> None:
    if owner_id not in access.owner_ids(user, programme):
        raise ValidationError(_("Only the owner's own people write its needs report."))


def _refuse_unless_draft(user, report: NeedsReport) -> None:
    _refuse_unless_owner(user, report.programme, report.owner_id)
    if report.status != SubmissionStatus.DRAFT:
        raise ValidationError(_("The needs report has been submitted and can no longer change."))


def _locked(report: NeedsReport) -> NeedsReport:
    """The report read again under a row lock, so two requests cannot race past a check."""
    return NeedsReport.objects.select_for_update().select_related("programme").get(pk=report.pk)


def start_report(user, programme: Programme, owner: Owner, today: date) -> NeedsReport:
    """The owner's report for the coming deadline, made as an empty draft if there is none.
    Side effects: creates the programme's scheme settings with the defaults if missing."""
    _refuse_unless_owner(user, programme, owner.pk)
    settings, _made = SchemeSettings.objects.get_or_create(programme=programme)
    year = queries.year_due(settings, today)
    defaults = {
        "first_school_year": queries.first_school_year(year),
        "school_years": settings.needs_years,
    }
    try:
        with transaction.atomic():
            report, _created = NeedsReport.objects.get_or_create(
                programme=programme, owner=owner, year=year, defaults=defaults
            )
    except IntegrityError:  # made by a request at the same moment
        report = NeedsReport.objects.get(programme=programme, owner=owner, year=year)
    return report


@transaction.atomic
def update_report(user, report: NeedsReport, **fields) -> NeedsReport:
    """Changes the draft's first school year, number of years, wished partner, summary."""
    report = _locked(report)
    _refuse_unless_draft(user, report)
    settings = queries.scheme(report.programme)
    years = fields.get("school_years", report.school_years)
    if years > settings.needs_years:
        raise ValidationError(
            _("A needs report covers at most %(years)s school years.")
            % {"years": settings.needs_years}
        )
    partner = fields.get("wished_partner", report.wished_partner)
    if (
        partner is not None
        and not queries.university_partners(report.programme).filter(pk=partner.pk).exists()
    ):
        raise ValidationError(_("Choose one of the programme's universities."))
    for name in ("first_school_year", "school_years", "wished_partner", "summary"):
        if name in fields:
            setattr(report, name, fields[name])
    report.full_clean(exclude=["programme", "owner", "submitted_by"])
    report.save()
    return report


@transaction.atomic
def add_priority(user, report: NeedsReport, theme: str, target_groups: str, description: str):
    report = _locked(report)
    _refuse_unless_draft(user, report)
    if not theme.strip():
        raise ValidationError(_("Give the priority a theme."))
    last = report.priorities.aggregate(last=Max("order"))["last"] or 0
    return NeedsPriority.objects.create(
        report=report,
        order=last + 1,
        theme=theme.strip(),
        target_groups=target_groups.strip(),
        description=description.strip(),
    )


@transaction.atomic
def update_priority(user, priority: NeedsPriority, **fields) -> NeedsPriority:
    _refuse_unless_draft(user, _locked(priority.report))
    if "theme" in fields and not fields["theme"].strip():
        raise ValidationError(_("Give the priority a theme."))
    for name in ("order", "theme", "target_groups", "description"):
        if name in fields:
            setattr(priority, name, fields[name])
    priority.save()
    return priority


@transaction.atomic
def delete_priority(user, priority: NeedsPriority) -> None:
    """Side effects: the priority's evidence goes with it."""
    _refuse_unless_draft(user, _locked(priority.report))
    priority.delete()


@transaction.atomic
def link_evidence(user, priority: NeedsPriority, keys: list[str], language: str, now: datetime):
    """Links the chosen evidence (keys of ``needs_evidence.evidence_choices``, worked out
    again now, so only what the person may see can be linked) with its text frozen as
    shown. A key already linked to the priority is skipped. Returns the new rows."""
    report = _locked(priority.report)
    _refuse_unless_draft(user, report)
    offered = {
        c.key: c for c in evidence_choices(user, report.owner, report.programme, language, now)
    }
    unknown = [key for key in keys if key not in offered]
    if unknown or not keys:
        raise ValidationError(_("Choose evidence from the list."))
    present = set(priority.evidence.values_list("text", flat=True))
    made = []
    for key in dict.fromkeys(keys):
        choice = offered[key]
        if choice.text in present:
            continue
        made.append(
            Evidence.objects.create(
                priority=priority, kind=choice.kind, source_id=choice.source_id, text=choice.text
            )
        )
    return made


@transaction.atomic
def unlink_evidence(user, evidence: Evidence) -> None:
    _refuse_unless_draft(user, _locked(evidence.priority.report))
    evidence.delete()


@transaction.atomic
def submit_report(user, report: NeedsReport, now: datetime) -> NeedsReport:
    """Hands the report to the forum. Side effects: status submitted, submitted_at/by set;
    from now on it is locked and the forum, the county governor, the administrators and a
    wished partner's contacts read it. Refused after the deadline and without a priority."""
    report = _locked(report)
    _refuse_unless_draft(user, report)
    due = queries.deadline(queries.scheme(report.programme), report.year)
    if timezone.localdate(now) > due:
        raise ValidationError(
            _(
                "The deadline for needs reports was %(date)s. Contact the programme "
                "administrator if the report should still be received."
            )
            % {"date": date_format(due, "d.m.Y")}
        )
    if not report.priorities.exists():
        raise ValidationError(_("Add at least one priority before submitting the report."))
    report.status = SubmissionStatus.SUBMITTED
    report.submitted_at = now
    report.submitted_by_id = user.pk
    report.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    return report


def drop_withdrawn_self_assessment(sender, assessment, **kwargs) -> None:
    """A unit withdrew its self-assessment from the owner: its results leave the owner's
    draft needs reports. Reports already submitted keep what was shared when they were.

    Side effects: deletes those Evidence rows."""
    Evidence.objects.filter(
        kind=EvidenceKind.SELF_ASSESSMENT,
        source_id=assessment.pk,
        priority__report__status=SubmissionStatus.DRAFT,
    ).delete()
