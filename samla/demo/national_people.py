"""The national dataset's people and their roles.

Every unit has a leader (rektor, styrer) and staff: a contact teacher per class or a
pedagogical leader per department (staff at that class or department), the others staff
at the unit. Above the units: two at every owner (kommunalsjef, rådgiver) and a union
representative, a coordinator per region (in both of the county's programmes), PPT
advisors for the owner's units, and per county two programme administrators, a
researcher, a county governor's observer and a union representative.

Nobody here can log in: the password is unusable (no hashing, so 120 000 people are
quick). The bench users are some of these people, renamed and given the demo password
afterwards (``national_bench``)."""

from __future__ import annotations

import math
import secrets

import numpy as np
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.utils import timezone

from samla.org.models import Membership, Person, Role

from .national_copy import next_ids, write_rows
from .national_names import FIRST_NAMES, LAST_NAMES
from .national_org import Nation

PPT_UNITS = 25  # units per PPT advisor
SCHOOL_TITLES = ("rektor", "kontaktlærer", ("lærer", "lærer", "lærer", "lærer", "assistent"))
KINDERGARTEN_TITLES = (
    "styrer",
    "pedagogisk leder",
    ("barnehagelærer", "fagarbeider", "assistent", "assistent"),
)


def _above_units(nation: Nation) -> list[tuple[str, list[tuple[str, str, int]]]]:
    """(title, [(role, scope field, scope id)]) per person above the units."""
    people = []
    for county, (school, kindergarten) in enumerate(nation.programmes):
        both = [school.pk, kindergarten.pk]
        for title, role in (
            ("programmeadministrator", Role.PROGRAMME_ADMIN),
            ("programmeadministrator", Role.PROGRAMME_ADMIN),
            ("forsker", Role.RESEARCHER),
            ("seniorrådgiver, Statsforvalteren", Role.OBSERVER),
            ("hovedtillitsvalgt", Role.UNION_REPRESENTATIVE),
        ):
            people.append((title, [(role, "programme", pk) for pk in both]))
        for pair in nation.regions[county]:
            scopes = [(Role.REGION_COORDINATOR, "region", region.pk) for region in pair]
            people.append(("regionkoordinator", scopes))
    owner_units = np.bincount(nation.unit_owner, minlength=len(nation.owner_ids))
    for owner, owner_id in enumerate(nation.owner_ids.tolist()):
        for title in ("kommunalsjef for oppvekst", "rådgiver"):
            people.append((title, [(Role.OWNER, "owner", owner_id)]))
        people.append(("hovedtillitsvalgt", [(Role.UNION_REPRESENTATIVE, "owner", owner_id)]))
        units = nation.unit_ids[nation.unit_owner == owner].tolist()
        advisors = max(1, math.ceil(owner_units[owner] / PPT_UNITS))
        for advisor in range(advisors):
            scopes = [(Role.PPT_ADVISOR, "unit", u) for u in units[advisor::advisors]]
            people.append(("PP-rådgiver", scopes))
    return people


def build_people(nation: Nation, counts: dict[str, int], rng: np.random.Generator) -> dict:
    above = _above_units(nation)
    groups = np.bincount(nation.group_unit, minlength=len(nation.unit_ids))
    raw = np.where(nation.unit_school, groups * 1.6 + 3, groups * 2.3 + 1)
    target = max(counts["staff"] - len(above), 2 * len(nation.unit_ids))
    staff = np.maximum(2, np.rint(raw * target / raw.sum())).astype(np.int64)
    nation.unit_staff = staff
    total = int(staff.sum()) + len(above)
    ids = next_ids(Person, total)
    nation.unit_first_person = ids[0] + np.r_[0, np.cumsum(staff)[:-1]]
    now = timezone.now()
    first = rng.integers(0, len(FIRST_NAMES), total)
    last = rng.integers(0, len(LAST_NAMES), total)
    people = (
        (
            person_id,
            UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
            None, False, f"nasj{person_id:07d}",
            FIRST_NAMES[first[i]], LAST_NAMES[last[i]],
            f"nasj{person_id:07d}@demo.samla.invalid", False, True, now, "", 0,
        )
        for i, person_id in enumerate(ids)
    )  # fmt: skip
    columns = ["id", "password", "last_login", "is_superuser", "username", "first_name",
               "last_name", "email", "is_staff", "is_active", "date_joined", "language",
               "unread_notifications"]  # fmt: skip
    write_rows(Person, columns, people)
    memberships = list(_unit_roles(nation, rng))
    above_first = ids[0] + int(staff.sum())
    for offset, (title, scopes) in enumerate(above):
        for role, field, scope_id in scopes:
            memberships.append((above_first + offset, role, field, scope_id, title))
    write_memberships(memberships)
    return {"people": total, "memberships": len(memberships)}


def write_memberships(rows: list[tuple[int, str, str, int, str]]) -> None:
    """Memberships as (person id, role, scope field, scope id, title)."""
    fields = ("programme", "region", "owner", "unit", "group")
    now = timezone.now()
    ids = next_ids(Membership, len(rows))
    out = (
        (
            membership_id, person, role,
            *(scope_id if field == f else None for f in fields),
            title, now,
        )
        for membership_id, (person, role, field, scope_id, title) in zip(ids, rows, strict=True)
    )  # fmt: skip
    columns = ["id", "person_id", "role", *(f"{f}_id" for f in fields), "title", "created_at"]
    write_rows(Membership, columns, out)


def _unit_roles(nation: Nation, rng: np.random.Generator):
    """The leader first, then one staff member per class or department, then the rest."""
    order = np.argsort(nation.group_unit, kind="stable")
    bounds = np.r_[0, np.cumsum(np.bincount(nation.group_unit, minlength=len(nation.unit_ids)))]
    for unit, unit_id in enumerate(nation.unit_ids.tolist()):
        leader_title, group_title, others = (
            SCHOOL_TITLES if nation.unit_school[unit] else KINDERGARTEN_TITLES
        )
        person = int(nation.unit_first_person[unit])
        yield (person, Role.UNIT_LEADER, "unit", unit_id, leader_title)
        groups = nation.group_ids[order[bounds[unit] : bounds[unit + 1]]].tolist()
        count = int(nation.unit_staff[unit])
        picks = rng.integers(0, len(others), count)
        for offset in range(1, count):
            if offset <= len(groups):
                yield (person + offset, Role.STAFF, "group", groups[offset - 1], group_title)
            else:
                yield (person + offset, Role.STAFF, "unit", unit_id, others[picks[offset]])
