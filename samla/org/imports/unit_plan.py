"""What importing a file of units would change, worked out against the database in a fixed
number of queries: each record's unit (by organisation number, else by name under the same
owner when that unit has no number yet), its owner (by organisation number, else the
municipality's or the county authority's by number, else a new owner named after the
municipality), the owner's region (the programme's region that lists the municipality) and
what differs. ``units.py`` shows the plan as a preview or carries it out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..models import (
    Enrolment,
    LanguageForm,
    Owner,
    OwnerKind,
    Programme,
    Region,
    RegionOwner,
    Unit,
    UnitKind,
    UnitSource,
)
from .registers import Message, UnitRecord

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 50
# The fields a record may change, in the order the preview names them.
FIELDS = ("organisation_number", "name", "kind", "owner", "municipality_number",
          "lowest_grade", "highest_grade", "language_form", "source")  # fmt: skip


@dataclass
class Step:
    """One record's outcome: ``status`` as in the preview, the unit to create or update
    (``fields`` say which fields changed) and the notes for the preview's message."""

    record: UnitRecord
    status: str
    unit: Unit | None = None
    fields: list[str] = field(default_factory=list)
    enrol: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass
class Plan:
    steps: list[Step] = field(default_factory=list)
    new_owners: list[Owner] = field(default_factory=list)
    numbered_owners: list[Owner] = field(default_factory=list)
    placements: list[RegionOwner] = field(default_factory=list)


class Planner:
    def __init__(self, programme: Programme, source: str, today: date) -> None:
        self.programme = programme
        self.source = source
        self.today = today

    def plan(self, records: list[UnitRecord], progress: Progress | None = None) -> Plan:
        self.result = Plan()
        self._load(records)
        resolved = {r.row: self._owner_of(r) for r in records}
        self._load_named_units(records, resolved)
        for done, record in enumerate(records, start=1):
            self.result.steps.append(self._step(record, resolved[record.row]))
            if progress and done % PROGRESS_EVERY == 0:
                progress(done, len(records))
        return self.result

    # --- loading, a fixed number of queries -------------------------------------------------

    def _load(self, records: list[UnitRecord]) -> None:
        numbers = {r.organisation_number for r in records}
        self.units = {
            u.organisation_number: u
            for u in Unit.objects.select_related("owner").filter(organisation_number__in=numbers)
        }
        owner_numbers = {r.owner_organisation_number for r in records} - {""}
        municipalities = {r.municipality_number for r in records}
        counties = {r.county_number for r in records}
        owners = Owner.objects.filter(
            Q(organisation_number__in=owner_numbers)
            | Q(kind=OwnerKind.MUNICIPALITY, municipality_number__in=municipalities)
            | Q(kind=OwnerKind.COUNTY, county_number__in=counties)
        ).order_by("pk")
        self.by_number: dict[str, Owner] = {}
        self.municipal: dict[str, Owner] = {}
        self.county: dict[str, Owner] = {}
        for owner in owners:
            if owner.organisation_number:
                self.by_number[owner.organisation_number] = owner
            if owner.kind == OwnerKind.MUNICIPALITY and owner.municipality_number:
                self.municipal.setdefault(owner.municipality_number, owner)
            if owner.kind == OwnerKind.COUNTY and owner.county_number:
                self.county.setdefault(owner.county_number, owner)
        self.region_of: dict[str, Region] = {}
        for region in Region.objects.filter(programme=self.programme).order_by("name"):
            for number in region.municipality_numbers or []:
                self.region_of.setdefault(str(number), region)
        self.placed = set(
            RegionOwner.objects.filter(programme=self.programme).values_list("owner_id", flat=True)
        )
        self.taken: dict[tuple[int, str], object] = {}
        self.numbered_by: dict[int, str] = {}

    def _load_named_units(self, records: list[UnitRecord], resolved: dict) -> None:
        """Units with no organisation number yet, found by name under the record's owner."""
        owner_ids = {o.pk for o, _m in resolved.values() if o is not None and o.pk}
        self.named: dict[tuple[int, str], Unit] = {}
        for unit in Unit.objects.select_related("owner").filter(
            owner_id__in=owner_ids, name__in={r.name for r in records}
        ):
            self.named[(unit.owner_id, unit.name)] = unit
        matched = [u.pk for u in self.units.values()] + [u.pk for u in self.named.values()]
        self.enrolled = set(
            Enrolment.objects.filter(programme=self.programme, unit_id__in=matched).values_list(
                "unit_id", flat=True
            )
        )

    # --- owners ------------------------------------------------------------------------------

    def _owner_of(self, record: UnitRecord) -> tuple[Owner | None, str]:
        """The record's owner, or None and why not. An existing unit whose record names no
        owner keeps its own. A municipality or county authority found by its number gets
        the owner's organisation number from the file when it has none."""
        if record.closed and record.organisation_number not in self.units:
            return None, ""  # skipped: nothing to own
        number = record.owner_organisation_number
        unit = self.units.get(record.organisation_number)
        if not number and unit is not None:
            return unit.owner, ""
        if number and number in self.by_number:
            return self.by_number[number], ""
        public = {
            OwnerKind.MUNICIPALITY: (self.municipal, record.municipality_number),
            OwnerKind.COUNTY: (self.county, record.county_number),
        }.get(record.owner_kind)
        if public and public[1] in public[0]:
            owner = public[0][public[1]]
            if number and owner.organisation_number and owner.organisation_number != number:
                return None, _(
                    "The owner's organisation number %(number)s is not in Samla, and "
                    "%(owner)s has %(other)s. Correct the number in the file or in Samla."
                ) % {"number": number, "owner": owner, "other": owner.organisation_number}
            if number and not owner.organisation_number:
                owner.organisation_number = number
                self.by_number[number] = owner
                self.result.numbered_owners.append(owner)
                self.numbered_by[record.row] = _(
                    "%(owner)s gets organisation number %(number)s."
                ) % {
                    "owner": owner,
                    "number": number,
                }
            return owner, ""
        return self._new_owner(record)

    def _new_owner(self, record: UnitRecord) -> tuple[Owner | None, str]:
        kind = record.owner_kind or OwnerKind.PRIVATE
        if kind == OwnerKind.MUNICIPALITY and record.municipality_name:
            name = f"{record.municipality_name} kommune"
        elif kind == OwnerKind.COUNTY and record.county_name:
            name = f"{record.county_name} fylkeskommune"
        else:
            name = record.owner_name
        if not name:
            return None, _(
                "The owner is not in Samla and the file does not name it. Add the column "
                "kommune (the municipality's name) or eier (the owner's name)."
            )
        owner = Owner(
            name=name[:200],
            kind=kind,
            organisation_number=record.owner_organisation_number,
            municipality_number="" if kind == OwnerKind.COUNTY else record.municipality_number,
            county_number=record.county_number,
        )
        self.result.new_owners.append(owner)
        if owner.organisation_number:
            self.by_number[owner.organisation_number] = owner
        if kind == OwnerKind.MUNICIPALITY:
            self.municipal[record.municipality_number] = owner
        elif kind == OwnerKind.COUNTY:
            self.county[record.county_number] = owner
        return owner, ""

    def _place(self, owner: Owner, notes: list[str]) -> bool:
        """Put an owner with no region in the programme into the region of its
        municipality, once; True when it is placed now."""
        key = owner.pk or id(owner)
        if key in self.placed:
            return False
        region = self.region_of.get(owner.municipality_number)
        if region is None:
            if owner.kind != OwnerKind.COUNTY:
                notes.append(
                    _("%(owner)s is in no region: no region lists municipality %(number)s.")
                    % {"owner": owner.name, "number": owner.municipality_number or "–"}
                )
            return False
        self.placed.add(key)
        self.result.placements.append(
            RegionOwner(region=region, owner=owner, programme_id=region.programme_id)
        )
        notes.append(_("%(owner)s placed in %(region)s.") % {"owner": owner, "region": region})
        return True

    # --- units -------------------------------------------------------------------------------

    def _step(self, record: UnitRecord, resolved: tuple[Owner | None, str]) -> Step:
        owner, why = resolved
        unit = self.units.get(record.organisation_number)
        if unit is None and record.closed:
            message = _("Closed in the register and not in Samla: not imported.")
            return Step(record, "skipped", notes=[message])
        if owner is None:
            return Step(record, "error", notes=[why])
        named = unit is None and self.named.get((owner.pk, record.name)) if owner.pk else None
        if named and named.organisation_number:
            return Step(record, "error", notes=[_(
                "%(owner)s already has a unit of this name with organisation number %(number)s. "
                "Correct the number, or rename one of the units in Samla."
            ) % {"owner": owner, "number": named.organisation_number}])  # fmt: skip
        clash = self.named.get((owner.pk, record.name)) if unit is not None and owner.pk else None
        if clash is not None and clash.pk != unit.pk:
            return Step(record, "error", notes=[_(
                "%(owner)s has another unit called %(name)s in Samla. Correct the name in "
                "the file, or rename that unit in Samla first."
            ) % {"owner": owner, "name": record.name}])  # fmt: skip
        unit = unit or named or None
        key = (owner.pk or id(owner), record.name)
        if self.taken.setdefault(key, record.row) != record.row:
            return Step(record, "error", notes=[_(
                "Row %(row)s gives a unit of the same owner the same name. Names of one "
                "owner's units differ: correct one of them."
            ) % {"row": self.taken[key]}])  # fmt: skip
        if unit is None:
            return self._new(record, owner)
        return self._changed(record, unit, owner)

    def _new(self, record: UnitRecord, owner: Owner) -> Step:
        unit = Unit(
            organisation_number=record.organisation_number,
            name=record.name[:200],
            kind=record.kind,
            owner=owner,
            municipality_number=record.municipality_number,
            lowest_grade=record.lowest_grade,
            highest_grade=record.highest_grade,
            language_form=record.language_form,
            source=self.source,
        )
        notes = [
            _("%(kind)s, owner %(owner)s.") % {"kind": UnitKind(record.kind).label, "owner": owner}
        ]
        if record.row in self.numbered_by:
            notes.append(self.numbered_by[record.row])
        if owner.pk is None:
            notes.append(_("New owner: %(owner)s.") % {"owner": owner})
        self._place(owner, notes)
        return Step(record, "new", unit=unit, enrol=True, notes=notes)

    def _changed(self, record: UnitRecord, unit: Unit, owner: Owner) -> Step:
        wanted = {
            "organisation_number": record.organisation_number,
            "name": record.name[:200],
            "kind": record.kind,
            "owner": owner,
            "municipality_number": record.municipality_number,
            "lowest_grade": record.lowest_grade,
            "highest_grade": record.highest_grade,
            "language_form": record.language_form,
            "source": self.source,
        }
        step = Step(record, "unchanged", unit=unit)
        changed = record.row in self.numbered_by
        if changed:
            step.notes.append(self.numbered_by[record.row])
        for name in FIELDS:
            new, old = wanted[name], getattr(unit, name)
            if new in (None, "") or new == old:
                continue  # the file does not say, or says what Samla has
            step.fields.append(name)
            step.notes.append(_change(name, old, new))
            setattr(unit, name, new)
        if owner.pk is None:
            step.notes.append(_("New owner: %(owner)s.") % {"owner": owner})
        changed = self._place(owner, step.notes) or changed
        if record.closed and unit.closed_on is None:
            unit.closed_on = record.closed_on or self.today
            step.fields.append("closed_on")
            day = date_format(unit.closed_on, "SHORT_DATE_FORMAT")
            step.notes.insert(0, _("Closed on %(day)s.") % {"day": day})
            step.status = "closed"
        elif not record.closed and unit.closed_on is not None:
            unit.closed_on = None
            step.fields.append("closed_on")
            step.notes.insert(0, _("Open again (it was closed)."))
        if not record.closed and unit.pk not in self.enrolled:
            step.enrol = True
            step.notes.append(_("Enrolled in %(programme)s.") % {"programme": self.programme})
        if step.status != "closed" and (step.fields or step.enrol or changed):
            step.status = "changed"
        return step


def _change(name: str, old: object, new: object) -> str:
    label = capfirst(Unit._meta.get_field(name).verbose_name)
    return _("%(field)s: %(old)s → %(new)s") % {
        "field": label,
        "old": _shown(name, old),
        "new": _shown(name, new),
    }


def _shown(name: str, value: object) -> str:
    if value in (None, ""):
        return "–" if name != "source" else str(UnitSource("").label)
    choices = {"kind": UnitKind, "language_form": LanguageForm, "source": UnitSource}
    if name in choices:
        return str(choices[name](value).label)
    return str(value)


def message_of(step_or_message: Step | Message) -> str:
    """The preview's message: a step's notes joined, or a reader's message translated."""
    if isinstance(step_or_message, Message):
        text = _(step_or_message.msgid)
        return text % step_or_message.params if step_or_message.params else text
    return " ".join(step_or_message.notes)
