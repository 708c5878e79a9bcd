"""The page bench's page types (see pages.py): every URL name of the role matrix
(``tests/test_role_matrix.ALL_CASES``) that some role opens with 200, and for the URLs with
parameters, which object of the dataset each bench user opens.

The objects are chosen from what the person may see, the same way in the national dataset
at any scale (so that the query counts at two sizes can be compared): the largest
unit (most classes) they belong to or look after, the owner with most units in their
programme, that owner's region, the latest released round, … ``Places`` finds them once
per person. A kwargs function answers None when the person has no such object (the pair
is then listed as skipped, with the reason).

Imported inside the bench's Django process only (it needs the models)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.db.models import Count, Q

from samla.org.access import programmes_for, units_for
from samla.org.models import Group, Level, Membership, Owner, Person, Programme, Region, Role, Unit


class Places:
    """The objects one person opens: their programmes, unit, owner, region, class, learning
    group, meeting, analysis, round, plan …, each looked up when first asked for."""

    def __init__(self, person: Person | None, prefix: str) -> None:
        self.person = person
        self.prefix = prefix  # of the bench users' names: "nasjonal-" or "" (the demo)

    @cached_property
    def programmes(self) -> list[Programme]:
        if self.person is None:
            return []
        return list(programmes_for(self.person).order_by("pk"))

    def _programme(self, level: str) -> Programme | None:
        return next((p for p in self.programmes if p.level == level), None)

    @cached_property
    def school_programme(self) -> Programme | None:
        return self._programme(Level.PRIMARY)

    @cached_property
    def kindergarten_programme(self) -> Programme | None:
        return self._programme(Level.KINDERGARTEN)

    @cached_property
    def programme(self) -> Programme | None:
        """Their school programme, or the kindergarten programme of a kindergarten's people."""
        return self.school_programme or self.kindergarten_programme

    def _largest_unit(self, programme: Programme | None) -> Unit | None:
        """The unit with most classes among the person's own units (membership), else among
        the units they may see, in ``programme``."""
        if programme is None:
            return None
        enrolled = Unit.objects.filter(enrolment__programme=programme)
        own = Membership.objects.filter(person=self.person)
        own_units = enrolled.filter(
            Q(pk__in=own.values("unit")) | Q(pk__in=own.values("group__unit"))
        )
        seen = enrolled.filter(pk__in=units_for(self.person))
        for candidates in (own_units, seen, enrolled):  # all: for who sees no unit page
            found = candidates.annotate(classes=Count("groups")).order_by("-classes", "pk").first()
            if found is not None:
                return found
        return None

    @cached_property
    def school(self) -> Unit | None:
        return self._largest_unit(self.school_programme)

    @cached_property
    def kindergarten(self) -> Unit | None:
        return self._largest_unit(self.kindergarten_programme)

    @cached_property
    def unit(self) -> Unit | None:
        return self.school if self.school_programme else self.kindergarten

    @cached_property
    def owner(self) -> Owner | None:
        """The owner of most units the person may see in their programme."""
        if self.programme is None or self.person is None:
            return None
        enrolled = Unit.objects.filter(enrolment__programme=self.programme)
        for units in (enrolled.filter(pk__in=units_for(self.person)), enrolled):
            top = units.values("owner").annotate(n=Count("pk")).order_by("-n", "owner").first()
            if top:
                return Owner.objects.get(pk=top["owner"])
        return None

    @cached_property
    def region(self) -> Region | None:
        """The region of ``owner`` in the programme (a coordinator's own region)."""
        if self.owner is None:
            return None
        return Region.objects.filter(
            programme=self.programme, regionowner__owner=self.owner
        ).first()

    def class_at(self, unit: Unit | None) -> Group | None:
        if unit is None:
            return None
        groups = unit.groups.order_by("name")
        return groups.filter(grade=6).first() or groups.first()

    def staff_at(self, unit: Unit | None) -> Person | None:
        """A staff member of the unit (at the unit or one of its classes), not the person."""
        if unit is None:
            return None
        return (
            Person.objects.filter(
                Q(memberships__unit=unit) | Q(memberships__group__unit=unit),
                memberships__role=Role.STAFF,
            )
            .exclude(pk=getattr(self.person, "pk", None))
            .order_by("pk")
            .first()
        )

    @cached_property
    def learning_group(self):
        from samla.learning.models import LearningGroup

        if self.person is None:
            return None
        mine = LearningGroup.objects.filter(
            Q(leader=self.person) | Q(members__person=self.person)
        ).order_by("-school_year", "pk")
        return mine.first() or (
            LearningGroup.objects.filter(unit=self.school).order_by("-school_year", "pk").first()
            if self.school
            else None
        )

    def meeting(self, held: bool):
        from samla.learning.models import MeetingStatus

        if self.learning_group is None:
            return None
        meetings = self.learning_group.meetings.order_by("starts_at")
        if held:
            return meetings.filter(status=MeetingStatus.HELD).last()
        return meetings.exclude(status=MeetingStatus.HELD).first()

    @cached_property
    def package_choice(self):
        from samla.learning.models import UnitPackageChoice

        if self.school is None:
            return None
        return (
            UnitPackageChoice.objects.filter(unit=self.school)
            .order_by("-school_year", "pk")
            .first()
        )

    @cached_property
    def package(self):
        from samla.learning.models import Package

        if self.package_choice is not None:
            return self.package_choice.package
        return Package.objects.filter(programme=self.programme).order_by("pk").first()

    @cached_property
    def analysis(self):
        from samla.analysis.models import Analysis

        if self.unit is None:
            return None
        return Analysis.objects.filter(unit=self.unit).order_by("-created_at", "-pk").first()

    def results_round(self, programme: Programme | None = None):
        from samla.surveys.models import Round

        programme = programme or self.programme
        return (
            Round.objects.filter(programme=programme, results_released_at__isnull=False)
            .order_by("-closes_at", "-pk")
            .first()
        )

    @cached_property
    def survey_round(self):
        """The programme's newest round (open or closed)."""
        from samla.surveys.models import Round

        return Round.objects.filter(programme=self.programme).order_by("-opens_at", "-pk").first()

    @cached_property
    def instrument_version(self):
        from samla.surveys.models import RoundInstrument

        found = (
            RoundInstrument.objects.filter(round=self.results_round())
            .order_by("respondent_group")
            .first()
        )
        return found.version if found else None

    @cached_property
    def scale(self) -> tuple[str, str] | None:
        """(respondent group, index code) of the first index of the results round."""
        from samla.results.queries import instruments_of

        round = self.results_round()
        if round is None:
            return None
        for group, instrument in sorted(instruments_of(round).items()):
            if instrument.scales:
                return group, instrument.scales[0].code
        return None

    def plan(self, programme: Programme | None = None):
        from samla.plans.models import Plan

        programme = programme or self.programme
        plans = Plan.objects.filter(programme=programme, region__isnull=True)
        dated = plans.filter(activities__sessions__isnull=False).distinct()
        return dated.order_by("-school_year").first() or plans.order_by("-school_year").first()

    @cached_property
    def session(self):
        """A regional date of the plan in the person's region (any region if none)."""
        from samla.plans.models import RegionalSession

        plan = self.plan()
        sessions = RegionalSession.objects.filter(activity__plan=plan).order_by("pk")
        return sessions.filter(region=self.region).first() or sessions.first()

    def result_node(self, kind: str) -> int | None:
        """The node of the latest released round the person opens at ``kind``: their own
        (``unit``, ``owner`` …) when it has results, else the largest that has."""
        from samla.results.access import result_nodes

        round = self.results_round()
        if round is None or self.person is None:
            return None
        ids = result_nodes(self.person, round).get(kind) or set()
        own = {"programme": self.programme, "region": self.region, "owner": self.owner,
               "unit": self.unit}[kind]  # fmt: skip
        if own is not None and own.pk in ids:
            return own.pk
        if kind == "unit":
            units = Unit.objects.filter(pk__in=ids).annotate(classes=Count("groups"))
            return units.order_by("-classes", "pk").values_list("pk", flat=True).first()
        if kind == "owner":
            owners = Owner.objects.filter(pk__in=ids).annotate(n=Count("units"))
            return owners.order_by("-n", "pk").values_list("pk", flat=True).first()
        return min(ids, default=None)

    def first(self, model_path: str, **where):
        """The first row of a model (``app.Model``) matching ``where``, or None."""
        from django.apps import apps

        return apps.get_model(model_path).objects.filter(**where).order_by("pk").first()


Kwargs = Callable[[Places], "dict | None"]


@dataclass(frozen=True)
class Page:
    """One page type: a URL name, a variant (which object: a school or a kindergarten, the
    level of a results page …), the kwargs for a person, and which of the role matrix's
    cases of that URL name give the roles that may open it (labels containing ``matrix``;
    every case of the URL name when empty)."""

    url_name: str
    variant: str = ""
    kwargs: Kwargs | None = None
    matrix: str = ""
    roles: frozenset[str] = frozenset()  # instead of the matrix's (a level it has no case of)

    @property
    def key(self) -> str:
        return f"{self.url_name}[{self.variant}]" if self.variant else self.url_name


def _need(*values) -> bool:
    return all(v is not None for v in values)


def _slug(programme) -> dict | None:
    return {"slug": programme.slug} if programme is not None else None


def school_slug(p: Places) -> dict | None:
    return _slug(p.school_programme)


def kindergarten_slug(p: Places) -> dict | None:
    return _slug(p.kindergarten_programme)


def home_slug(p: Places) -> dict | None:
    return _slug(p.programme)


def _unit(unit) -> dict | None:
    return {"pk": unit.pk} if unit is not None else None


def _plan(p: Places, **extra) -> dict | None:
    plan = p.plan(p.school_programme)
    if plan is None:
        return None
    return {"slug": plan.programme.slug, "year": plan.school_year, **extra}


def _activity(p: Places) -> dict | None:
    session = p.session
    return _plan(p, pk=session.activity_id) if session is not None else None


def _node(kind: str) -> Kwargs:
    def kwargs(p: Places) -> dict | None:
        pk = p.result_node(kind)
        return _need(pk) and {"slug": p.results_round().slug, "kind": kind, "pk": pk}

    return kwargs


def _dashboard(kind: str) -> Kwargs:
    def kwargs(p: Places) -> dict | None:
        node = {"programme": p.programme, "region": p.region, "owner": p.owner, "unit": p.unit}
        if not _need(p.programme, node[kind]):
            return None
        return {"slug": p.programme.slug, "kind": kind, "pk": node[kind].pk}

    return kwargs


def _scale(p: Places) -> dict | None:
    pk = p.result_node("unit")
    if not _need(pk, p.scale):
        return None
    group, scale = p.scale
    return {"slug": p.results_round().slug, "kind": "unit", "pk": pk, "group": group,
            "scale": scale}  # fmt: skip


def _round(p: Places) -> dict | None:
    return {"slug": p.survey_round.slug} if p.survey_round else None


def _results(p: Places) -> dict | None:
    round = p.results_round()
    return {"slug": round.slug} if round else None


def _group_children(p: Places) -> dict | None:
    group = p.class_at(p.unit)
    return _need(p.survey_round, group) and {"slug": p.survey_round.slug, "group_pk": group.pk}


def _version(p: Places) -> dict | None:
    return {"pk": p.instrument_version.pk} if p.instrument_version else None


def _package(p: Places, **extra) -> dict | None:
    return _need(p.package) and {"slug": p.package.programme.slug, "pk": p.package.pk, **extra}


def _module(p: Places) -> dict | None:
    module = p.package.modules.order_by("pk").first() if p.package else None
    return module and _package(p, module_pk=module.pk)


def _choice(p: Places) -> dict | None:
    return _need(p.package_choice) and {"pk": p.school.pk, "choice_pk": p.package_choice.pk}


def _learning_group(p: Places) -> dict | None:
    return _need(p.learning_group) and {"pk": p.learning_group.pk}


def _meeting(held: bool) -> Kwargs:
    def kwargs(p: Places) -> dict | None:
        meeting = p.meeting(held)
        return _need(meeting) and {"pk": meeting.pk}

    return kwargs


def _analysis_phase(own: bool) -> Kwargs:
    from samla.analysis.phases import PHASE_SLUGS

    def kwargs(p: Places) -> dict | None:
        if p.analysis is None:
            return None
        return {"pk": p.analysis.pk, "phase": PHASE_SLUGS[p.analysis.phase] if own else "problem"}

    return kwargs


def _person(unit_of: Callable[[Places], Unit | None], programme_of) -> Kwargs:
    def kwargs(p: Places) -> dict | None:
        person, programme = p.staff_at(unit_of(p)), programme_of(p)
        return _need(person, programme) and {"slug": programme.slug, "pk": person.pk}

    return kwargs


def _region_detail(p: Places) -> dict | None:
    return _need(p.region) and {"slug": p.programme.slug, "pk": p.region.pk}


def _org_import(p: Places) -> dict | None:
    found = p.first("org.OrgImport", programme=p.school_programme)
    return found and {"slug": p.school_programme.slug, "pk": found.pk}


def _money_ledger(p: Places) -> dict | None:
    if not _need(p.school_programme, p.owner):
        return None
    found = p.first("partnership.Allocation", programme=p.school_programme, owner=p.owner)
    year = found.year if found else date.today().year
    return {"slug": p.school_programme.slug, "year": year, "owner": p.owner.pk}


def _unsubscribe(p: Places) -> dict | None:
    """The link in a mail to the person (to the anonymous visitor: the teacher's link)."""
    from samla.notifications.services import unsubscribe

    person = p.person or Person.objects.filter(username=f"{p.prefix}laerer").first()
    return _need(person) and {"token": unsubscribe.token(person.pk, "deadline_week")}


def _first_of(model: str, via: str) -> Kwargs:
    """The first row of a model (``app.Model``) in the person's school programme."""

    def kwargs(p: Places) -> dict | None:
        found = p.first(model, **{via: p.school_programme}) if p.school_programme else None
        return found and {"slug": p.school_programme.slug, "pk": found.pk}

    return kwargs


def _session(p: Places) -> dict | None:
    return _need(p.session) and _activity(p) | {"session_pk": p.session.pk}


_school_person = _person(lambda p: p.school, lambda p: p.school_programme)
_kindergarten_person = _person(lambda p: p.kindergarten, lambda p: p.kindergarten_programme)


def _selfassessment(p: Places) -> dict | None:
    return _unit(p.first("selfassessment.SelfAssessment", unit=p.unit))


FORUM = _first_of("partnership.Forum", "programme")
FORUM_MEETING = _first_of("partnership.ForumMeeting", "forum__programme")
DECISION = _first_of("partnership.Decision", "meeting__forum__programme")
NEEDS = _first_of("partnership.NeedsReport", "programme")
PARTNER = _first_of("partnership.Partner", "programme")
CONTACT = _first_of("partnership.PartnerContact", "partner__programme")
AGREEMENT = _first_of("partnership.Agreement", "programme")
RECOMMENDATION = _first_of("partnership.Recommendation", "forum__programme")
REPORT = _first_of("partnership.YearlyReport", "programme")
SPENDING = _first_of("partnership.Spending", "allocation__programme")
PARTNERSHIP_LISTS = (
    "", "_money", "_needs", "_partners", "_partner_new", "_agreements", "_agreement_new",
    "_scheme", "_scheme_edit", "_recommendations", "_recommendation_new", "_reports", "_forums",
)  # fmt: skip
LEVELS = ("programme", "region", "owner", "unit")
SCHOOL, KINDERGARTEN = "school", "kindergarten"
DIRECTORY_LISTS = (
    "portal:directory", "portal:directory_regions", "portal:directory_owners",
    "portal:directory_units", "portal:directory_classes", "portal:directory_people",
    "portal:directory_history",
)  # fmt: skip
PROGRAMME_WIDE = frozenset({"admin", "forsker", "statsforvalter"})


def _school_unit(p: Places) -> dict | None:
    return _unit(p.school)


def _kindergarten_unit(p: Places) -> dict | None:
    return _unit(p.kindergarten)


def _new_selfassessment(p: Places) -> dict | None:
    return _need(p.school) and {"unit": p.school.pk}


def _bad_key(p: Places) -> dict:
    return {"uidb36": "zzzzzz", "key": "bad-key"}  # a user id neither dataset has


# Every page type with URL parameters. URLs without parameters need no entry: they are
# timed with no kwargs as every role that the matrix lets open them.
# fmt: off
PAGES: list[Page] = [
    Page("portal:programme", SCHOOL, school_slug, "school programme"),
    Page("portal:programme", KINDERGARTEN, kindergarten_slug, "kindergarten programme"),
    Page("portal:unit", SCHOOL, _school_unit, "school"),
    Page("portal:unit", KINDERGARTEN, _kindergarten_unit, "kindergarten"),
    Page("portal:role_duties", "", school_slug),
    Page("portal:plans", "", school_slug),
    Page("portal:plan_import", "", school_slug),
    Page("portal:plan", "", _plan),
    Page("portal:plan_calendar", "", _plan),
    Page("portal:plan_subscriptions", "", school_slug),
    Page("portal:plan_history", "", _plan),
    Page("portal:plan_approve", "", _plan),
    Page("portal:activity_new", "", _plan),
    Page("portal:activity_edit", "", _activity),
    Page("portal:session_new", "", _activity),
    Page("portal:session_edit", "", _session),
    Page("portal:round", "", _round),
    Page("portal:round_edit", "", _round),
    Page("portal:round_units", "", _round),
    Page("portal:children", "", _round),
    Page("portal:group_children", "", _group_children),
    Page("portal:round_results", "", _results),
    Page("portal:node_results", "programme", _node("programme"), roles=PROGRAMME_WIDE),
    Page("portal:node_results", "region", _node("region"), roles=PROGRAMME_WIDE | {"region"}),
    Page("portal:node_results", "owner", _node("owner"), "owner's results"),
    Page("portal:node_results", "unit", _node("unit"), "unit's results"),
    Page("portal:scale_results", "", _scale),
    Page("portal:instrument", "", _version),
    Page("portal:response_monitor", "", _round),
    Page("portal:code_slips", "", _round),
    Page("portal:packages", "", school_slug),
    Page("portal:package_new", "", school_slug),
    Page("portal:package", "", _package),
    Page("portal:package_edit", "", _package),
    Page("portal:module_new", "", _package),
    Page("portal:module_edit", "", _module),
    Page("portal:multi_year_plan", "", school_slug),
    Page("portal:conditions", "", school_slug),
    *[Page("portal:learning_dashboard", k, _dashboard(k), f"{k} dashboard") for k in LEVELS],
    Page("portal:unit_learning", "", _school_unit),
    Page("portal:implementation_plan", "", _choice),
    Page("portal:divide_staff", "", _school_unit),
    Page("portal:learning_group", "", _learning_group),
    Page("portal:learning_group_edit", "", _learning_group),
    Page("portal:meeting_new", "", _learning_group),
    Page("portal:meeting", "", _meeting(held=True)),
    Page("portal:meeting_edit", "", _meeting(held=False)),
    Page("portal:meeting_record", "", _meeting(held=True)),
    Page("portal:analysis_phase", "its phase", _analysis_phase(own=True), "measures"),
    Page("portal:analysis_phase", "problem", _analysis_phase(own=False), "problem"),
    *[Page(name, SCHOOL, school_slug, "(school)") for name in DIRECTORY_LISTS],
    *[Page(name, KINDERGARTEN, kindergarten_slug, "(kindergarten)") for name in DIRECTORY_LISTS],
    Page("portal:directory_person", "", _school_person),
    Page("portal:directory_region", "", _region_detail),
    Page("portal:org_imports", SCHOOL, school_slug, "(school)"),
    Page("portal:org_imports", KINDERGARTEN, kindergarten_slug, "(kindergarten)"),
    Page("portal:org_import", "", _org_import),
    Page("portal:invitations", SCHOOL, school_slug, "school"),
    Page("portal:invitations", KINDERGARTEN, kindergarten_slug, "kindergarten"),
    Page("portal:person_invite", SCHOOL, _school_person, "school"),
    Page("portal:person_invite", KINDERGARTEN, _kindergarten_person, "kindergarten"),
    Page("portal:school_year", SCHOOL, school_slug, "school programme"),
    Page("portal:school_year", KINDERGARTEN, kindergarten_slug, "kindergarten programme"),
    Page("portal:selfassessment_new", "", _new_selfassessment),
    Page("portal:selfassessment", "", _selfassessment),
    Page("portal:selfassessment_plan", "", _selfassessment),
    Page("portal:selfassessment_rate", "", _selfassessment),
    Page("portal:notifications_unsubscribe", "", _unsubscribe),
    Page("account_reset_password_from_key", "bad key", _bad_key),
    # Partnership (county partnerships): the school programme's.
    *[Page(f"portal:partnership{suffix}", "", school_slug) for suffix in PARTNERSHIP_LISTS],
    Page("portal:partnership_money_ledger", "", _money_ledger),
    Page("portal:partnership_money_allocation", "", _money_ledger),
    Page("portal:partnership_money_own_share", "", _money_ledger),
    Page("portal:partnership_money_spending_new", "", _money_ledger),
    Page("portal:partnership_money_spending_edit", "", SPENDING),
    Page("portal:partnership_forum", "", FORUM),
    Page("portal:partnership_forum_member_new", "", FORUM),
    Page("portal:partnership_forum_meeting_new", "", FORUM),
    Page("portal:partnership_forum_meeting", "", FORUM_MEETING),
    Page("portal:partnership_forum_meeting_edit", "", FORUM_MEETING),
    Page("portal:partnership_forum_decision_new", "", FORUM_MEETING),
    Page("portal:partnership_forum_decision_edit", "", DECISION),
    Page("portal:partnership_needs_report", "", NEEDS),
    Page("portal:partnership_needs_edit", "", NEEDS),
    Page("portal:partnership_needs_priority_add", "", NEEDS),
    Page("portal:partnership_partner_edit", "", PARTNER),
    Page("portal:partnership_contact_edit", "", CONTACT),
    Page("portal:partnership_agreement", "", AGREEMENT),
    Page("portal:partnership_agreement_edit", "", AGREEMENT),
    Page("portal:partnership_recommendation", "", RECOMMENDATION),
    Page("portal:partnership_recommendation_edit", "", RECOMMENDATION),
    Page("portal:partnership_report", "", REPORT),
    Page("portal:partnership_report_edit", "", REPORT),
]
# fmt: on

# Not documents: what a browser downloads (the axe crawl's rule: an HTML document is
# text/html beginning with <!doctype html>; these are known by their route).
DOWNLOADS = {
    "portal:plan_export": "Word file of the plan",
    "plan_feed": "calendar feed (.ics)",
    "learning_feed": "calendar feed (.ics)",
    "portal:instrument_source": "questionnaire as Excel",
    "portal:instrument_xlsform": "questionnaire as XLSForm (Excel)",
    "portal:node_export": "results as Excel/Word/PDF (bench/results_exports.py)",
    "portal:responses_export": "respondent-level file (CSV/Excel)",
    "portal:multi_year_plan_export": "Word file",
    "portal:meeting_plan_export": "Word file",
    "portal:analysis_export": "Word or PDF file",
    "portal:org_import_template": "Excel workbook",
    "portal:partnership_money_export": "Excel workbook",
    "portal:partnership_report_export": "Word or PDF file",
}
# Pages that need an object made for the occasion (the matrix makes one; the dataset has
# none, and the bench does not write into the dataset).
ONE_OFF = {
    "portal:plan_import_preview": "a Word plan uploaded for the preview",
    "portal:instrument_upload": "a questionnaire uploaded for the preview",
    "portal:partnership_needs_priority": "a priority of a draft needs report",
    "portal:partnership_needs_evidence": "a priority of a draft needs report",
    "portal:partnership_measure_new": "a draft recommendation of a forum",
    "portal:partnership_measure_edit": "a measure of a draft recommendation",
}
