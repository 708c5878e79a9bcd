"""The people the page benchmarks log in as: people of the national dataset at its heaviest
places, renamed and given the demo password (``samla.org.demo.DEMO_PASSWORD``). The
programme roles are in the first county (Viken at full scale: the largest programmes);
the owner and the units are at the municipality with most units (Oslo at full scale):

==========================  ==============================================================
nasjonal-admin              programme administrator of the first county's two programmes
nasjonal-forsker            researcher, the same programmes
nasjonal-statsforvalter     the county governor's observer, the same programmes
nasjonal-tillitsvalgt       union representative, the first county's school programme
nasjonal-region             region coordinator of the first county's region with most
                            units (in both programmes)
nasjonal-eier               owner (kommunalsjef) of the municipality with most units
nasjonal-rektor             unit leader of that municipality's large school (150 classes,
                            grades 1–10, from scale 0.1; the largest school at any scale)
nasjonal-styrer             unit leader of that municipality's kindergarten with most
                            departments
nasjonal-gruppeleder        group leader at the large school, leading its "Gruppe 1"
nasjonal-laerer             contact teacher (staff) of a 6th-grade class at the large school
nasjonal-ppt                PPT advisor for the large school (and other units of the owner)
==========================  ==============================================================
"""

from __future__ import annotations

import numpy as np
from django.contrib.auth.hashers import make_password
from django.db.models import Count

from samla.learning.models import LearningGroup
from samla.org.demo import DEMO_PASSWORD
from samla.org.models import Membership, Person, Region, Role, Unit

from .national_org import Nation

USERNAMES = (
    "nasjonal-admin", "nasjonal-forsker", "nasjonal-statsforvalter", "nasjonal-tillitsvalgt",
    "nasjonal-region", "nasjonal-eier", "nasjonal-rektor", "nasjonal-styrer",
    "nasjonal-gruppeleder", "nasjonal-laerer", "nasjonal-ppt",
)  # fmt: skip


def _first(**where) -> Membership:
    return Membership.objects.filter(**where).select_related("person").order_by("pk").first()


def make_bench_users(nation: Nation) -> list[tuple[str, str, str]]:
    """Rename and give the demo password to one person per role; return (username, role,
    place) for the table the command prints."""
    school_programme = nation.programmes[0][0]
    owners = np.flatnonzero(nation.owner_county == 0)
    units_in_region = np.bincount(
        nation.owner_region[nation.unit_owner[np.isin(nation.unit_owner, owners)]]
    )
    region = nation.regions[0][int(np.argmax(units_in_region))][0]
    big_school = Unit.objects.get(pk=int(nation.unit_ids[nation.big_school]))
    kindergarten = Unit.objects.get(pk=int(nation.unit_ids[nation.big_kindergarten]))
    group = LearningGroup.objects.get(pk=int(nation.learning_first[nation.big_school]))
    teacher = (
        Membership.objects.filter(role=Role.STAFF, group__unit=big_school, group__grade=6)
        .exclude(person=group.leader)
        .order_by("group__name")
        .first()
    )
    classes = big_school.groups.count()
    chosen = [
        (_first(role=Role.PROGRAMME_ADMIN, programme=school_programme), "both programmes"),
        (_first(role=Role.RESEARCHER, programme=school_programme), "both programmes"),
        (_first(role=Role.OBSERVER, programme=school_programme), "both programmes"),
        (_first(role=Role.UNION_REPRESENTATIVE, programme=school_programme), school_programme.name),
        (_first(role=Role.REGION_COORDINATOR, region=region), _region_text(region)),
        (_first(role=Role.OWNER, owner=big_school.owner), _owner_text(big_school.owner)),
        (_first(role=Role.UNIT_LEADER, unit=big_school), f"{big_school.name}, {classes} classes"),
        (_first(role=Role.UNIT_LEADER, unit=kindergarten), kindergarten.name),
        (_first(role=Role.GROUP_LEADER, unit=big_school, person=group.leader),
         f"{big_school.name}, {group.name}"),
        (teacher, f"{big_school.name}, {teacher.group.name}"),
        (_first(role=Role.PPT_ADVISOR, unit=big_school), big_school.name),
    ]  # fmt: skip
    password = make_password(DEMO_PASSWORD)  # one hash for all: they share the password
    table = []
    for username, (membership, place) in zip(USERNAMES, chosen, strict=True):
        Person.objects.filter(pk=membership.person_id).update(
            username=username, email=f"{username}@demo.samla.invalid", password=password
        )
        if place == "both programmes":
            place = f"{nation.counties[0][0]}, both programmes"
        table.append((username, str(Role(membership.role).label), place))
    return table


def _region_text(region: Region) -> str:
    units = Unit.objects.filter(owner__regionowner__region=region).count()
    return f"{region.name} ({region.owners.count()} owners, {units} units)"


def _owner_text(owner) -> str:
    counted = owner.units.aggregate(n=Count("pk"))["n"]
    return f"{owner.name} ({counted} units)"
