"""The response-rate monitor one level at a time: the person's whole scope as a row per
region (or owner, or unit, when that is all there is), a region as a row per owner, an
owner as a row per unit, a unit as a row per class and respondent group — paged, and
counted at the level shown, so a page costs the same for a school leader and for the
administrator of a whole country.

A unit is never told apart by name (three schools called "Engtun skole" stay three), a row
for a unit carries its owner's municipality number. Counts only, as in ``rates``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext as _

from samla.org.models import Group, RegionOwner, Unit

from .groups import GROUPS_BY_CODE
from .models import RESPONDENT_GROUP_LABELS, Round, RoundInstrument
from .rates import SORTS, ClassRow, Counts, UnitRates, code_counts

PER_PAGE = 50
NO_REGION = 0  # the region id of owners not placed in any region of the programme


@dataclass
class Row:
    kind: str  # "region", "owner", "unit" or "group" (a class, or the unit as a whole)
    pk: int | None
    name: str
    counts: Counts = field(default_factory=Counts)
    note: str = ""  # a unit's municipality number; a class row's respondent group
    size: int | None = None  # a class's size, where the respondent group answers from it
    url: str = ""  # set by the page: where the row leads (a level further down)

    @property
    def size_rate(self) -> int | None:
        return round(100 * self.counts.submitted / self.size) if self.size else None


@dataclass
class LevelView:
    kind: str  # what the page is of: "all", "region", "owner" or "unit"
    pk: int | None
    name: str
    crumbs: list[tuple[str, int | None, str]]  # the levels above, (kind, pk, name)
    row_kind: str
    page: Page
    total: Counts
    respondent_groups: list[tuple[str, str]]
    respondent_group: str
    sort: str
    digest: str  # changes when any figure on the page changes (for the partial refresh)


def _places(round: Round, unit_ids) -> tuple[list[dict], dict[int, tuple[int, str]]]:
    units = list(
        Unit.objects.filter(pk__in=unit_ids).values(
            "pk", "name", "owner_id", "owner__name", "municipality_number"
        )
    )
    placed = {
        owner: (region, name)
        for owner, region, name in RegionOwner.objects.filter(
            programme_id=round.programme_id
        ).values_list("owner_id", "region_id", "region__name")
    }
    return units, placed


def _region_of(unit: dict, placed) -> tuple[int, str]:
    return placed.get(unit["owner_id"], (NO_REGION, _("Not in a region")))


def _top(units: list[dict], placed) -> str:
    """The level the person's whole scope starts at: the highest with more than one row."""
    if len({_region_of(u, placed)[0] for u in units}) > 1:
        return "all"
    if len({u["owner_id"] for u in units}) > 1:
        return "region"
    return "owner" if len(units) > 1 else "unit"


ROW_KIND = {"all": "region", "region": "owner", "owner": "unit", "unit": "group"}


def level_view(
    round: Round, unit_ids, *, kind: str = "", pk: int | None = None,
    respondent_group: str = "", sort: str = "name", page: int | str = 1,
) -> LevelView | None:  # fmt: skip
    """The page of the monitor at ``kind`` and ``pk`` ("region", "owner" or "unit"; the
    person's whole scope when not given), for the units the person follows (access is
    decided before). None when that node holds none of them. Four queries at any level."""
    units, placed = _places(round, unit_ids)
    if not units:
        return None
    top = _top(units, placed)
    sort = sort if sort in SORTS else "name"
    groups = sorted(set(RoundInstrument.objects.filter(round=round).values_list(
        "respondent_group", flat=True)))  # fmt: skip
    respondent_group = respondent_group if respondent_group in groups else ""
    if not kind or (kind, pk) == (top, None):
        kind = top
        pk = None if top == "all" else _only_pk(top, units, placed)
    under = _under(kind, pk, units, placed)
    if not under:
        return None
    name, crumbs = _names(kind, pk, top, under[0], placed)
    rows, total = _rows(round, kind, under, placed, respondent_group)
    rows = _sorted(rows, sort)
    shown = Paginator(rows, PER_PAGE).get_page(page)
    digest = hashlib.sha256(
        repr([(r.pk, r.note, r.size, vars(r.counts)) for r in shown] + [vars(total)]).encode()
    ).hexdigest()[:16]
    return LevelView(
        kind, pk, name, crumbs, ROW_KIND[kind], shown, total,
        [(key, str(RESPONDENT_GROUP_LABELS.get(key, key))) for key in groups],
        respondent_group, sort, digest,
    )  # fmt: skip


def _only_pk(kind: str, units: list[dict], placed) -> int | None:
    if kind == "region":
        return _region_of(units[0], placed)[0]
    return units[0]["owner_id"] if kind == "owner" else units[0]["pk"]


def _under(kind: str, pk: int | None, units: list[dict], placed) -> list[dict]:
    if kind == "all":
        return units
    if kind == "region":
        return [u for u in units if _region_of(u, placed)[0] == pk]
    if kind == "owner":
        return [u for u in units if u["owner_id"] == pk]
    return [u for u in units if u["pk"] == pk] if kind == "unit" else []


def _names(kind: str, pk, top: str, unit: dict, placed) -> tuple[str, list]:
    """The node's name and the levels above it, up to the person's top."""
    order = ["all", "region", "owner", "unit"]
    region = _region_of(unit, placed)
    names = {
        "all": (None, _("All")),
        "region": region,
        "owner": (unit["owner_id"], unit["owner__name"]),
        "unit": (unit["pk"], unit["name"]),
    }
    crumbs = [(k, *names[k]) for k in order[order.index(top) : order.index(kind)]]
    return names[kind][1], crumbs


def _rows(round: Round, kind: str, under: list[dict], placed, respondent_group: str):
    ids = [u["pk"] for u in under]
    total = Counts()
    if kind == "unit":
        found = code_counts(round, ids, respondent_group, by=("group_id", "respondent_group"))
        classes = {g.pk: g for g in Group.objects.filter(
            pk__in={r["group_id"] for r in found if r["group_id"]})}  # fmt: skip
        rows = []
        for r in found:
            group = classes.get(r["group_id"])
            rule = GROUPS_BY_CODE.get(r["respondent_group"])
            from_class = group is not None and rule is not None and rule.answers_from == group.kind
            counts = Counts(r["issued"], r["started"], r["submitted"])
            total.add(counts)
            rows.append(Row(
                "group", r["group_id"], group.name if group else _("The whole unit"), counts,
                str(RESPONDENT_GROUP_LABELS.get(r["respondent_group"], r["respondent_group"])),
                group.size if from_class else None,
            ))  # fmt: skip
        return rows, total
    by_unit = {r["unit_id"]: r for r in code_counts(round, ids, respondent_group, by=("unit_id",))}
    lines: dict[int | None, Row] = {}
    for unit in under:
        if kind == "owner":
            key, row_kind, label, note = unit["pk"], "unit", unit["name"], unit[
                "municipality_number"]  # fmt: skip
        elif kind == "region":
            key, row_kind, label, note = unit["owner_id"], "owner", unit["owner__name"], ""
        else:
            key, label = _region_of(unit, placed)
            row_kind, note = "region", ""
        line = lines.setdefault(key, Row(row_kind, key, label, note=note))
        found = by_unit.get(unit["pk"])
        if found:
            counts = Counts(found["issued"], found["started"], found["submitted"])
            line.counts.add(counts)
            total.add(counts)
    return list(lines.values()), total


def _sorted(rows: list[Row], sort: str) -> list[Row]:
    if sort == "rate":
        return sorted(rows, key=lambda r: (r.counts.rate, r.name.casefold(), r.note, r.pk or 0))
    return sorted(rows, key=lambda r: (r.name.casefold(), r.note, r.pk or 0))


def unit_rates_page(
    round: Round, unit_ids, respondent_group: str, start: int, stop: int
) -> tuple[int, Counts, list[UnitRates]]:
    """The units ``start:stop`` of the person's (by region, owner and name) with their
    classes' counts, the number of units and the total of all: the classes are counted for
    the page's units only, so a page costs the same for one school and for a country."""
    units, placed = _places(round, unit_ids)
    groups = set(RoundInstrument.objects.filter(round=round).values_list(
        "respondent_group", flat=True))  # fmt: skip
    respondent_group = respondent_group if respondent_group in groups else ""
    units.sort(key=lambda u: (_region_of(u, placed)[1].casefold(), u["owner__name"].casefold(),
                              u["name"].casefold(), u["pk"]))  # fmt: skip
    total = Counts()
    for row in code_counts(round, [u["pk"] for u in units], respondent_group, by=("round_id",)):
        total.add(Counts(row["issued"], row["started"], row["submitted"]))
    shown = units[start:stop]
    found = code_counts(round, [u["pk"] for u in shown], respondent_group)
    classes = {g.pk: g for g in Group.objects.filter(
        pk__in={r["group_id"] for r in found if r["group_id"]})}  # fmt: skip
    by_unit = {u["pk"]: UnitRates(u["pk"], u["name"], u["owner__name"], u["municipality_number"])
               for u in shown}  # fmt: skip
    for row in found:
        group = classes.get(row["group_id"])
        rule = GROUPS_BY_CODE.get(row["respondent_group"])
        from_class = group is not None and rule is not None and rule.answers_from == group.kind
        line = ClassRow(
            group.name if group else "",
            str(RESPONDENT_GROUP_LABELS.get(row["respondent_group"], row["respondent_group"])),
            Counts(row["issued"], row["started"], row["submitted"]),
            group.size if from_class else None,
        )
        by_unit[row["unit_id"]].rows.append(line)
        by_unit[row["unit_id"]].total.add(line.counts)
    for unit in shown:
        rates = by_unit[unit["pk"]]
        rates.rows.sort(key=lambda line: (line.group.casefold(), line.respondent_group))
        rates.region = _region_of(unit, placed)[1]
    return len(units), total, [by_unit[u["pk"]] for u in shown]


def units_in_region(round: Round, unit_ids, region: int) -> set[int]:
    """Those of the units whose owner is placed in the region (in the round's programme)."""
    units, placed = _places(round, unit_ids)
    return {u["pk"] for u in units if _region_of(u, placed)[0] == region}
