"""Response rates of a round for the monitor: codes issued, started and submitted per
class and respondent group, with totals per unit, owner, region and the whole round.

Units are told apart by their identity, never by name (three schools called "Engtun skole"
in three municipalities stay three), and shown with their owner. Counts only: nothing about
which code answered, let alone what. A class's rate is also given against the class's size
where it is known and the group answers from the class (pupils, guardians)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from samla.org.models import Group, RegionOwner, Unit

from .groups import GROUPS_BY_CODE
from .models import RESPONDENT_GROUP_LABELS, AccessCode, CodeState, Round
from .services import pending_code_states

SORTS = ("name", "rate")


@dataclass
class Counts:
    issued: int = 0
    started: int = 0
    submitted: int = 0

    def add(self, other: Counts) -> None:
        self.issued += other.issued
        self.started += other.started
        self.submitted += other.submitted

    @property
    def rate(self) -> int:
        """Submitted as a whole percentage of the codes that can still be used or were."""
        return round(100 * self.submitted / self.issued) if self.issued else 0


@dataclass
class ClassRow:
    group: str  # the class or department; empty for codes of the unit as a whole
    respondent_group: str
    counts: Counts
    size: int | None = None  # the class's size, where it counts for this group

    @property
    def size_rate(self) -> int | None:
        return round(100 * self.counts.submitted / self.size) if self.size else None


@dataclass
class UnitRates:
    pk: int
    name: str
    owner: str
    municipality_number: str
    rows: list[ClassRow] = field(default_factory=list)
    total: Counts = field(default_factory=Counts)
    region: str = ""  # set where a list of units names each one's region


@dataclass
class OwnerRates:
    name: str
    key: str  # unique on the page: the id of its heading
    units: list[UnitRates] = field(default_factory=list)
    total: Counts = field(default_factory=Counts)


@dataclass
class RegionRates:
    pk: int | None
    name: str
    owners: list[OwnerRates] = field(default_factory=list)
    total: Counts = field(default_factory=Counts)


@dataclass
class Monitor:
    regions: list[RegionRates]
    total: Counts
    respondent_groups: list[tuple[str, str]]  # the round's groups with codes: (key, label)
    region_choices: list[tuple[int, str]]
    respondent_group: str = ""
    region: int | None = None
    sort: str = "name"


def code_counts(
    round: Round, unit_ids, respondent_group: str,
    by: tuple[str, ...] = ("unit_id", "group_id", "respondent_group"),
) -> list[dict]:  # fmt: skip
    """Codes issued, started and submitted (codes waiting in a batch counted as their rows
    will say), grouped by the fields of ``by``: one query over the codes' index."""
    pending = pending_code_states()
    spent = Q(state=CodeState.SUBMITTED) | Q(
        pk__in=[pk for pk, state in pending.items() if state == CodeState.SUBMITTED]
    )
    started = Q(state=CodeState.STARTED) | Q(
        pk__in=[pk for pk, state in pending.items() if state == CodeState.STARTED]
    )
    codes = AccessCode.objects.filter(round=round, unit_id__in=unit_ids).exclude(
        state=CodeState.REVOKED
    )
    if respondent_group:
        codes = codes.filter(respondent_group=respondent_group)
    return list(
        codes.values(*by).annotate(
            issued=Count("pk"),
            started=Count("pk", filter=started | spent),
            submitted=Count("pk", filter=spent),
        )
    )


def _ordered(items: list, sort: str, name) -> list:
    if sort == "rate":
        return sorted(items, key=lambda item: (item.total.rate, name(item).casefold()))
    return sorted(items, key=lambda item: name(item).casefold())


def response_monitor(
    round: Round, unit_ids, *, respondent_group: str = "", region: int | None = None,
    sort: str = "name",
) -> Monitor:  # fmt: skip
    """The monitor of the round for the given units (access is decided before): five
    queries whatever the number of units and classes. ``respondent_group`` and ``region``
    narrow it (unknown values are ignored); ``sort`` is "name" or "rate" (lowest first,
    to see where a reminder helps)."""
    sort = sort if sort in SORTS else "name"
    all_groups = set(
        AccessCode.objects.filter(round=round, unit_id__in=unit_ids)
        .values_list("respondent_group", flat=True)
        .distinct()
    )
    respondent_group = respondent_group if respondent_group in all_groups else ""
    counts = code_counts(round, unit_ids, respondent_group)
    units = {
        unit.pk: unit
        for unit in Unit.objects.filter(pk__in={row["unit_id"] for row in counts}).select_related(
            "owner"
        )
    }
    classes = {
        group.pk: group
        for group in Group.objects.filter(
            pk__in={row["group_id"] for row in counts if row["group_id"]}
        )
    }
    placed = {
        owner_id: (region_id, region_name)
        for owner_id, region_id, region_name in RegionOwner.objects.filter(
            programme_id=round.programme_id
        ).values_list("owner_id", "region_id", "region__name")
    }
    region_choices = sorted({value for value in placed.values()}, key=lambda r: r[1])
    if region not in {pk for pk, _name in region_choices}:
        region = None

    by_unit: dict[int, UnitRates] = {}
    for row in counts:
        unit = units[row["unit_id"]]
        if region is not None and placed.get(unit.owner_id, (None,))[0] != region:
            continue
        rates = by_unit.setdefault(
            unit.pk, UnitRates(unit.pk, unit.name, unit.owner.name, unit.municipality_number)
        )
        group = classes.get(row["group_id"])
        rule = GROUPS_BY_CODE.get(row["respondent_group"])
        from_class = group is not None and rule is not None and rule.answers_from == group.kind
        line = ClassRow(
            group.name if group else "",
            str(RESPONDENT_GROUP_LABELS.get(row["respondent_group"], row["respondent_group"])),
            Counts(row["issued"], row["started"], row["submitted"]),
            group.size if from_class else None,
        )
        rates.rows.append(line)
        rates.total.add(line.counts)

    regions: dict[int | None, RegionRates] = {}
    owners: dict[tuple[int | None, int], OwnerRates] = {}
    for rates in by_unit.values():
        unit = units[rates.pk]
        region_id, region_name = placed.get(unit.owner_id, (None, _("Not in a region")))
        region_rates = regions.setdefault(region_id, RegionRates(region_id, region_name))
        owner_rates = owners.get((region_id, unit.owner_id))
        if owner_rates is None:
            owner_rates = owners[(region_id, unit.owner_id)] = OwnerRates(
                unit.owner.name, f"rates-{region_id or 0}-{unit.owner_id}"
            )
            region_rates.owners.append(owner_rates)
        rates.rows.sort(key=lambda line: (line.group.casefold(), line.respondent_group))
        owner_rates.units.append(rates)
        owner_rates.total.add(rates.total)
        region_rates.total.add(rates.total)
    total = Counts()
    for region_rates in regions.values():
        total.add(region_rates.total)
        for owner_rates in region_rates.owners:
            owner_rates.units = _ordered(owner_rates.units, sort, lambda u: u.name)
        region_rates.owners = _ordered(region_rates.owners, sort, lambda o: o.name)
    return Monitor(
        regions=_ordered(list(regions.values()), sort, lambda r: r.name),
        total=total,
        respondent_groups=[
            (key, str(RESPONDENT_GROUP_LABELS.get(key, key))) for key in sorted(all_groups)
        ],
        region_choices=region_choices,
        respondent_group=respondent_group,
        region=region,
        sort=sort,
    )
