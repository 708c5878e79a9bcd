"""The generated text of a yearly report's sections, drafted from Samla's records in the
active language; the owner edits it before submitting.

- money: the allocation and the ledger's totals (``reports.money``);
- participants: the learning-group dashboard of the owner in the year's two semesters
  (``samla.learning.queries.dashboard``);
- measures: activities of the programme's plans held in the year that concern the owner's
  region, the held learning-group meetings per package, and the measures of approved
  recommendations that include the owner;
- partner: the owner's agreements valid in the year;
- outcomes: index changes at the owner's level between the latest round opened in the year
  and the round before, only where both figures are shown (``samla.results.trends``, stored
  cells: never responses), and the evaluations in the year of measures in pedagogical
  analyses shared with the owner."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from samla.analysis.models import Evaluation
from samla.core.text import label_in
from samla.core.time import AUTUMN, SPRING, Semester, school_year_text
from samla.learning.models import Meeting, MeetingStatus
from samla.learning.queries import dashboard
from samla.org.models import Owner, Programme, RegionOwner
from samla.plans.models import Activity, ActivityStatus
from samla.results.queries import Node, instruments_of, released
from samla.results.trends import trend
from samla.surveys.models import RESPONDENT_GROUP_LABELS, Round

from ..models import Agreement, RecommendedMeasure, SpendingCategory
from .reports import Money, money, nok, year_bounds


def _day(value: date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _lines(lines: list[str], empty: str) -> str:
    return "\n".join(lines) if lines else empty


def money_text(m: Money, year: int) -> str:
    if m.allocation is None:
        return _("No allocation is recorded for %(year)s.") % {"year": year}
    lines = [
        _("State grant allocated: %(amount)s.") % {"amount": nok(m.state_grant)},
        _("Own share budgeted: %(amount)s.") % {"amount": nok(m.own_share_budget)},
    ]
    if m.coordinator:
        lines.append(
            _("Of the grant, for a coordinator: %(amount)s.") % {"amount": nok(m.coordinator)}
        )
    lines.append(_("Spent from the state grant: %(amount)s.") % {"amount": nok(m.spent_grant)})
    share = m.own_share_of_grant
    own = _("Own share spent: %(amount)s") % {"amount": nok(m.spent_own)}
    if share is not None:
        own += " " + _("(%(share)s %% of the state grant; at least %(required)s %% required)") % {
            "share": share,
            "required": m.own_share_percent,
        }
    lines.append(own + ".")
    labels = dict(SpendingCategory.choices)
    for key, grant, own_amount in m.by_category:
        lines.append(
            "– "
            + _("%(category)s: %(grant)s from the grant, %(own)s own share")
            % {"category": labels.get(key, key), "grant": nok(grant), "own": nok(own_amount)}
        )
    return "\n".join(lines)


def participants_text(programme: Programme, owner: Owner, year: int) -> str:
    lines = []
    now = timezone.now()
    for semester in (Semester(year, SPRING), Semester(year, AUTUMN)):
        board = dashboard(programme, "owner", owner.pk, semester, now)
        name = _("Spring %(year)s") if semester.half == SPRING else _("Autumn %(year)s")
        name = name % {"year": year}
        if board is None or not board.total.groups:
            lines.append(_("%(semester)s: no learning groups.") % {"semester": name})
            continue
        f = board.total
        text = _(
            "%(semester)s: %(groups)s learning groups at %(with)s of %(units)s units, "
            "%(members)s members; %(held)s meetings held (%(minutes)s minutes)"
        ) % {
            "semester": name,
            "groups": f.groups,
            "with": board.units_with_groups,
            "units": board.units,
            "members": f.members,
            "held": f.held,
            "minutes": f.minutes,
        }
        if f.attendance_percent is not None:
            text += "; " + _("attendance %(percent)s %%") % {"percent": f.attendance_percent}
        lines.append(text + ".")
    return "\n".join(lines)


def _school_years(year: int) -> list[str]:
    return [school_year_text(year - 1), school_year_text(year)]


def plan_activities(programme: Programme, owner: Owner, year: int) -> list[str]:
    """Activities of the year's plans dated in the year, in the shared plan or the plan of
    the owner's region; one with regional sessions counts by its session in that region."""
    region_ids = set(
        RegionOwner.objects.filter(programme=programme, owner=owner).values_list(
            "region_id", flat=True
        )
    )
    first, last = date(year, 1, 1), date(year, 12, 31)
    activities = (
        Activity.objects.filter(
            Q(plan__region__isnull=True) | Q(plan__region_id__in=region_ids),
            plan__programme=programme,
            plan__school_year__in=_school_years(year),
        )
        .exclude(status__in=[ActivityStatus.CANCELLED, ActivityStatus.POSTPONED])
        .prefetch_related("sessions")
        .order_by("start_date", "order", "pk")
    )
    lines = []
    for activity in activities:
        sessions = list(activity.sessions.all())
        if sessions:
            days = [s.start_date for s in sessions if s.region_id in region_ids and s.start_date]
        else:
            days = [activity.start_date] if activity.start_date else []
        days = sorted(d for d in days if first <= d <= last)
        if days:
            lines.append(f"{_day(days[0])}: {activity.title}")
    return lines


def meeting_lines(programme: Programme, owner: Owner, year: int) -> list[str]:
    starts, ends = year_bounds(year)
    rows = (
        Meeting.objects.filter(
            status=MeetingStatus.HELD,
            starts_at__gte=starts,
            starts_at__lt=ends,
            group__unit__owner=owner,
            group__unit__programmes=programme,
        )
        .values("module__package__title")
        .annotate(meetings=Count("pk", distinct=True), groups=Count("group", distinct=True))
        .order_by("module__package__title")
    )
    return [
        _("%(package)s: %(meetings)s meetings held in %(groups)s learning groups")
        % {
            "package": row["module__package__title"] or _("Without a module"),
            "meetings": row["meetings"],
            "groups": row["groups"],
        }
        for row in rows
    ]


def recommended_lines(programme: Programme, owner: Owner, year: int) -> list[str]:
    measures = (
        RecommendedMeasure.objects.filter(
            recommendation__forum__programme=programme,
            recommendation__approved_at__isnull=False,
            recommendation__school_year__in=_school_years(year),
            owners=owner,
        )
        .select_related("recommendation", "partner")
        .order_by("recommendation__school_year", "order", "pk")
    )
    lines = []
    for measure in measures:
        text = f"{measure.title} ({measure.recommendation.school_year})"
        if measure.partner:
            text += f", {measure.partner.name}"
        lines.append(text)
    return lines


def measures_text(programme: Programme, owner: Owner, year: int) -> str:
    none = _("None recorded.")
    return "\n".join(
        [
            _("Activities in the action plans:"),
            _lines(["– " + x for x in plan_activities(programme, owner, year)], none),
            _("Learning-group meetings held:"),
            _lines(["– " + x for x in meeting_lines(programme, owner, year)], none),
            _("Measures recommended by the cooperation forum:"),
            _lines(["– " + x for x in recommended_lines(programme, owner, year)], none),
        ]
    )


def partner_text(programme: Programme, owner: Owner, year: int) -> str:
    agreements = (
        Agreement.objects.filter(
            programme=programme,
            owners=owner,
            starts__lte=date(year, 12, 31),
            ends__gte=date(year, 1, 1),
        )
        .select_related("partner", "partner_contact")
        .order_by("starts", "pk")
    )
    lines = []
    for agreement in agreements:
        text = _("%(title)s with %(partner)s, %(starts)s–%(ends)s.") % {
            "title": agreement.title,
            "partner": agreement.partner.name,
            "starts": _day(agreement.starts),
            "ends": _day(agreement.ends),
        }
        if agreement.themes:
            text += " " + _("Themes: %(themes)s") % {"themes": agreement.themes}
        if agreement.partner_contact:
            contact = agreement.partner_contact.get_full_name() or agreement.partner_contact
            text += " " + _("Contact: %(name)s.") % {"name": contact}
        lines.append(text)
    return _lines(
        lines, _("No partnership agreement with a university in %(year)s.") % {"year": year}
    )


def index_changes(programme: Programme, owner: Owner, year: int) -> list[str]:
    """Changes at the owner between the latest released round opened in the year and the
    round before it, for each index whose figures are shown in both."""
    starts, ends = year_bounds(year)
    latest = (
        Round.objects.filter(released(), programme=programme, opens_at__gte=starts)
        .filter(opens_at__lt=ends)
        .order_by("-opens_at")
        .first()
    )
    if latest is None:
        return []
    at = Node("owner", owner.pk, owner.name)
    language = get_language() or "nb"
    lines = []
    for group, instrument in sorted(instruments_of(latest).items()):
        for scale in instrument.scales:
            points = trend(latest, at, group, scale.code)
            if len(points) < 2 or points[-1].round.pk != latest.pk:
                continue
            before, after = points[-2], points[-1]
            if not (before.figure.shown and after.figure.shown):
                continue
            if before.figure.score500 is None or after.figure.score500 is None:
                continue
            change = round(after.figure.score500 - before.figure.score500)
            text = _(
                "%(index)s (%(group)s): %(before)s in %(first)s, "
                "%(after)s in %(second)s (%(change)s)"
            ) % {
                "index": label_in(scale.label, language, instrument.default_language),
                "group": RESPONDENT_GROUP_LABELS.get(group, group),
                "before": f"{before.figure.score500:.0f}",
                "first": before.round.name,
                "after": f"{after.figure.score500:.0f}",
                "second": after.round.name,
                "change": f"+{change}" if change > 0 else str(change),
            }
            if after.changed:
                text += " " + _("Items of the index changed: compare with care.")
            lines.append(text)
    return lines


def evaluation_lines(programme: Programme, owner: Owner, year: int) -> list[str]:
    starts, ends = year_bounds(year)
    evaluations = (
        Evaluation.objects.filter(
            measure__analysis__unit__owner=owner,
            measure__analysis__unit__programmes=programme,
            measure__analysis__shared_with_owner_at__isnull=False,
            created_at__gte=starts,
            created_at__lt=ends,
        )
        .select_related("measure__analysis__unit")
        .order_by("created_at", "pk")
        .distinct()
    )
    return [
        _("%(unit)s – %(measure)s: %(verdict)s (%(date)s). %(text)s")
        % {
            "unit": e.measure.analysis.unit.name,
            "measure": e.measure.title,
            "verdict": e.get_verdict_display(),
            "date": _day(timezone.localtime(e.created_at).date()),
            "text": e.text,
        }
        for e in evaluations
    ]


def outcomes_text(programme: Programme, owner: Owner, year: int) -> str:
    none = _("None recorded.")
    return "\n".join(
        [
            _("Changes in the survey results (only indices shown in both rounds):"),
            _lines(["– " + x for x in index_changes(programme, owner, year)], none),
            _("Evaluated measures from pedagogical analyses shared with the owner:"),
            _lines(["– " + x for x in evaluation_lines(programme, owner, year)], none),
        ]
    )


def generate_sections(programme: Programme, owner: Owner, year: int) -> dict[str, str]:
    """Every section's text, drafted from the records, in the active language."""
    return {
        "money": money_text(money(programme, owner, year), year),
        "participants": participants_text(programme, owner, year),
        "measures": measures_text(programme, owner, year),
        "partner": partner_text(programme, owner, year),
        "outcomes": outcomes_text(programme, owner, year),
    }


def section_titles() -> dict[str, str]:
    return {
        "money": _("Money: spending against the state grant and the own share"),
        "participants": _("Participants"),
        "measures": _("Measures carried out"),
        "partner": _("University partner"),
        "outcomes": _("Outcome evidence"),
    }
