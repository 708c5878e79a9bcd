"""Reads for the learning pages: the compliance dashboards at every level.

A dashboard reads a fixed number of queries whatever the number of units and groups:
groups, members, meetings of the semester, attendance, modules chosen and done, the
units and regions. It returns plain data. Above the unit it holds counts and shares
only; names of group leaders come with a unit's lines only when asked for (the viewer
works at the unit)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from samla.core.time import Semester, current_semester
from samla.org.models import Programme, RegionOwner, Unit

from .models import (
    Attendance,
    GroupMember,
    LearningGroup,
    LearningSettings,
    Meeting,
    MeetingStatus,
    Module,
    ModuleProgress,
    Package,
    UnitPackageChoice,
)
from .semester import MeetingRule, RuleStatus, rule_status

LEVELS = ("programme", "region", "owner", "unit")
CHILD_LEVEL = {"programme": "region", "region": "owner", "owner": "unit", "unit": "group"}


@dataclass
class Figures:
    """What a group did in a semester, or the sum of it over many groups."""

    groups: int = 0
    groups_in_size: int = 0
    members: int = 0
    held: int = 0
    qualifying: int = 0
    planned: int = 0
    minutes: int = 0
    present: int = 0
    seats: int = 0  # members × held meetings: the attendance there could have been
    modules_done: int = 0
    modules_total: int = 0
    met: int = 0
    not_yet: int = 0
    missed: int = 0

    def add(self, other: Figures) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def attendance_share(self) -> float | None:
        return min(1.0, self.present / self.seats) if self.seats else None

    @property
    def modules_share(self) -> float | None:
        return self.modules_done / self.modules_total if self.modules_total else None

    @property
    def met_share(self) -> float | None:
        return self.met / self.groups if self.groups else None

    @property
    def attendance_percent(self) -> int | None:
        share = self.attendance_share
        return None if share is None else round(100 * share)

    @property
    def met_percent(self) -> int | None:
        share = self.met_share
        return None if share is None else round(100 * share)


@dataclass
class Line:
    """One row of a dashboard: a group (at a unit) or a unit, owner or region."""

    kind: str
    pk: int
    name: str
    figures: Figures
    status: RuleStatus | None = None  # groups only
    leader: str = ""  # groups only, and only for the unit's own people
    units: int = 0  # units counted in the line (owners, regions)
    units_with_groups: int = 0
    url: str = ""  # set by the page: where the line leads, if the person may go there


@dataclass
class Dashboard:
    kind: str
    pk: int
    name: str
    semester: Semester
    rule: MeetingRule
    lines: list[Line] = field(default_factory=list)
    total: Figures = field(default_factory=Figures)
    units: int = 0
    units_with_groups: int = 0


def meeting_settings(programme: Programme) -> LearningSettings:
    """The programme's meeting rule (the default one if none is set; nothing is saved)."""
    found = LearningSettings.objects.filter(programme=programme).first()
    return found or LearningSettings(programme=programme)


def meeting_rule(programme: Programme) -> MeetingRule:
    return meeting_settings(programme).rule()


def _group_figures(
    unit_ids, semester: Semester, rule: MeetingRule, now: datetime
) -> tuple[list[dict], dict[int, Figures]]:
    """Each group's figures in the semester, for the groups of these units (ids or a
    subquery of them; 6 queries)."""
    in_year = Q(unit_id__in=unit_ids, school_year=semester.school_year)
    groups = list(
        LearningGroup.objects.filter(in_year)
        .order_by("name", "pk")
        .values(
            "pk", "name", "unit_id", "leader__first_name", "leader__last_name", "leader__username"
        )
    )
    group_q = {"group__unit_id__in": unit_ids, "group__school_year": semester.school_year}
    members = dict(
        GroupMember.objects.filter(**group_q)
        .values("group_id")
        .annotate(n=Count("pk"))
        .values_list("group_id", "n")
    )
    in_semester = Q(starts_at__gte=semester.starts_at, starts_at__lt=semester.ends_at)
    held = Q(status=MeetingStatus.HELD)
    meetings = {
        row["group_id"]: row
        for row in Meeting.objects.filter(in_semester, **group_q)
        .values("group_id")
        .annotate(
            held=Count("pk", filter=held),
            qualifying=Count("pk", filter=held & Q(minutes__gte=rule.minutes)),
            planned=Count("pk", filter=Q(status=MeetingStatus.PLANNED, starts_at__gt=now)),
            minutes=Sum("minutes", filter=held),
        )
    }
    present = dict(
        Attendance.objects.filter(
            meeting__status=MeetingStatus.HELD,
            meeting__starts_at__gte=semester.starts_at,
            meeting__starts_at__lt=semester.ends_at,
            **{f"meeting__{k}": v for k, v in group_q.items()},
        )
        .values("meeting__group_id")
        .annotate(n=Count("pk"))
        .values_list("meeting__group_id", "n")
    )
    modules_total = dict(
        UnitPackageChoice.objects.filter(in_year)
        .values("unit_id")
        .annotate(n=Count("package__modules"))
        .values_list("unit_id", "n")
    )
    done = dict(
        ModuleProgress.objects.filter(**group_q)
        .values("group_id")
        .annotate(n=Count("pk"))
        .values_list("group_id", "n")
    )
    today = timezone.localdate(now)
    figures: dict[int, Figures] = {}
    for group in groups:
        pk = group["pk"]
        row = meetings.get(pk, {})
        size = members.get(pk, 0)
        f = Figures(
            groups=1,
            groups_in_size=int(5 <= size <= 7),
            members=size,
            held=row.get("held", 0),
            qualifying=row.get("qualifying", 0),
            planned=row.get("planned", 0),
            minutes=row.get("minutes") or 0,
            present=present.get(pk, 0),
            seats=size * row.get("held", 0),
            modules_done=done.get(pk, 0),
            modules_total=modules_total.get(group["unit_id"], 0),
        )
        status = rule_status(rule, semester, f.qualifying, today)
        f.met, f.not_yet, f.missed = (
            int(status == RuleStatus.MET),
            int(status == RuleStatus.NOT_YET),
            int(status == RuleStatus.MISSED),
        )
        figures[pk] = f
    return groups, figures


def _status(f: Figures) -> RuleStatus:
    if f.met:
        return RuleStatus.MET
    return RuleStatus.MISSED if f.missed else RuleStatus.NOT_YET


def dashboard(
    programme: Programme,
    kind: str,
    pk: int,
    semester: Semester,
    now: datetime,
    *,
    names: bool = False,
) -> Dashboard | None:
    """The dashboard of one node of a programme in a semester: one line per region (for
    the programme), owner (region), unit (owner) or group (unit), and the total. ``names``
    adds group leaders' names to a unit's lines. None if the node is not in the programme.
    """
    if kind not in LEVELS:
        return None
    regions = {
        ro["owner_id"]: (ro["region_id"], ro["region__name"])
        for ro in RegionOwner.objects.filter(programme=programme).values(
            "owner_id", "region_id", "region__name"
        )
    }
    units = list(
        Unit.objects.filter(enrolment__programme=programme)
        .order_by("name", "pk")
        .values("pk", "name", "owner_id", "owner__name")
    )
    name = ""
    if kind == "programme":
        name = programme.name if pk == programme.pk else ""
        # The programme is the sum of its regions: a unit whose owner has no region yet
        # would be in the total but on no line.
        units = [u for u in units if u["owner_id"] in regions]
    elif kind == "region":
        name = next((n for r, n in regions.values() if r == pk), "")
        units = [u for u in units if regions.get(u["owner_id"], (None,))[0] == pk]
    elif kind == "owner":
        units = [u for u in units if u["owner_id"] == pk]
        name = units[0]["owner__name"] if units else ""
    else:
        units = [u for u in units if u["pk"] == pk]
        name = units[0]["name"] if units else ""
    if not name:
        return None
    rule = meeting_rule(programme)
    board = Dashboard(kind, pk, name, semester, rule)
    unit_ids = {u["pk"] for u in units}
    if kind in ("programme", "region"):
        # The same units as a subquery: hundreds of ids sent five times cost more to send
        # and plan than the counting itself.
        placed = RegionOwner.objects.filter(programme=programme)
        if kind == "region":
            placed = placed.filter(region_id=pk)
        unit_ids = Unit.objects.filter(
            enrolment__programme=programme, owner_id__in=placed.values("owner_id")
        ).values("pk")
    groups, figures = _group_figures(unit_ids, semester, rule, now)
    by_unit: dict[int, Figures] = defaultdict(Figures)
    for group in groups:
        by_unit[group["unit_id"]].add(figures[group["pk"]])
    board.units = len(units)
    board.units_with_groups = len(by_unit)
    for f in figures.values():
        board.total.add(f)

    if kind == "unit":
        for group in groups:
            f = figures[group["pk"]]
            leader = ""
            if names:
                leader = " ".join(
                    x for x in (group["leader__first_name"], group["leader__last_name"]) if x
                ) or (group["leader__username"] or "")
            board.lines.append(
                Line("group", group["pk"], group["name"], f, status=_status(f), leader=leader)
            )
        return board

    lines: dict[int, Line] = {}
    for unit in units:
        if kind == "owner":
            key, child, child_name = unit["pk"], "unit", unit["name"]
        elif kind == "region":
            key, child, child_name = unit["owner_id"], "owner", unit["owner__name"]
        else:
            region = regions.get(unit["owner_id"])
            if region is None:
                continue
            key, child, child_name = region[0], "region", region[1]
        line = lines.setdefault(key, Line(child, key, child_name, Figures()))
        line.units += 1
        if unit["pk"] in by_unit:
            line.units_with_groups += 1
            line.figures.add(by_unit[unit["pk"]])
    board.lines = sorted(lines.values(), key=lambda line: (line.name.casefold(), line.pk))
    return board


def semester_choices(today: date) -> list[Semester]:
    """The semesters a dashboard offers: the four before the current one, it, and the next."""
    current = current_semester(today)
    chosen = [current]
    for _i in range(4):
        chosen.insert(0, chosen[0].previous())
    chosen.append(current.next())
    return chosen


def catalogue_packages(programme: Programme) -> list[Package]:
    """The programme's packages by audience and title, each with its number of modules
    (``module_count``)."""
    return list(
        Package.objects.filter(programme=programme)
        .annotate(module_count=Count("modules"))
        .order_by("audience", "title")
    )


def own_groups(groups: QuerySet[LearningGroup], person, now: datetime) -> list[LearningGroup]:
    """Of ``groups`` (those the person may see), the ones the person is in or leads, newest
    school year first, each with its planned meetings from ``now`` on (``upcoming``)."""
    upcoming = Meeting.objects.filter(
        status=MeetingStatus.PLANNED, starts_at__gte=now
    ).select_related("module__package")
    return list(
        groups.filter(Q(members__person=person) | Q(leader=person))
        .distinct()
        .select_related("unit", "leader")
        .prefetch_related(Prefetch("meetings", queryset=upcoming, to_attr="upcoming"))
        .order_by("-school_year", "unit__name", "name")
    )


def package_modules(package: Package) -> list[Module]:
    """The package's modules in order."""
    return list(package.modules.order_by("number"))


def package_years(package: Package) -> list[str]:
    """The school years the multi-year plan gives the package, in order."""
    return list(package.plan_entries.order_by("school_year").values_list("school_year", flat=True))
