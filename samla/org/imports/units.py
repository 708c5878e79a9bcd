"""Units into a programme from the national registers (NSR, NBR) or a list (CSV, Excel):
:func:`check_units` gives the preview, :func:`apply_units` carries it out in one
transaction. Both read an :class:`~samla.org.models.OrgImport` (its kind, content and
programme) and leave saving its state, preview and outcome to the caller.

Units are matched by organisation number; a unit closed in the register is closed in Samla
(its history stays), never deleted; one opened again is opened. Units of the programme that
the file does not list are left as they are: a file may hold part of a county. Rows with an
error are left out and the rest applied; a file that cannot be read changes nothing.
"""

from __future__ import annotations

from contextlib import nullcontext

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samla.core.time import oslo_today

from .. import services
from ..models import (
    ChangeAction,
    Enrolment,
    ImportKind,
    OrgImport,
    Owner,
    Person,
    RegionOwner,
    Unit,
)
from .preview import Preview
from .registers import ReadUnits, UnitFileError, read_register
from .unit_lists import read_unit_list
from .unit_plan import Plan, Planner, Progress, message_of


def check_units(org_import: OrgImport, progress: Progress | None = None) -> dict:
    """The preview of ``org_import``: ``{"valid", "counts", "rows", "removals"}``, a row
    per unit of the file (new, changed, closed, unchanged, skipped with the reason, or an
    error with what to do), messages in the uploader's language. Changes nothing."""
    with _language(org_import):
        read, preview = _read(org_import)
        if read is None:
            return preview.as_dict()
        plan = _planner(org_import).plan(read.records, progress)
        _fill(preview, read, plan)
        if progress:
            progress(read.rows, read.rows)
        return preview.as_dict()


def apply_units(
    org_import: OrgImport, *, actor: Person | None = None, progress: Progress | None = None
) -> dict:
    """Carry out ``org_import`` in one transaction and return what was done, in the
    preview's shape with ``owners`` (``new``, ``numbered``, ``placed``) added. Side
    effects: creates owners (placed in the programme's region of their municipality) and
    units, updates the units that changed, closes and opens units, enrols units in the
    programme, gives municipality and county owners their organisation number; records
    one ``OrgChange`` (IMPORTED) with the counts. A file that cannot be read changes
    nothing and records nothing."""
    with _language(org_import):
        read, preview = _read(org_import)
        if read is None:
            return preview.as_dict()
        with transaction.atomic():
            plan = _planner(org_import).plan(read.records, progress)
            owners = _carry_out(plan, org_import)
            _fill(preview, read, plan)
            outcome = preview.as_dict()
            outcome["owners"] = owners
            services.record_change(
                ChangeAction.IMPORTED,
                actor=actor,
                programme=org_import.programme,
                place=str(org_import.programme),
                detail=_summary(org_import, outcome["counts"]),
            )
        if progress:
            progress(read.rows, read.rows)
        return outcome


def _language(org_import: OrgImport):
    return translation.override(org_import.language) if org_import.language else nullcontext()


def _read(org_import: OrgImport) -> tuple[ReadUnits | None, Preview]:
    level = org_import.programme.level
    data = bytes(org_import.content or b"")
    try:
        if org_import.kind in (ImportKind.NSR, ImportKind.NBR):
            read = read_register(org_import.kind, data, level)
        elif org_import.kind == ImportKind.UNIT_LIST:
            read = read_unit_list(data, level)
        else:
            raise ValueError(f"not a file of units: {org_import.kind}")
    except UnitFileError as error:
        preview = Preview(valid=False)
        preview.error(message=message_of(error.message))
        return None, preview
    preview = Preview()
    for problem in read.problems:
        preview.add(
            "skipped" if problem.skipped else "error",
            sheet=read.sheet,
            row=problem.row,
            column=problem.column,
            label=problem.label,
            message=message_of(problem.message),
        )
    return read, preview


def _planner(org_import: OrgImport) -> Planner:
    return Planner(org_import.programme, org_import.kind, oslo_today(timezone.now()))


def _fill(preview: Preview, read: ReadUnits, plan: Plan) -> None:
    for step in plan.steps:
        record = step.record
        preview.add(
            step.status,
            sheet=read.sheet,
            row=record.row,
            label=f"{record.name} ({record.organisation_number})",
            message=message_of(step),
        )


def _carry_out(plan: Plan, org_import: OrgImport) -> dict:
    """Write the plan in a fixed number of queries; the counts of owners touched."""
    steps = [s for s in plan.steps if s.unit is not None and s.status != "error"]
    used = {id(s.unit.owner) for s in steps}
    new_owners = [o for o in plan.new_owners if id(o) in used]
    Owner.objects.bulk_create(new_owners)
    numbered = [o for o in plan.numbered_owners if o.pk]
    Owner.objects.bulk_update(numbered, ["organisation_number"])
    placements = [p for p in plan.placements if p.owner.pk]
    for placement in placements:
        placement.owner_id = placement.owner.pk
    RegionOwner.objects.bulk_create(placements, ignore_conflicts=True)

    new_units = [s.unit for s in steps if s.status == "new"]
    Unit.objects.bulk_create(new_units)
    fields = sorted({name for s in steps if s.unit.pk and s.status != "new" for name in s.fields})
    changed = [s.unit for s in steps if s.status != "new" and s.fields]
    if changed:
        Unit.objects.bulk_update(changed, fields)
    today = oslo_today(timezone.now())
    Enrolment.objects.bulk_create(
        [
            Enrolment(unit=s.unit, programme=org_import.programme, since=today)
            for s in steps
            if s.enrol
        ],
        ignore_conflicts=True,
    )
    return {"new": len(new_owners), "numbered": len(numbered), "placed": len(placements)}


def _summary(org_import: OrgImport, counts: dict) -> str:
    return _(
        "%(file)s: %(new)s new, %(changed)s changed, %(closed)s closed, %(unchanged)s "
        "unchanged, %(skipped)s skipped, %(errors)s errors"
    ) % {"file": org_import.file_name or org_import.get_kind_display(), **counts}
