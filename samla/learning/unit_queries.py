"""Reads for a unit's learning pages, as plain data or lists: the packages and groups of
a school year, the division of staff, and a group's page (its modules, marks, meetings and
people)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from samla.org.models import Membership, Person, Programme, Unit

from .models import (
    LearningGroup,
    Meeting,
    Module,
    MultiYearPlanEntry,
    Package,
    StaffArea,
    UnitPackageChoice,
)

# --- A group's page ---------------------------------------------------------------------


def modules_for(group: LearningGroup) -> QuerySet[Module]:
    """The modules of the packages the group's unit works on in the group's school year."""
    packages = UnitPackageChoice.objects.filter(
        unit_id=group.unit_id, school_year=group.school_year
    ).values("package_id")
    return Module.objects.filter(package_id__in=packages).select_related("package__programme")


def group_modules(group: LearningGroup) -> list[Module]:
    """``modules_for`` by package title and number, as the group's pages list them."""
    return list(modules_for(group).order_by("package__title", "number"))


def progress_rows(group: LearningGroup) -> list[dict]:
    """Each module of the group's packages with the group's mark (None: not finished)."""
    done = {p.module_id: p for p in group.progress.all()}
    return [{"module": m, "done": done.get(m.pk)} for m in group_modules(group)]


def catalogue_modules(unit: Unit) -> QuerySet[Module]:
    """The modules in the catalogues of the unit's programmes: those a group of the unit
    may be asked about (whether its unit works on them this year or not)."""
    return Module.objects.filter(package__programme__in=unit.programmes.values("pk"))


def group_meetings(group: LearningGroup) -> list[Meeting]:
    """The group's meetings, each with its module and attendance."""
    return list(group.meetings.select_related("module__package").prefetch_related("attendance"))


def group_members(group: LearningGroup) -> list[Person]:
    """The group's members by name."""
    return list(
        Person.objects.filter(learning_memberships__group=group).order_by("first_name", "last_name")
    )


def meeting_people(meeting: Meeting) -> list[Person]:
    """The group's members, and anyone recorded as present who has moved group since."""
    return list(
        Person.objects.filter(
            Q(learning_memberships__group=meeting.group)
            | Q(pk__in=meeting.attendance.values("person_id"))
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


# --- A unit's learning page and its division of staff --------------------------------------


def unit_choices(unit: Unit, school_year: str) -> list[UnitPackageChoice]:
    """The packages the unit works on that year, each with its number of modules
    (``modules``) and of conditions ticked (``ticked``)."""
    return list(
        UnitPackageChoice.objects.filter(unit=unit, school_year=school_year)
        .select_related("package__programme")
        .annotate(
            modules=Count("package__modules", distinct=True),
            ticked=Count("conditions_met", distinct=True),
        )
    )


def unit_choice(unit: Unit, pk: int) -> UnitPackageChoice | None:
    """One of the unit's package choices, with its package and programme; None for a
    choice of another unit."""
    return (
        UnitPackageChoice.objects.select_related("package__programme")
        .filter(pk=pk, unit=unit)
        .first()
    )


def available_packages(programmes: list[Programme], chosen_ids: set[int]) -> list[Package]:
    """The packages of the programmes' catalogues the unit has not chosen."""
    return list(Package.objects.filter(programme__in=programmes).exclude(pk__in=chosen_ids))


def planned_package_ids(programmes: list[Programme], school_year: str) -> set[int]:
    """The packages the programmes' multi-year plans give that school year."""
    return set(
        MultiYearPlanEntry.objects.filter(
            programme__in=programmes, school_year=school_year
        ).values_list("package_id", flat=True)
    )


def unit_groups(unit: Unit, school_year: str) -> list[LearningGroup]:
    """The unit's groups that year, each with its leader and size (``size``)."""
    return list(
        LearningGroup.objects.filter(unit=unit, school_year=school_year)
        .select_related("leader")
        .annotate(size=Count("members"))
    )


def division_groups(unit: Unit, school_year: str) -> list[LearningGroup]:
    """The unit's groups that year by name, each with its leader and members."""
    return list(
        LearningGroup.objects.filter(unit=unit, school_year=school_year)
        .select_related("leader")
        .prefetch_related(Prefetch("members"))
        .order_by("name", "pk")
    )


def staff_areas(unit: Unit) -> dict[int, str]:
    """Person id → the subject or area the person works in at the unit."""
    return dict(StaffArea.objects.filter(unit=unit).values_list("person_id", "area"))


def staff_titles(unit: Unit, staff: list[Person]) -> dict[int, list[str]]:
    """Person id → the person's titles (or roles) at the unit and its classes."""
    titles: dict[int, list[str]] = {}
    for person_id, title, role in Membership.objects.filter(
        Q(unit=unit) | Q(group__unit=unit), person__in=staff
    ).values_list("person_id", "title", "role"):
        titles.setdefault(person_id, []).append(title or role)
    return titles
