"""Reads for the import pages: the imports a person may see, what they may upload and
for which units, the template for those units, a page of a preview's rows."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from .. import access
from ..models import ImportKind, ImportState, OrgImport, Owner, Person, Programme, Role, Unit
from ..stewardship import steward_units
from .preview import STATUSES, error_count
from .workbook import build_template, template_units

RUNNING = (ImportState.CHECKING, ImportState.APPLYING)
# A list of units longer than this is no help in a drop-down: the owners are offered.
MAX_UNIT_CHOICES = 200


def visible_imports(person: Person, programme: Programme) -> QuerySet[OrgImport]:
    """The programme's imports the person may open: all for a programme administrator,
    else their own and those for the units and owners they look after."""
    imports = (
        OrgImport.objects.filter(programme=programme)
        .defer("content", "preview", "outcome")
        .select_related("created_by", "owner", "unit")
    )
    if access.is_programme_admin(person, programme):
        return imports
    owners = access.grants_for(person).ids(Role.OWNER, "owner")
    units = steward_units(person, programme).values("pk")
    return imports.filter(
        Q(created_by=person) | Q(unit_id__in=units) | Q(owner_id__in=owners)
    ).distinct()


def visible_import(person: Person, programme: Programme, pk: int) -> OrgImport | None:
    found = visible_imports(person, programme).filter(pk=pk).first()
    if found is None:
        return None
    return OrgImport.objects.select_related("created_by", "owner", "unit").get(pk=found.pk)


def kinds_for(person: Person, programme: Programme) -> list[tuple[str, str]]:
    """What the person may upload: registers and lists only as programme administrator."""
    if access.is_programme_admin(person, programme):
        return list(ImportKind.choices)
    return [(ImportKind.WORKBOOK, ImportKind.WORKBOOK.label)]


def scope_choices(person: Person, programme: Programme) -> list[tuple[str, str]]:
    """Whose units a workbook is for: all the person looks after, an owner or a unit."""
    choices = [("", _("All the units I look after"))]
    units = list(steward_units(person, programme).order_by("name").select_related("owner"))
    if access.is_programme_admin(person, programme):
        owners = Owner.objects.filter(units__in=units).distinct().order_by("name")
    else:
        owners = Owner.objects.filter(pk__in=access.grants_for(person).ids(Role.OWNER, "owner"))
    choices += [(f"owner-{owner.pk}", str(owner)) for owner in owners]
    if len(units) <= MAX_UNIT_CHOICES:
        choices += [(f"unit-{unit.pk}", f"{unit} ({unit.owner})") for unit in units]
    return choices


def scope_of(person: Person, programme: Programme, value: str) -> tuple[Owner | None, Unit | None]:
    """The owner or unit a choice of :func:`scope_choices` means (ValueError if none)."""
    if not value:
        return None, None
    kind, _sep, number = value.partition("-")
    if not number.isdigit() or value not in dict(scope_choices(person, programme)):
        raise ValueError(value)
    if kind == "owner":
        return Owner.objects.get(pk=int(number)), None
    return None, Unit.objects.get(pk=int(number))


def template_for(person: Person, programme: Programme, value: str = "") -> bytes:
    """The workbook template for the units the person looks after (or the chosen ones)."""
    owner, unit = scope_of(person, programme, value)
    units = steward_units(person, programme)
    if unit is not None:
        units = units.filter(pk=unit.pk)
    elif owner is not None:
        units = units.filter(owner=owner)
    return build_template(programme, template_units(units))


def is_running(org_import: OrgImport) -> bool:
    return org_import.state in RUNNING


def may_apply(org_import: OrgImport, person: Person) -> bool:
    """Whether the person may apply the import now: checked with no errors, and only by
    whoever uploaded it. The apply runs with the uploader's rights and in their name, so
    another steward who sees the import (the school's leader, the owner's upload for his
    school) cannot apply it, nor confirm the removals it would make."""
    return is_ready(org_import) and org_import.created_by_id == person.pk


def is_ready(org_import: OrgImport) -> bool:
    """Checked, with no errors: the uploader may apply it."""
    preview = org_import.preview or {}
    return (
        org_import.state == ImportState.CHECKED
        and bool(preview.get("valid"))
        and not error_count(preview)
    )


def asks_confirmation(org_import: OrgImport) -> bool:
    """Whether applying asks to confirm removals: a workbook's roles taken and classes
    closed wait for it; a register's closed units are closed as the register says."""
    preview = org_import.preview or {}
    return org_import.kind == ImportKind.WORKBOOK and (
        bool(preview.get("removals")) or bool(preview.get("counts", {}).get("closed"))
    )


def rows_of(preview: dict, status: str = "") -> list[dict]:
    """The preview's rows (errors first), or those of one status."""
    rows = (preview or {}).get("rows", [])
    if status in STATUSES:
        return [row for row in rows if row["status"] == status]
    return rows


def status_counts(preview: dict) -> list[tuple[str, int]]:
    """How many rows each status has, in the preview's order, leaving out the empty."""
    counts = dict.fromkeys(STATUSES, 0)
    for row in (preview or {}).get("rows", []):
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return [(status, count) for status, count in counts.items() if count]
