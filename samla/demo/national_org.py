"""The national dataset's organisation: the eleven counties of 2020–2023, each with a school
programme and a kindergarten programme (a county partnership such as Kultur for læring);
networks of municipalities (regions) in each; the 356 municipalities as owners, with
invented names; schools and kindergartens, classes and departments.

Pure layout first (numpy, from the seed), then the rows: the few with the ORM, the many
(units, enrolments, classes) written with ``national_copy``. What later steps need is kept
in a ``Nation``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from samla.org.models import (
    Enrolment,
    Group,
    GroupKind,
    LanguageForm,
    Level,
    Owner,
    OwnerKind,
    Programme,
    Region,
    RegionOwner,
    Unit,
    UnitKind,
)

from .national_copy import next_ids, write_rows
from .national_names import department_names, municipality_names, unit_names

SLUG_PREFIX = "nasjonal-"

# (name, short name, county number, municipalities, share of the population), 2020–2023;
# largest number of municipalities first: a smaller scale keeps the first counties.
COUNTIES = [
    ("Viken", "VIK", "30", 51, 0.232), ("Innlandet", "INN", "34", 46, 0.069),
    ("Vestland", "VL", "46", 43, 0.118), ("Nordland", "NRD", "18", 41, 0.045),
    ("Troms og Finnmark", "TF", "54", 39, 0.045), ("Trøndelag", "TRØ", "50", 38, 0.088),
    ("Møre og Romsdal", "MR", "15", 26, 0.050), ("Agder", "AGD", "42", 25, 0.057),
    ("Vestfold og Telemark", "VT", "38", 23, 0.078), ("Rogaland", "ROG", "11", 23, 0.090),
    ("Oslo", "OSL", "03", 1, 0.131),
]  # fmt: skip
DIRECTIONS = [("nord", "N"), ("sør", "S"), ("øst", "Ø"), ("vest", "V")]
# School types: grades and share of schools.
SCHOOL_TYPES = [((1, 7), 0.55), ((8, 10), 0.20), ((1, 10), 0.25)]
BIG_SCHOOL_CLASSES = 150


@dataclass
class Nation:
    """What the steps after the organisation need, by index and by id."""

    today: date
    school_year: int
    counties: list[tuple] = field(default_factory=list)
    programmes: list[tuple[Programme, Programme]] = field(default_factory=list)  # per county
    regions: list[list[tuple[Region, Region]]] = field(default_factory=list)  # county → regions
    owner_ids: np.ndarray = None  # per owner
    owner_county: np.ndarray = None
    owner_region: np.ndarray = None  # index within the county
    owner_numbers: list[str] = field(default_factory=list)
    unit_ids: np.ndarray = None
    unit_owner: np.ndarray = None  # owner index
    unit_school: np.ndarray = None  # True: school, False: kindergarten
    school_kind: np.ndarray = None  # index into SCHOOL_TYPES
    group_ids: np.ndarray = None
    group_unit: np.ndarray = None  # unit index
    group_grade: np.ndarray = None  # 0 for a department
    group_size: np.ndarray = None
    unit_staff: np.ndarray = None  # people per unit, the leader first (the people step)
    unit_first_person: np.ndarray = None  # id of each unit's first person (its leader)
    learning_first: np.ndarray = None  # id of each unit's first learning group
    learning_count: np.ndarray = None  # learning groups per unit
    big_school: int = 0  # unit index of the bench's large school (at the largest owner)
    big_kindergarten: int = 0

    def programme_of_unit(self, unit: int) -> Programme:
        county = self.owner_county[self.unit_owner[unit]]
        return self.programmes[county][0 if self.unit_school[unit] else 1]


def _shares(total: int, weights: np.ndarray, minimum: int = 0) -> np.ndarray:
    """``total`` split by ``weights`` (largest remainders), each at least ``minimum`` when
    the total allows (whole-number weights that sum to the total come back as they are)."""
    exact = total * weights / weights.sum()
    floor = minimum if total >= minimum * len(weights) else 0
    out = np.maximum(floor, np.floor(exact)).astype(np.int64)
    while (diff := total - int(out.sum())) != 0:
        if diff > 0:
            out[np.argsort(out - exact)[:diff]] += 1
        else:
            above = np.flatnonzero(out > floor)
            out[above[np.argsort(exact[above] - out[above])[:-diff]]] -= 1
    return out


def _spread(weights: np.ndarray, per: np.ndarray, target: int, low: int, high: int) -> np.ndarray:
    """Whole numbers proportional to ``weights`` within low..high whose sum of products with
    ``per`` comes near ``target`` (the factor found by bisection)."""
    bottom, top = 0.0, 1.0
    while (np.clip(np.rint(weights * top), low, high) * per).sum() < target and top < 1e9:
        top *= 2
    for _ in range(60):
        middle = (bottom + top) / 2
        if (np.clip(np.rint(weights * middle), low, high) * per).sum() < target:
            bottom = middle
        else:
            top = middle
    return np.clip(np.rint(weights * top), low, high).astype(np.int64)


def build_organisation(nation: Nation, counts: dict[str, int], rng: np.random.Generator) -> dict:
    owners_total = counts["owners"]
    used = min(len(COUNTIES), max(1, owners_total // 2))
    nation.counties = COUNTIES[:used]
    real = np.asarray([c[3] for c in nation.counties], dtype=float)
    owners_per_county = _shares(owners_total, real, 1)
    _programmes_and_regions(nation, owners_per_county)
    _owners(nation, owners_per_county, rng)
    _units(nation, counts, rng)
    _groups(nation, counts, rng)
    return {
        "programmes": 2 * len(nation.counties),
        "regions": 2 * sum(len(r) for r in nation.regions),
        "owners": len(nation.owner_ids),
        "schools": int(nation.unit_school.sum()),
        "kindergartens": int((~nation.unit_school).sum()),
        "classes and departments": len(nation.group_ids),
    }


def _programmes_and_regions(nation: Nation, owners_per_county: np.ndarray) -> None:
    for (name, short, _number, _m, _p), owners in zip(
        nation.counties, owners_per_county, strict=True
    ):
        pair = []
        for level, word in ((Level.PRIMARY, "skole"), (Level.KINDERGARTEN, "barnehage")):
            pair.append(
                Programme.objects.create(
                    name=f"{name} – {word} (nasjonalt datasett)",
                    slug=f"{SLUG_PREFIX}{short.lower()}-{word}".replace("ø", "o"),
                    level=level,
                    county=name,
                    description=(
                        "Invented programme of the national demo dataset (seed_national): "
                        "every county's municipalities, schools and kindergartens at national size."
                    ),
                )
            )
        nation.programmes.append(tuple(pair))
        count = 1 if owners < 8 else min(4, owners // 8)
        regions = []
        for index in range(count):
            region_name, letter = (
                (name, short)
                if count == 1
                else (f"{name} {DIRECTIONS[index][0]}", f"{short}-{DIRECTIONS[index][1]}")
            )
            regions.append(
                tuple(
                    Region.objects.create(programme=p, name=region_name, short_name=letter)
                    for p in pair
                )
            )
        nation.regions.append(regions)


def _owners(nation: Nation, owners_per_county: np.ndarray, rng: np.random.Generator) -> None:
    county = np.repeat(np.arange(len(nation.counties)), owners_per_county)
    within = np.concatenate([np.arange(n) for n in owners_per_county])
    regions = np.asarray([len(nation.regions[c]) for c in county])
    nation.owner_county = county
    nation.owner_region = within % regions
    names = municipality_names(len(county), rng)
    if nation.counties[-1][0] == "Oslo":
        names[-1] = "Oslo"
    numbers = [f"{nation.counties[c][2]}{w + 1:02d}" for c, w in zip(county, within, strict=True)]
    owners = Owner.objects.bulk_create(
        Owner(
            name=f"{name} kommune",
            kind=OwnerKind.MUNICIPALITY,
            municipality_number=number,
            county_number=number[:2],
        )
        for name, number in zip(names, numbers, strict=True)
    )
    nation.owner_ids = np.asarray([o.pk for o in owners], dtype=np.int64)
    nation.owner_numbers = numbers
    RegionOwner.objects.bulk_create(
        RegionOwner(region=region, owner=owner, programme_id=region.programme_id)
        for owner, c, r in zip(owners, county, nation.owner_region, strict=True)
        for region in nation.regions[c][r]
    )


def _owner_weights(nation: Nation, rng: np.random.Generator) -> np.ndarray:
    """How much of the country each owner holds: its county's share (half population, half
    number of municipalities) split unevenly, the first of each county a city."""
    county = nation.owner_county
    population = np.asarray([c[4] for c in nation.counties])
    municipalities = np.asarray([c[3] for c in nation.counties], dtype=float)
    share = 0.5 * population / population.sum() + 0.5 * municipalities / municipalities.sum()
    weight = rng.lognormal(0, 0.7, len(county))
    weight[np.r_[True, county[1:] != county[:-1]]] *= 6.0
    in_county = np.bincount(county, weights=weight)
    weight = share[county] * weight / in_county[county]
    return weight / weight.sum()


def _units(nation: Nation, counts: dict[str, int], rng: np.random.Generator) -> None:
    owners = len(nation.owner_ids)
    weight = _owner_weights(nation, rng)
    schools = _shares(counts["schools"], weight, 1)
    kindergartens = _shares(counts["kindergartens"], weight, 1)
    owner_of = np.concatenate(
        [np.repeat(np.arange(owners), schools), np.repeat(np.arange(owners), kindergartens)]
    )
    is_school = np.r_[np.ones(schools.sum(), bool), np.zeros(kindergartens.sum(), bool)]
    ids = next_ids(Unit, len(owner_of))
    nation.unit_ids = np.asarray(ids, dtype=np.int64)
    nation.unit_owner, nation.unit_school = owner_of, is_school
    kinds = rng.choice(len(SCHOOL_TYPES), len(owner_of), p=[s for _g, s in SCHOOL_TYPES])
    big = int(np.argmax(weight))
    nation.big_school = int(np.flatnonzero(is_school & (owner_of == big))[0])
    kinds[nation.big_school] = 2  # grades 1–10
    nation.school_kind = kinds
    nynorsk = {"Vestland", "Møre og Romsdal"}
    rows = []
    for owner in range(owners):
        at = np.flatnonzero(owner_of == owner)
        names = {
            True: unit_names(int(is_school[at].sum()), "skole", rng),
            False: unit_names(int((~is_school[at]).sum()), "barnehage", rng),
        }
        county = nation.counties[nation.owner_county[owner]]
        for unit in at:
            school = bool(is_school[unit])
            name = names[school].pop()
            grades = SCHOOL_TYPES[kinds[unit]][0] if school else (None, None)
            if grades == (8, 10):
                name = name.replace(" skole", " ungdomsskole")
            nynorsk_unit = county[0] in nynorsk and rng.random() < 0.5
            rows.append(
                (
                    int(nation.unit_ids[unit]), name,
                    UnitKind.PRIMARY if school else UnitKind.KINDERGARTEN,
                    int(nation.owner_ids[owner]), _organisation_number(int(nation.unit_ids[unit])),
                    nation.owner_numbers[owner], grades[0], grades[1],
                    LanguageForm.NYNORSK if nynorsk_unit else LanguageForm.BOKMAL, "", None,
                )
            )  # fmt: skip
    columns = ["id", "name", "kind", "owner_id", "organisation_number", "municipality_number",
               "lowest_grade", "highest_grade", "language_form", "source", "closed_on"]  # fmt: skip
    write_rows(Unit, columns, rows)
    since = date(nation.school_year - 4, 8, 1)
    enrolments = (
        (int(nation.unit_ids[u]), nation.programme_of_unit(u).pk, since)
        for u in range(len(owner_of))
    )
    write_rows(Enrolment, ["unit_id", "programme_id", "since"], enrolments)


def _organisation_number(serial: int) -> str:
    """An invented organisation number (nine digits, a valid check digit), one per serial."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    # Ten bases per serial: among ten neighbours at most one lacks a valid check digit.
    first = 80_000_000 + (serial % 1_999_999) * 10  # eight digits
    for base in range(first, first + 10):
        digits = f"{base:08d}"
        remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
        check = 0 if remainder == 0 else 11 - remainder
        if check != 10:
            return f"{digits}{check}"
    raise AssertionError("unreachable")


def _groups(nation: Nation, counts: dict[str, int], rng: np.random.Generator) -> None:
    """Classes (grades × parallel classes, sizes by the school's size) and departments."""
    schools = np.flatnonzero(nation.unit_school)
    kindergartens = np.flatnonzero(~nation.unit_school)
    school_classes = round(counts["classes"] * 0.68)
    grades = np.asarray([SCHOOL_TYPES[k][0] for k in nation.school_kind[schools]])
    per = grades[:, 1] - grades[:, 0] + 1
    big_at = int(np.flatnonzero(schools == nation.big_school)[0])
    big = max(1, min(15, round(min(BIG_SCHOOL_CLASSES, school_classes // 4) / 10)))
    weights = rng.lognormal(0, 0.6, len(schools))
    others = np.ones(len(schools), bool)
    others[big_at] = False
    parallels = np.full(len(schools), big)
    # The others at most as many classes per grade: the large school stays the largest.
    parallels[others] = _spread(
        weights[others], per[others], school_classes - big * 10, 1, min(6, big)
    )
    departments = _spread(
        rng.lognormal(0, 0.4, len(kindergartens)),
        np.ones(len(kindergartens), np.int64),
        counts["classes"] - int((parallels * per).sum()),
        1,
        8,
    )
    units, grade_of, names, sizes = [], [], [], []
    for school, (low, high), p in zip(schools, grades, parallels, strict=True):
        for grade in range(low, high + 1):
            for letter in "ABCDEFGHIJKLMNO"[:p]:
                units.append(school)
                grade_of.append(grade)
                names.append(f"{grade}{letter}")
        mean, spread = (15, 5) if p == 1 else (22, 3)
        sizes.extend(np.clip(rng.normal(mean, spread, (high - low + 1) * p), 4, 28))
    for kindergarten, count in zip(kindergartens, departments, strict=True):
        units.extend([kindergarten] * count)
        grade_of.extend([0] * count)
        names.extend(department_names(int(count), rng))
        sizes.extend(np.clip(rng.normal(16, 4, count), 7, 24))
    ids = next_ids(Group, len(units))
    nation.group_ids = np.asarray(ids, dtype=np.int64)
    nation.group_unit = np.asarray(units, dtype=np.int64)
    nation.group_grade = np.asarray(grade_of, dtype=np.int64)
    nation.group_size = np.rint(np.asarray(sizes)).astype(np.int64)
    # The bench's kindergarten: the large school's owner's with most departments.
    owned = np.flatnonzero(nation.unit_owner[kindergartens] == nation.unit_owner[nation.big_school])
    nation.big_kindergarten = int(kindergartens[owned[np.argmax(departments[owned])]])
    rows = (
        (
            ids[i],
            int(nation.unit_ids[nation.group_unit[i]]),
            names[i],
            GroupKind.CLASS if grade_of[i] else GroupKind.DEPARTMENT,
            grade_of[i] or None,
            int(nation.group_size[i]),
            nation.school_year if grade_of[i] else None,
            None,
        )
        for i in range(len(units))
    )
    columns = ["id", "unit_id", "name", "kind", "grade", "size", "school_year", "closed_on"]
    write_rows(Group, columns, rows)
