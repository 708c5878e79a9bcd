"""Changes to a unit's packages, implementation plan and learning groups."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samla.core.validators import validate_school_year
from samla.org.models import Membership, Person, Unit

from ..grouping import suggest_groups
from ..models import (
    GROUP_SIZE,
    GroupMember,
    LearningGroup,
    Meeting,
    MeetingStatus,
    ModuleProgress,
    Package,
    StaffArea,
    UnitPackageChoice,
)


def unit_staff(unit: Unit) -> list[Person]:
    """The people who work at a unit (leaders, group leaders, staff, also through a class),
    by name: the only people who can be put in its learning groups."""
    ids = Membership.objects.filter(Q(unit=unit) | Q(group__unit=unit)).filter(
        role__in=("unit_leader", "group_leader", "staff")
    )
    return list(
        Person.objects.filter(pk__in=ids.values("person_id")).order_by(
            "first_name", "last_name", "username"
        )
    )


def choose_package(unit: Unit, package: Package, school_year: str, by: Person | None):
    """The unit works on a package in a school year.

    Side effects: creates the UnitPackageChoice if it is not there."""
    validate_school_year(school_year)
    if not unit.programmes.filter(pk=package.programme_id).exists():
        raise ValidationError(_("The unit does not take part in the programme of this package."))
    choice, _created = UnitPackageChoice.objects.get_or_create(
        unit=unit, package=package, school_year=school_year, defaults={"updated_by": by}
    )
    return choice


def drop_package(choice: UnitPackageChoice) -> None:
    """The unit no longer works on the package. Refused once a group has met or finished a
    module of it. Side effects: deletes the choice."""
    used = Q(group__unit=choice.unit, group__school_year=choice.school_year) & Q(
        module__package=choice.package
    )
    if Meeting.objects.filter(used).exists() or ModuleProgress.objects.filter(used).exists():
        raise ValidationError(
            _("Groups have already worked on this package this year, so it stays.")
        )
    choice.delete()


@transaction.atomic
def save_implementation_plan(
    choice: UnitPackageChoice, text: str, condition_ids: Iterable[int], by: Person | None
) -> UnitPackageChoice:
    """Write how the unit carries out the package, and tick the conditions it meets.

    Side effects: saves the choice and replaces its ticked conditions."""
    programme_conditions = set(choice.package.programme.conditions.values_list("pk", flat=True))
    chosen = set(condition_ids)
    if not chosen <= programme_conditions:
        raise ValidationError(_("Tick only the conditions of the package's programme."))
    choice.implementation_plan = text.strip()
    choice.updated_by = by
    choice.save(update_fields=["implementation_plan", "updated_by", "updated_at"])
    choice.conditions_met.set(chosen)
    return choice


def set_staff_area(unit: Unit, person: Person, area: str) -> None:
    """Note a staff member's subject or department (blank removes it).

    Side effects: creates, changes or deletes the StaffArea."""
    area = area.strip()
    if not area:
        StaffArea.objects.filter(unit=unit, person=person).delete()
        return
    StaffArea.objects.update_or_create(unit=unit, person=person, defaults={"area": area[:80]})


def size_warning(size: int) -> str:
    """The warning for a group outside 5–7, or ""."""
    if size in GROUP_SIZE:
        return ""
    return ngettext(
        "The group has %(n)d member. Learning groups work best with 5–7.",
        "The group has %(n)d members. Learning groups work best with 5–7.",
        size,
    ) % {"n": size}


def _check_people(unit: Unit, people: Iterable[Person]) -> list[Person]:
    staff = {p.pk for p in unit_staff(unit)}
    people = list(dict.fromkeys(people))
    outside = [p for p in people if p.pk not in staff]
    if outside:
        raise ValidationError(
            _("Only people who work at %(unit)s can be in its learning groups: %(names)s.")
            % {"unit": unit, "names": ", ".join(str(p) for p in outside)}
        )
    return people


@transaction.atomic
def create_group(
    unit: Unit,
    school_year: str,
    name: str,
    leader: Person | None = None,
    members: Iterable[Person] = (),
) -> tuple[LearningGroup, str]:
    """Start a learning group. The leader is a member too.

    Side effects: creates the LearningGroup and its GroupMembers. Returns the group and a
    size warning ("" when it has 5–7 members)."""
    validate_school_year(school_year)
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the group a name."))
    if LearningGroup.objects.filter(unit=unit, school_year=school_year, name=name).exists():
        raise ValidationError(
            _("There is already a group called %(name)s this school year.") % {"name": name}
        )
    try:
        with transaction.atomic():
            group = LearningGroup.objects.create(unit=unit, school_year=school_year, name=name)
    except IntegrityError as clash:  # made at the same moment by someone else
        raise ValidationError(
            _("There is already a group called %(name)s this school year.") % {"name": name}
        ) from clash
    people = list(members)
    if leader is not None and leader not in people:
        people.insert(0, leader)
    warning = set_members(group, people)
    if leader is not None:
        set_group_leader(group, leader)
    return group, warning


@transaction.atomic
def set_members(group: LearningGroup, people: Iterable[Person]) -> str:
    """Make exactly these people the group's members. A person is in one group per unit and
    school year; the group leader stays a member.

    Side effects: adds and removes GroupMembers (attendance at past meetings is kept).
    Returns the size warning, or ""."""
    people = _check_people(group.unit, people)
    if group.leader_id and group.leader_id not in {p.pk for p in people}:
        raise ValidationError(
            _("%(name)s leads the group and stays in it. Choose another group leader first.")
            % {"name": group.leader}
        )
    taken = dict(
        GroupMember.objects.filter(
            unit=group.unit, school_year=group.school_year, person__in=people
        )
        .exclude(group=group)
        .values_list("person_id", "group__name")
    )
    if taken:
        names = ", ".join(f"{p} ({taken[p.pk]})" for p in people if p.pk in taken)
        raise ValidationError(
            _(
                "A person is in one learning group per school year. Already in another group: "
                "%(names)s."
            )
            % {"names": names}
        )
    wanted = {p.pk for p in people}
    group.members.exclude(person_id__in=wanted).delete()
    have = set(group.members.values_list("person_id", flat=True))
    GroupMember.objects.bulk_create(
        GroupMember(group=group, person=p, unit_id=group.unit_id, school_year=group.school_year)
        for p in people
        if p.pk not in have
    )
    return size_warning(len(wanted))


def set_group_leader(group: LearningGroup, leader: Person | None) -> LearningGroup:
    """Pick the group's leader from its members (None: no leader yet).

    Side effects: saves the group."""
    if leader is not None and not group.members.filter(person=leader).exists():
        raise ValidationError(
            _("The group leader must be a member of the group. Add %(name)s to it first.")
            % {"name": leader}
        )
    group.leader = leader
    group.save(update_fields=["leader"])
    return group


@transaction.atomic
def divide_staff(
    unit: Unit,
    school_year: str,
    members: dict[LearningGroup, list[Person]],
    leaders: dict[LearningGroup, Person | None],
) -> dict[int, str]:
    """Place the unit's staff in its learning groups for a school year in one step: the
    people of each group and its leader (a member of that group). People left out of every
    group are taken out of their group.

    Side effects: replaces the GroupMembers of the unit's groups that year (attendance at
    past meetings is kept) and sets the groups' leaders. Returns the size warning per group
    id ("" for a group of 5–7)."""
    groups = list(LearningGroup.objects.filter(unit=unit, school_year=school_year))
    if set(members) - set(groups) or set(leaders) - set(groups):
        raise ValidationError(_("Choose groups of this unit and school year."))
    seen: dict[int, LearningGroup] = {}
    for group, people in members.items():
        for person in _check_people(unit, people):
            if person.pk in seen and seen[person.pk] != group:
                raise ValidationError(
                    _(
                        "%(name)s is placed in two groups. A person is in one learning group "
                        "per school year."
                    )
                    % {"name": person}
                )
            seen[person.pk] = group
    for group, leader in leaders.items():
        if leader is not None and seen.get(leader.pk) != group:
            raise ValidationError(
                _(
                    "The group leader of %(group)s must be a member of it. Place %(name)s in "
                    "the group, or choose another leader."
                )
                % {"group": group, "name": leader}
            )
    wanted = {group.pk: {p.pk for p in members.get(group, [])} for group in groups}
    for group in groups:
        group.members.exclude(person_id__in=wanted[group.pk]).delete()
    have = set(GroupMember.objects.filter(group__in=groups).values_list("group_id", "person_id"))
    GroupMember.objects.bulk_create(
        GroupMember(group_id=g, person_id=p, unit_id=unit.pk, school_year=school_year)
        for g, people in wanted.items()
        for p in sorted(people)
        if (g, p) not in have
    )
    for group in groups:
        leader = leaders.get(group, group.leader if group.leader_id in wanted[group.pk] else None)
        if (leader.pk if leader else None) != group.leader_id:
            group.leader = leader
            group.save(update_fields=["leader"])
    return {group.pk: size_warning(len(wanted[group.pk])) for group in groups}


@transaction.atomic
def save_group(
    group: LearningGroup, name: str, members: list[Person], leader: Person | None
) -> str:
    """The group's page form in one go: its name, exactly these members (the leader among
    them, added when missing) and its leader (None: no leader).

    Side effects: those of ``rename_group``, ``set_members`` and ``set_group_leader``,
    all or none. Returns the size warning, or ""."""
    rename_group(group, name)
    people = list(members)
    if group.leader_id and (leader is None or leader.pk != group.leader_id):
        set_group_leader(group, None)
    if leader is not None and leader not in people:
        people.append(leader)
    warning = set_members(group, people)
    set_group_leader(group, leader)
    return warning


@transaction.atomic
def save_division(
    unit: Unit,
    school_year: str,
    areas: dict[Person, str],
    members: dict[LearningGroup, list[Person]],
    leaders: dict[LearningGroup, Person | None],
) -> dict[int, str]:
    """The division of staff page in one go: each person's subject or area, then who is in
    which group and who leads it.

    Side effects: those of ``set_staff_area`` and ``divide_staff``, all or none. Returns
    the size warning per group id."""
    for person, area in areas.items():
        set_staff_area(unit, person, area)
    return divide_staff(unit, school_year, members, leaders)


@transaction.atomic
def rename_group(group: LearningGroup, name: str) -> LearningGroup:
    """Give the group a new name. Side effects: saves it."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the group a name."))
    group.name = name
    try:
        with transaction.atomic():
            group.save(update_fields=["name"])
    except IntegrityError as clash:
        raise ValidationError(
            _("There is already a group called %(name)s this school year.") % {"name": name}
        ) from clash
    return group


def delete_group(group: LearningGroup) -> None:
    """Remove a group that has not met. Side effects: deletes it and its members."""
    if group.meetings.filter(status=MeetingStatus.HELD).exists():
        raise ValidationError(_("The group has held meetings, so its record is kept."))
    group.delete()


@transaction.atomic
def create_suggested_groups(
    unit: Unit, school_year: str, people: list[Person]
) -> list[tuple[LearningGroup, str]]:
    """Make the groups Samla suggests for these people (cross-disciplinary, 5–7 each),
    named "Gruppe 1", "Gruppe 2" … after any the unit has.

    Side effects: creates LearningGroups and GroupMembers."""
    areas = dict(
        StaffArea.objects.filter(unit=unit, person__in=people).values_list("person_id", "area")
    )
    by_id = {p.pk: p for p in people}
    suggestion = suggest_groups([(p.pk, areas.get(p.pk, "")) for p in people])
    existing = set(
        LearningGroup.objects.filter(unit=unit, school_year=school_year).values_list(
            "name", flat=True
        )
    )
    made = []
    number = 1
    for ids in suggestion:
        while (name := _("Group %(number)d") % {"number": number}) in existing:
            number += 1
        existing.add(name)
        made.append(create_group(unit, school_year, name, members=[by_id[i] for i in ids]))
    return made
