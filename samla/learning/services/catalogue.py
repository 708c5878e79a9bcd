"""Changes to a programme's catalogue, multi-year plan, conditions and meeting rule."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from samla.core.validators import validate_school_year
from samla.org.models import Programme

from .. import queries
from ..models import (
    Audience,
    LearningSettings,
    Module,
    MultiYearPlanEntry,
    Package,
    ProgrammeCondition,
)


@dataclass(frozen=True)
class PackageInput:
    title: str
    level: str
    audience: str = Audience.ALL_STAFF
    theme: str = ""
    description: str = ""
    links: tuple[str, ...] = ()


def save_package(programme: Programme, data: PackageInput, package: Package | None = None):
    """Add a package to the programme's catalogue, or change one.

    Side effects: creates or saves the Package."""
    package = package or Package(programme=programme)
    package.title = data.title.strip()
    package.level = data.level
    package.audience = data.audience
    package.theme = data.theme.strip()
    package.description = data.description.strip()
    package.links = [link.strip() for link in data.links if link.strip()]
    package.full_clean()
    package.save()
    return package


def delete_package(package: Package) -> None:
    """Remove a package no unit has chosen. Side effects: deletes it, its modules and its
    places in the multi-year plan."""
    if package.choices.exists():
        raise ValidationError(
            _(
                "Units have chosen this package, so it cannot be removed. Take it out of the "
                "multi-year plan instead."
            )
        )
    package.delete()


@dataclass(frozen=True)
class ModuleInput:
    title: str
    kind: str
    purpose: str = ""
    minutes: int = 90
    materials: str = ""
    meeting_tasks: str = ""
    between_work: str = ""
    reflection_questions: str = ""


@transaction.atomic
def save_module(package: Package, data: ModuleInput, module: Module | None = None) -> Module:
    """Add a module at the end of a package, or change one.

    Side effects: creates or saves the Module."""
    if module is None:
        last = package.modules.aggregate(m=Max("number"))["m"] or 0
        module = Module(package=package, number=last + 1)
    for field in ModuleInput.__dataclass_fields__:
        value = getattr(data, field)
        setattr(module, field, value.strip() if isinstance(value, str) else value)
    module.full_clean()
    module.save()
    return module


@transaction.atomic
def delete_module(module: Module) -> None:
    """Remove a module no group has met about or finished, and number the ones after it
    down by one. Side effects: deletes the Module; renumbers the package's modules."""
    if module.progress.exists() or module.meetings.exists():
        raise ValidationError(
            _(
                "Groups have worked on this module, so it cannot be removed. Change its text "
                "instead."
            )
        )
    package, number = module.package, module.number
    module.delete()
    for later in package.modules.filter(number__gt=number).order_by("number"):
        later.number -= 1
        later.save(update_fields=["number"])


@transaction.atomic
def move_module(module: Module, offset: int) -> None:
    """Move a module up (-1) or down (+1) in its package. Side effects: swaps two numbers."""
    other = module.package.modules.filter(number=module.number + offset).first()
    if other is None:
        return
    mine, theirs = module.number, other.number
    # Through a free number, so the unique (package, number) holds at every step.
    free = (module.package.modules.aggregate(m=Max("number"))["m"] or 0) + 1
    Module.objects.filter(pk=module.pk).update(number=free)
    Module.objects.filter(pk=other.pk).update(number=mine)
    Module.objects.filter(pk=module.pk).update(number=theirs)
    module.number = theirs


def add_plan_entry(
    programme: Programme, audience: str, school_year: str, package: Package
) -> MultiYearPlanEntry:
    """Put a package in the multi-year plan for an audience and school year.

    Side effects: creates the entry if it is not there."""
    validate_school_year(school_year)
    if audience not in Audience.values:
        raise ValidationError(_("Choose who the package is for."))
    if package.programme_id != programme.pk:
        raise ValidationError(_("The package belongs to another programme."))
    entry, _created = MultiYearPlanEntry.objects.get_or_create(
        programme=programme, audience=audience, school_year=school_year, package=package
    )
    return entry


def remove_plan_entry(entry: MultiYearPlanEntry) -> None:
    """Take a package out of one cell of the multi-year plan. Side effects: deletes it."""
    entry.delete()


def set_meeting_rule(programme: Programme, meetings: int, minutes: int) -> LearningSettings:
    """Set how many meetings of what length each group should hold each semester.

    Side effects: creates or saves the programme's LearningSettings."""
    settings = queries.meeting_settings(programme)
    settings.meetings_per_semester = meetings
    settings.minutes_per_meeting = minutes
    settings.full_clean()
    settings.save()
    return settings


def add_condition(programme: Programme, text: str) -> ProgrammeCondition:
    """Add a condition for taking part at the end of the list. Side effects: creates it."""
    last = programme.conditions.aggregate(m=Max("number"))["m"] or 0
    condition = ProgrammeCondition(programme=programme, number=last + 1, text=text.strip())
    condition.full_clean()
    condition.save()
    return condition


def update_condition(condition: ProgrammeCondition, text: str) -> ProgrammeCondition:
    """Reword a condition. Side effects: saves it."""
    condition.text = text.strip()
    condition.full_clean()
    condition.save(update_fields=["text"])
    return condition


def remove_condition(condition: ProgrammeCondition) -> None:
    """Remove a condition. Side effects: deletes it and the units' ticks for it."""
    condition.delete()
