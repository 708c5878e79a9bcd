"""Every change to the forum's yearly recommendation goes through here.

Refusals are ``ValidationError`` with a message for the person, and change nothing. An
approved recommendation is locked: no change after approval."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from samla.core.validators import validate_school_year
from samla.learning.models import Package
from samla.org.models import Person
from samla.plans import services as plan_services
from samla.plans.models import Activity
from samla.plans.when_values import Term

from ..models import Decision, Forum, NeedsReport, Recommendation, RecommendedMeasure
from ..queries import money as money_queries
from ..queries import recommendation as queries


@dataclass(frozen=True)
class RecommendationInput:
    school_year: str
    state_grant: Decimal
    text: str = ""
    needs_report_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class MeasureInput:
    title: str
    description: str = ""
    participants: str = ""
    starts: date | None = None
    ends: date | None = None
    owner_ids: tuple[int, ...] = ()
    partner_id: int | None = None
    grant: Decimal = Decimal(0)
    package_id: int | None = None


def kroner(amount: Decimal) -> str:
    return money_queries.nok(amount)


def _refuse_unless_writer(person: Person, forum: Forum) -> None:
    if forum.pk not in queries.writable_forum_ids(person, forum.programme):
        raise ValidationError(
            _(
                "Only the forum's members with a vote and the programme's administrators "
                "write the recommendation."
            ),
            code="not_writer",
        )


def _refuse_if_approved(recommendation: Recommendation) -> None:
    if recommendation.approved:
        raise ValidationError(
            _("The recommendation is approved and can no longer be changed."), code="locked"
        )


def _locked(recommendation: Recommendation) -> Recommendation:
    """The recommendation read again under a row lock, so two requests cannot race."""
    return (
        Recommendation.objects.select_for_update()
        .select_related("forum__programme")
        .get(pk=recommendation.pk)
    )


def _measures_total(recommendation: Recommendation, leaving_out: int | None = None) -> Decimal:
    measures = recommendation.measures.all()
    if leaving_out:
        measures = measures.exclude(pk=leaving_out)
    return measures.aggregate(total=Sum("grant"))["total"] or Decimal(0)


def _refuse_over_grant(state_grant: Decimal, total: Decimal) -> None:
    if total > state_grant:
        raise ValidationError(
            _(
                "The measures add up to %(total)s NOK, %(over)s NOK more than the state grant "
                "of %(grant)s NOK."
            )
            % {
                "total": kroner(total),
                "over": kroner(total - state_grant),
                "grant": kroner(state_grant),
            },
            code="over_grant",
        )


def _needs_reports(forum: Forum, ids: tuple[int, ...]) -> list[NeedsReport]:
    reports = list(queries.submitted_needs(forum).filter(pk__in=ids))
    if len(reports) != len(set(ids)):
        raise ValidationError(
            _("A recommendation answers only needs reports submitted to the forum."),
            code="needs_not_submitted",
        )
    return reports


@transaction.atomic
def save_recommendation(
    forum: Forum,
    data: RecommendationInput,
    person: Person,
    recommendation: Recommendation | None = None,
) -> Recommendation:
    """Draft a new recommendation for the forum and school year, or change a draft.

    Side effects: creates or saves the Recommendation and sets the needs reports it
    answers. Refused for a reader without a vote, an approved recommendation, a second
    recommendation for the same year, needs reports not submitted, or a state grant below
    what the measures already take."""
    _refuse_unless_writer(person, forum)
    validate_school_year(data.school_year)
    if data.state_grant < 0:
        raise ValidationError(_("The state grant cannot be negative."), code="negative")
    reports = _needs_reports(forum, data.needs_report_ids)
    if recommendation is None:
        recommendation = Recommendation(forum=forum)
    else:
        recommendation = _locked(recommendation)
        _refuse_if_approved(recommendation)
        _refuse_over_grant(data.state_grant, _measures_total(recommendation))
    recommendation.school_year = data.school_year
    recommendation.state_grant = data.state_grant
    recommendation.text = data.text.strip()
    try:
        with transaction.atomic():
            recommendation.save()
    except IntegrityError as clash:
        raise ValidationError(
            _("The forum already has a recommendation for %(year)s.") % {"year": data.school_year},
            code="duplicate",
        ) from clash
    recommendation.needs_reports.set(reports)
    return recommendation


def _check_measure(recommendation: Recommendation, data: MeasureInput) -> None:
    programme = recommendation.forum.programme
    if not data.title.strip():
        raise ValidationError(_("Give the measure a title."), code="title")
    if data.grant < 0:
        raise ValidationError(_("A measure's grant cannot be negative."), code="negative")
    if data.starts and data.ends and data.ends < data.starts:
        raise ValidationError(_("A measure cannot end before it starts."), code="period")
    if not data.owner_ids:
        raise ValidationError(_("Choose at least one owner for the measure."), code="no_owner")
    known = set(
        queries.programme_owners(programme)
        .filter(pk__in=data.owner_ids)
        .values_list("pk", flat=True)
    )
    if known != set(data.owner_ids):
        raise ValidationError(
            _("Every owner in a measure must take part in the programme."), code="owner"
        )
    if (
        data.partner_id
        and not queries.university_partners(programme).filter(pk=data.partner_id).exists()
    ):
        raise ValidationError(
            _("The partner of a measure must be a university partner of the programme."),
            code="partner",
        )
    if (
        data.package_id
        and not Package.objects.filter(pk=data.package_id, programme=programme).exists()
    ):
        raise ValidationError(
            _("The competence package must belong to the programme."), code="package"
        )


@transaction.atomic
def save_measure(
    recommendation: Recommendation,
    data: MeasureInput,
    person: Person,
    measure: RecommendedMeasure | None = None,
) -> RecommendedMeasure:
    """Add a measure to a draft recommendation or change one.

    Side effects: creates or saves the RecommendedMeasure and its owners. Refused when the
    measures would take more than the state grant (saying by how much), an owner is not in
    the programme, the partner is not a university of the programme, or the recommendation
    is approved."""
    recommendation = _locked(recommendation)
    _refuse_unless_writer(person, recommendation.forum)
    _refuse_if_approved(recommendation)
    _check_measure(recommendation, data)
    others = _measures_total(recommendation, leaving_out=measure.pk if measure else None)
    _refuse_over_grant(recommendation.state_grant, others + data.grant)
    if measure is None:
        last = recommendation.measures.count()
        measure = RecommendedMeasure(recommendation=recommendation, order=last + 1)
    measure.title = data.title.strip()
    measure.description = data.description.strip()
    measure.participants = data.participants.strip()
    measure.starts = data.starts
    measure.ends = data.ends
    measure.partner_id = data.partner_id
    measure.grant = data.grant
    measure.package_id = data.package_id
    measure.save()
    measure.owners.set(data.owner_ids)
    return measure


@transaction.atomic
def delete_measure(measure: RecommendedMeasure, person: Person) -> None:
    """Remove a measure from a draft. Side effects: deletes the RecommendedMeasure."""
    recommendation = _locked(measure.recommendation)
    _refuse_unless_writer(person, recommendation.forum)
    _refuse_if_approved(recommendation)
    measure.delete()


def term_of(day: date | None) -> str:
    """The term a measure's start falls in: autumn August–December, spring January–June."""
    if day is None or day.month == 7:
        return ""
    return Term.AUTUMN.value if day.month >= 8 else Term.SPRING.value


def when_text_of(starts: date | None, ends: date | None) -> str:
    if starts and ends and ends != starts:
        return f"{starts:%d.%m.%Y} – {ends:%d.%m.%Y}"
    if starts:
        return f"{starts:%d.%m.%Y}"
    return ""


def activity_input(measure: RecommendedMeasure) -> plan_services.ActivityInput:
    """What the action plan says about an approved measure."""
    owners = ", ".join(owner.name for owner in measure.owners.order_by("name"))
    responsible = f"{owners} – {measure.partner.name}" if measure.partner else owners
    details = []
    if measure.description:
        details.append({"kind": "paragraph", "text": measure.description})
    details.append(
        {
            "kind": "paragraph",
            "text": _(
                "From the forum's recommendation for %(year)s: %(grant)s NOK of the state grant."
            )
            % {"year": measure.recommendation.school_year, "grant": kroner(measure.grant)},
        }
    )
    if measure.package:
        details.append(
            {
                "kind": "paragraph",
                "text": _("Competence package: %(title)s") % {"title": measure.package.title},
            }
        )
    return plan_services.ActivityInput(
        title=measure.title[:300],
        when_text=when_text_of(measure.starts, measure.ends),
        term=term_of(measure.starts),
        details=tuple(details),
        responsible=responsible[:300],
        audience=measure.participants[:300],
    )


@transaction.atomic
def approve(
    recommendation: Recommendation, person: Person, decision: Decision | None = None
) -> list[Activity]:
    """Approve the recommendation, once, on behalf of the forum.

    Side effects: sets approved_at/by and the forum decision it refers to; locks the
    recommendation; gets or creates (as draft) the action plan of the forum's programme
    (and region) for the school year and adds one activity per measure, stored in
    ``measure.activity``, its details naming the measure's competence package. Refused for
    a reader without a vote, without measures, with a decision of another forum, when over
    the grant, or when already approved."""
    recommendation = _locked(recommendation)
    forum = recommendation.forum
    _refuse_unless_writer(person, forum)
    _refuse_if_approved(recommendation)
    if decision is not None and decision.meeting.forum_id != forum.pk:
        raise ValidationError(
            _("The decision must be one of this forum's decisions."), code="decision"
        )
    measure_list = list(
        recommendation.measures.select_related("partner", "package", "recommendation").order_by(
            "order", "pk"
        )
    )
    if not measure_list:
        raise ValidationError(
            _("A recommendation needs at least one measure before it is approved."),
            code="no_measures",
        )
    _refuse_over_grant(recommendation.state_grant, _measures_total(recommendation))
    plan, _created = plan_services.get_or_create_plan(
        forum.programme, recommendation.school_year, forum.region
    )
    activities = []
    for measure in measure_list:
        activity = plan_services.add_activity(plan, activity_input(measure))
        measure.activity = activity
        measure.save(update_fields=["activity"])
        activities.append(activity)
    recommendation.approved_at = timezone.now()
    recommendation.approved_by = person
    recommendation.decision = decision
    recommendation.save(update_fields=["approved_at", "approved_by", "decision"])
    return activities
