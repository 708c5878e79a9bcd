"""The demo organisation: "Kultur for læring" in Innlandet, its four regions and their real
municipalities, with invented schools, kindergartens, classes and staff, and one demo user
for each role. Built by ``manage.py seed_demo``; running it again changes nothing."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from django.db import transaction

from .models import (
    Enrolment,
    Group,
    GroupKind,
    LanguageForm,
    Level,
    Membership,
    Owner,
    OwnerKind,
    Person,
    Programme,
    Region,
    RegionOwner,
    Role,
    Unit,
    UnitKind,
)

DEMO_PASSWORD = "samla-demo"  # noqa: S105 - demo mode only, documented in the README

SCHOOL_SLUG = "kfl-skole"
KINDERGARTEN_SLUG = "kfl-barnehage"

# The regions of Kultur for læring in (former) Hedmark and their municipalities.
REGIONS: list[tuple[str, str, list[str], list[str]]] = [
    ("Nord-Østerdal", "NØR", [], ["Alvdal", "Folldal", "Os", "Rendalen", "Tolga", "Tynset"]),
    ("Sør-Østerdal", "SØR", [], ["Elverum", "Engerdal", "Stor-Elvdal", "Trysil", "Våler", "Åmot"]),
    (
        "Kongsvingerregionen",
        "KR",
        ["Glåmdalen"],
        ["Eidskog", "Grue", "Kongsvinger", "Nord-Odal", "Sør-Odal", "Åsnes"],
    ),
    ("Hamarregionen", "HR", ["Hedmarken"], ["Hamar", "Løten", "Ringsaker", "Stange"]),
]

# The municipalities' numbers (Innlandet, county 34, since 2024), by which the registers'
# units are placed in the regions.
COUNTY_NUMBER = "34"
MUNICIPALITY_NUMBERS = {
    "Kongsvinger": "3401", "Hamar": "3403", "Ringsaker": "3411", "Løten": "3412",
    "Stange": "3413", "Nord-Odal": "3414", "Sør-Odal": "3415", "Eidskog": "3416",
    "Grue": "3417", "Åsnes": "3418", "Våler": "3419", "Elverum": "3420", "Trysil": "3421",
    "Åmot": "3422", "Stor-Elvdal": "3423", "Rendalen": "3424", "Engerdal": "3425",
    "Tolga": "3426", "Tynset": "3427", "Alvdal": "3428", "Folldal": "3429", "Os": "3430",
}  # fmt: skip

# Invented names; combined per municipality so that no real school is meant.
_SCHOOL_STEMS = [
    "Bjørkely", "Solberg", "Granlund", "Elvetun", "Lyngstad", "Furumo", "Haugtun", "Myrvang",
    "Skogly", "Bakketun", "Engtun", "Vidsyn", "Åsheim", "Fjellstad", "Sandvoll", "Tunheim",
]  # fmt: skip
_KINDERGARTEN_STEMS = [
    "Blåbærtua", "Ekornreiret", "Maurtua", "Solsikken", "Tyttebæret", "Reveskogen",
    "Lerkeslottet", "Trollstua", "Humla", "Kongleriket", "Bekkedalen", "Småtroll",
]  # fmt: skip
_DEPARTMENTS = ["Blåklokka", "Hestehoven", "Prestekragen", "Løvetannen", "Marihøna"]
_FIRST_NAMES = [
    "Anne", "Ola", "Kari", "Per", "Ingrid", "Lars", "Sigrid", "Jon", "Marit", "Even",
    "Hilde", "Tor", "Silje", "Arne", "Guro", "Knut", "Ragnhild", "Eirik", "Live", "Håkon",
]  # fmt: skip
_LAST_NAMES = [
    "Haugen", "Bakken", "Moen", "Nygård", "Lien", "Sveen", "Berg", "Løkken", "Rustad",
    "Brenden", "Engen", "Holen", "Strand", "Myhre", "Vold", "Solheim", "Hagen", "Sletten",
]  # fmt: skip

DEMO_MUNICIPALITY = "Hamar"
DEMO_SCHOOL = "Bjørkely skole"
DEMO_KINDERGARTEN = "Blåbærtua barnehage"


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    scope: str  # a description used for the printed table
    title: str = ""


DEMO_USERS: list[DemoUser] = [
    DemoUser("admin", "Astrid", "Lunde", Role.PROGRAMME_ADMIN, "Kultur for læring (begge)"),
    DemoUser("forsker", "Bjørn", "Tangen", Role.RESEARCHER, "Kultur for læring (begge)"),
    DemoUser("statsforvalter", "Cecilie", "Rønning", Role.OBSERVER, "Kultur for læring (begge)"),
    DemoUser("region", "Dag", "Kvisler", Role.REGION_COORDINATOR, "Hamarregionen"),
    DemoUser("eier", "Elin", "Fossum", Role.OWNER, "Hamar kommune", "kommunalsjef"),
    DemoUser("rektor", "Frode", "Sandvik", Role.UNIT_LEADER, DEMO_SCHOOL, "rektor"),
    DemoUser("styrer", "Gunn", "Ødegård", Role.UNIT_LEADER, DEMO_KINDERGARTEN, "styrer"),
    DemoUser("gruppeleder", "Heidi", "Kolstad", Role.GROUP_LEADER, DEMO_SCHOOL, "lektor"),
    DemoUser("laerer", "Ivar", "Nordby", Role.STAFF, f"{DEMO_SCHOOL}, 6A", "kontaktlærer"),
    DemoUser("ppt", "Janne", "Westby", Role.PPT_ADVISOR, "Hamar PPT – Bjørkely, Blåbærtua"),
    DemoUser("tillitsvalgt", "Kjetil", "Aas", Role.UNION_REPRESENTATIVE, "KFL – skole"),
]  # fmt: skip


def demo_user_table() -> list[tuple[str, str, str]]:
    return [(u.username, str(Role(u.role).label), u.scope) for u in DEMO_USERS]


@transaction.atomic
def build_organisation(rng_seed: int = 2020) -> dict[str, int]:
    """Create the demo organisation if it is not there; return counts of what exists."""
    rng = random.Random(rng_seed)  # noqa: S311 - invented demo names, not secrets
    school_programme, created = Programme.objects.get_or_create(
        slug=SCHOOL_SLUG,
        defaults={
            "name": "Kultur for læring – skole",
            "level": Level.PRIMARY,
            "county": "Innlandet",
            "description": (
                "Kollektiv kompetanseutvikling i skolene i tidligere Hedmark, med "
                "kartlegging av elever, foresatte og ansatte annethvert år."
            ),
        },
    )
    kindergarten_programme, _created = Programme.objects.get_or_create(
        slug=KINDERGARTEN_SLUG,
        defaults={
            "name": "Kultur for læring – barnehage",
            "level": Level.KINDERGARTEN,
            "county": "Innlandet",
            "description": (
                "Kollektiv kompetanseutvikling i barnehagene i tidligere Hedmark, med "
                "personalets vurdering av barnas språklige og sosiale kompetanse."
            ),
        },
    )
    if created:
        _build_structure(rng, school_programme, kindergarten_programme)
    _number_the_organisation((school_programme, kindergarten_programme))
    _ensure_demo_users(school_programme, kindergarten_programme)
    return {
        "programmes": Programme.objects.count(),
        "regions": Region.objects.count(),
        "owners": Owner.objects.count(),
        "units": Unit.objects.count(),
        "groups": Group.objects.count(),
        "people": Person.objects.count(),
    }


def _build_structure(rng: random.Random, school_p: Programme, kg_p: Programme) -> None:
    owners: dict[str, Owner] = {}
    for name, short, aliases, municipalities in REGIONS:
        regions = [
            Region.objects.create(programme=p, name=name, short_name=short, aliases=aliases)
            for p in (school_p, kg_p)
        ]
        for municipality in municipalities:
            owner = Owner.objects.create(
                name=f"{municipality} kommune", kind=OwnerKind.MUNICIPALITY
            )
            owners[municipality] = owner
            for region in regions:
                RegionOwner.objects.create(region=region, owner=owner)

    units: list[Unit] = []
    enrolments: list[Enrolment] = []
    for municipality, owner in owners.items():
        school_names = rng.sample(_SCHOOL_STEMS, 3)
        kg_names = rng.sample(_KINDERGARTEN_STEMS, 2)
        if municipality == DEMO_MUNICIPALITY:
            school_names[0] = DEMO_SCHOOL.removesuffix(" skole")
            kg_names[0] = DEMO_KINDERGARTEN.removesuffix(" barnehage")
        for i, stem in enumerate(school_names):
            suffix = "ungdomsskole" if i == 2 else "skole"
            units.append(Unit(name=f"{stem} {suffix}", kind=UnitKind.PRIMARY, owner=owner))
        for stem in kg_names:
            units.append(Unit(name=f"{stem} barnehage", kind=UnitKind.KINDERGARTEN, owner=owner))
        units.append(Unit(name=f"{municipality} PPT", kind=UnitKind.PPT, owner=owner))
    Unit.objects.bulk_create(units)
    units = list(Unit.objects.filter(owner__in=owners.values()))

    groups: list[Group] = []
    for unit in units:
        if unit.kind == UnitKind.PRIMARY:
            enrolments.append(Enrolment(unit=unit, programme=school_p))
            grades = range(8, 11) if unit.name.endswith("ungdomsskole") else range(1, 8)
            for grade in grades:
                for letter in "AB"[: rng.choice((1, 2))] if unit.name != DEMO_SCHOOL else "AB":
                    groups.append(
                        Group(unit=unit, name=f"{grade}{letter}", kind=GroupKind.CLASS, grade=grade)
                    )
        elif unit.kind == UnitKind.KINDERGARTEN:
            enrolments.append(Enrolment(unit=unit, programme=kg_p))
            for department in rng.sample(_DEPARTMENTS, 3):
                groups.append(Group(unit=unit, name=department, kind=GroupKind.DEPARTMENT))
    Enrolment.objects.bulk_create(enrolments)
    Group.objects.bulk_create(groups)
    _build_staff(rng, [u for u in units if u.kind != UnitKind.PPT])


def demo_organisation_number(key: str) -> str:
    """An invented organisation number (nine digits, a valid check digit) that is the same
    for the same ``key`` every time: the register samples in samla/demo/samples use them."""
    seed = int(hashlib.sha256(key.encode()).hexdigest(), 16)
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    while True:
        base = f"9{seed % 10**7:07d}"
        remainder = sum(int(d) * w for d, w in zip(base, weights, strict=True)) % 11
        check = 0 if remainder == 0 else 11 - remainder
        if check != 10:
            return f"{base}{check}"
        seed //= 7


def _number_the_organisation(programmes: tuple[Programme, ...]) -> None:
    """Municipality numbers on the regions and the owners; organisation numbers, grades and
    language form on the units, where they are still empty (a demo built before they
    existed gets them too)."""
    for region in Region.objects.filter(programme__in=programmes, municipality_numbers=[]):
        names = next(m for n, _s, _a, m in REGIONS if n == region.name)
        region.municipality_numbers = [MUNICIPALITY_NUMBERS[m] for m in names]
        region.save(update_fields=["municipality_numbers"])
    names = [f"{m} kommune" for m in MUNICIPALITY_NUMBERS]
    owners = list(Owner.objects.filter(name__in=names, municipality_number=""))
    for owner in owners:
        owner.municipality_number = MUNICIPALITY_NUMBERS[owner.name.removesuffix(" kommune")]
        owner.county_number = COUNTY_NUMBER
    Owner.objects.bulk_update(owners, ["municipality_number", "county_number"])
    units = list(
        Unit.objects.select_related("owner").filter(
            owner__name__in=names, organisation_number="", source=""
        )
    )
    for unit in units:
        unit.municipality_number = unit.owner.municipality_number
        unit.organisation_number = demo_organisation_number(f"{unit.owner.name}/{unit.name}")
        unit.language_form = LanguageForm.BOKMAL if unit.kind != UnitKind.PPT else ""
        if unit.kind == UnitKind.PRIMARY:
            upper = unit.name.endswith("ungdomsskole")
            unit.lowest_grade, unit.highest_grade = (8, 10) if upper else (1, 7)
    Unit.objects.bulk_update(
        units,
        ["municipality_number", "organisation_number", "language_form", "lowest_grade",
         "highest_grade"],
    )  # fmt: skip


def _build_staff(rng: random.Random, units: list[Unit]) -> None:
    """A leader and a few staff at every unit, without passwords: they cannot log in."""
    people: list[Person] = []
    roles: list[tuple[int, str, str]] = []
    for unit in units:
        is_school = unit.kind == UnitKind.PRIMARY
        titles = [("rektor" if is_school else "styrer", Role.UNIT_LEADER)]
        staff_title = "lærer" if is_school else "barnehagelærer"
        titles += [(staff_title, Role.STAFF)] * rng.randint(4, 7)
        for title, role in titles:
            n = len(people)
            person = Person(
                username=f"ansatt{n + 1:04d}",
                first_name=rng.choice(_FIRST_NAMES),
                last_name=rng.choice(_LAST_NAMES),
            )
            person.set_unusable_password()
            people.append(person)
            roles.append((unit.pk, role, title))
    Person.objects.bulk_create(people)
    saved = {p.username: p for p in Person.objects.filter(username__startswith="ansatt")}
    Membership.objects.bulk_create(
        Membership(person=saved[person.username], role=role, unit_id=unit_id, title=title)
        for person, (unit_id, role, title) in zip(people, roles, strict=True)
    )


def _ensure_demo_users(school_p: Programme, kg_p: Programme) -> None:
    hamar = Owner.objects.get(name=f"{DEMO_MUNICIPALITY} kommune")
    school = Unit.objects.get(owner=hamar, name=DEMO_SCHOOL)
    kindergarten = Unit.objects.get(owner=hamar, name=DEMO_KINDERGARTEN)
    class_6a = Group.objects.get(unit=school, name="6A")
    hamar_regions = list(Region.objects.filter(short_name="HR", programme__in=(school_p, kg_p)))

    scopes: dict[str, list[dict]] = {
        "admin": [{"programme": school_p}, {"programme": kg_p}],
        "forsker": [{"programme": school_p}, {"programme": kg_p}],
        "statsforvalter": [{"programme": school_p}, {"programme": kg_p}],
        "region": [{"region": r} for r in hamar_regions],
        "eier": [{"owner": hamar}],
        "rektor": [{"unit": school}],
        "styrer": [{"unit": kindergarten}],
        "gruppeleder": [{"unit": school}],
        "laerer": [{"group": class_6a}],
        "ppt": [{"unit": school}, {"unit": kindergarten}],
        "tillitsvalgt": [{"programme": school_p}],
    }
    for demo in DEMO_USERS:
        person, created = Person.objects.get_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "email": f"{demo.username}@demo.samla.invalid",
            },
        )
        if created or not person.has_usable_password():
            person.set_password(DEMO_PASSWORD)
            person.save(update_fields=["password"])
        for scope in scopes[demo.username]:
            Membership.objects.get_or_create(
                person=person, role=demo.role, defaults={"title": demo.title}, **scope
            )
