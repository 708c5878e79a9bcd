"""What an uploaded workbook would change: read against the organisation, row by row.

The planner reads everything it needs in a few queries (the units, their open groups and
memberships, the people by e-mail), then walks the rows in memory. Its :class:`Plan`
holds the preview and the objects ``staff`` writes in bulk.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from ..models import Group, Membership, OrgImport, Person, Role, Unit
from ..stewardship import grantable_roles, steward_units
from .preview import Preview
from .staff_cells import email_of, group_values, person_errors
from .staff_people import PeopleFinder
from .staff_units import UnitFinder
from .workbook import IMPORTED_ROLES, ROLE_WORDS
from .workbook_read import CLASS_COLUMNS, CLASS_SHEET, STAFF_COLUMNS, STAFF_SHEET, ReadWorkbook

PROGRESS_EVERY = 250


@dataclass
class Grant:
    email: str
    role: str
    unit: Unit | None = None
    group: Group | None = None
    title: str = ""


@dataclass
class Plan:
    preview: Preview
    new_groups: list[Group] = field(default_factory=list)
    changed_groups: list[Group] = field(default_factory=list)
    closing: list[Group] = field(default_factory=list)
    new_people: dict[str, Person] = field(default_factory=dict)
    changed_people: list[Person] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)
    grants: list[Grant] = field(default_factory=list)
    removals: list[Membership] = field(default_factory=list)


@dataclass
class _StaffLine:
    row: int
    email: str
    first_name: str
    last_name: str
    unit: Unit
    targets: list[tuple[str, Unit | None, Group | None, str]]
    errors: list[tuple[str, str]] = field(default_factory=list)


class Planner:
    def __init__(self, org_import: OrgImport, book: ReadWorkbook, progress: Callable | None):
        self.org_import = org_import
        self.programme = org_import.programme
        self.actor = org_import.created_by
        self.book = book
        self.progress = progress or (lambda done, total: None)
        self.total = len(book.classes) + len(book.staff)
        self.done = 0
        self.preview = Preview()
        self.plan = Plan(self.preview)
        if self.actor is None:
            allowed = Unit.objects.none()
            self.grantable: set[str] = set()
        else:
            allowed = steward_units(self.actor, self.programme)
            self.grantable = set(grantable_roles(self.actor, self.programme))
        if org_import.unit_id:
            allowed = allowed.filter(pk=org_import.unit_id)
        elif org_import.owner_id:
            allowed = allowed.filter(owner_id=org_import.owner_id)
        self.units = UnitFinder(self.programme, allowed, self.preview, book.headings)
        self.existing_groups: dict[int, dict[str, Group]] = defaultdict(dict)
        self.file_groups: dict[tuple[int, str], Group] = {}
        self.class_units: set[int] = set()
        self.targets: dict[tuple, int] = {}

    def column(self, sheet: str, name: str) -> str:
        columns = CLASS_COLUMNS if sheet == CLASS_SHEET else STAFF_COLUMNS
        return self.book.headings.get(sheet, {}).get(name, columns[name])

    def _step(self) -> None:
        self.done += 1
        if self.done % PROGRESS_EVERY == 0:
            self.progress(self.done, self.total)

    def run(self) -> Plan:
        self.progress(0, self.total)
        for group in Group.objects.open().filter(unit__in=self.units.mine.values()):
            self.existing_groups[group.unit_id][group.name.casefold()] = group
        self._plan_groups()
        self._plan_staff()
        self.progress(self.total, self.total)
        return self.plan

    # --- Classes and departments ----------------------------------------------------------

    def _plan_groups(self) -> None:
        seen: dict[tuple[int, str], int] = {}
        sheet = CLASS_SHEET
        for line in self.book.classes:
            self._step()
            unit = self.units.find(line, sheet)
            if unit is None:
                continue
            name = line["name"]
            label = f"{unit.name}: {name}" if name else unit.name
            where = {"sheet": sheet, "row": line.row, "label": label}
            if unit.is_closed:
                self.preview.add("skipped", **where, message=_("The unit is closed."))
                continue
            self.class_units.add(unit.pk)
            if not name or len(name) > 80:
                self.preview.error(
                    **where,
                    column=self.column(sheet, "name"),
                    message=_("Write the class or department's name (at most 80 characters)."),
                )
                continue
            key = (unit.pk, name.casefold())
            if key in seen:
                self.preview.error(
                    **where,
                    column=self.column(sheet, "name"),
                    message=_(
                        "%(name)s is listed twice for %(unit)s (also in row %(row)s). "
                        "Remove one of the rows."
                    )
                    % {"name": name, "unit": unit.name, "row": seen[key]},
                )
                continue
            seen[key] = line.row
            values = self._group_values(line, unit, where)
            if values is not None:
                self._plan_group(unit, name, key, values, where)
        for unit_id in self.class_units:
            for key, group in self.existing_groups[unit_id].items():
                if (unit_id, key) not in seen:
                    self.plan.closing.append(group)
                    self.preview.add(
                        "closed",
                        sheet=sheet,
                        label=f"{self.units.mine[unit_id].name}: {group.name}",
                        message=_(
                            "Not in the file: closed (kept with its history) if you "
                            "confirm the removals."
                        ),
                    )

    def _group_values(self, line, unit: Unit, where: dict) -> tuple | None:
        values, errors = group_values(line, unit)
        for name, message in errors:
            self.preview.error(**where, column=self.column(CLASS_SHEET, name), message=message)
        return values

    def _plan_group(self, unit: Unit, name: str, key, values: tuple, where: dict) -> None:
        kind, grade, size = values
        group = self.existing_groups[unit.pk].get(key[1])
        if group is None:
            group = Group(unit=unit, name=name, kind=kind, grade=grade, size=size)
            self.plan.new_groups.append(group)
            self.file_groups[key] = group
            self.preview.add("new", **where, message=_("New."))
            return
        self.file_groups[key] = group
        changes = []
        if group.kind != kind or group.grade != grade:
            changes.append(_("grade %(old)s → %(new)s") % {"old": group.grade, "new": grade})
            group.kind, group.grade = kind, grade
        if size is not None and size != group.size:
            changes.append(_("size %(old)s → %(new)s") % {"old": group.size, "new": size})
            group.size = size
        if changes:
            self.plan.changed_groups.append(group)
            self.preview.add("changed", **where, message="; ".join(changes))
        else:
            self.preview.add("unchanged", **where)

    # --- Staff ---------------------------------------------------------------------------

    def _plan_staff(self) -> None:
        lines = [line for line in (self._staff_line(raw) for raw in self.book.staff) if line]
        staff_units = {line.unit.pk for line in lines}
        memberships = list(
            Membership.objects.filter(
                Q(unit_id__in=staff_units) | Q(group__unit_id__in=staff_units),
                role__in=IMPORTED_ROLES,
            ).select_related("person", "unit", "group__unit")
        )
        people = PeopleFinder(self, memberships)
        by_email: dict[str, list[_StaffLine]] = defaultdict(list)
        for line in lines:
            if line.email:
                by_email[line.email].append(line)
            elif not line.errors:
                people.without_email_line(line)
        people.resolve(by_email)
        existing = {_key(m.person_id, m.role, m.unit, m.group): m for m in memberships}
        keep: set[tuple] = set()
        unsure: set[int] = set()  # people on a wrong row: their roles are not taken
        for line in lines:
            if not self._finish_line(line, people, existing, keep):
                person = self.plan.people.get(line.email)
                if person is not None and person.pk:
                    unsure.add(person.pk)
        unsure |= people.refused
        for key, membership in existing.items():
            if key in keep or membership.person_id in unsure:
                continue
            if membership.role not in self.grantable or membership.person_id == self.actor.pk:
                continue
            self._remove(membership)

    def _staff_line(self, raw) -> _StaffLine | None:
        self._step()
        sheet = STAFF_SHEET
        email = email_of(raw["email"])
        unit = self.units.find(raw, sheet, label=email)
        if unit is None:
            return None
        where = {"sheet": sheet, "row": raw.row, "label": email or unit.name}
        if unit.is_closed:
            self.preview.add("skipped", **where, message=_("The unit is closed."))
            return None
        line = _StaffLine(raw.row, email, raw["first_name"], raw["last_name"], unit, [])
        line.errors.extend(person_errors(raw, email))
        word = raw["role"].casefold()
        role = ROLE_WORDS.get(word) if word else None
        if word and role is None:
            line.errors.append(
                (
                    "role",
                    _("“%(value)s” is not a role Samla knows. Write one of: %(words)s.")
                    % {
                        "value": raw["role"],
                        "words": "rektor, styrer, gruppeleder, ansatt, lærer, ppt-rådgiver",
                    },
                )
            )
        names = [n.strip() for n in re.split(r"[,;\n]+", raw["classes"]) if n.strip()]
        if role:
            line.targets.append((role, unit, None, word if word != role else ""))
        for name in names:
            group = self._group_named(unit, name)
            if group is None:
                line.errors.append(
                    (
                        "classes",
                        _(
                            "%(unit)s has no class or department %(name)s. Add it to the "
                            "sheet “%(sheet)s”, or correct the name."
                        )
                        % {"unit": unit.name, "name": name, "sheet": CLASS_SHEET},
                    )
                )
            else:
                line.targets.append((Role.STAFF, None, group, ""))
        if not line.targets and not line.errors:
            line.targets.append((Role.STAFF, unit, None, ""))
        return line

    def _group_named(self, unit: Unit, name: str) -> Group | None:
        key = (unit.pk, name.casefold())
        if key in self.file_groups:
            return self.file_groups[key]
        if unit.pk in self.class_units:
            return None  # the sheet of classes lists this unit's groups: not there, closed
        return self.existing_groups[unit.pk].get(key[1])

    def _finish_line(self, line: _StaffLine, people, existing: dict, keep: set) -> bool:
        """Add the row to the preview and its new roles to the plan; False on errors."""
        sheet = STAFF_SHEET
        where = {"sheet": sheet, "row": line.row, "label": line.email}
        errors = line.errors + people.errors.get(line.email, [])
        for name, message in errors:
            self.preview.error(**where, column=self.column(sheet, name), message=message)
        if errors:
            return False
        person = self.plan.people[line.email]
        label = line.email if "@" in line.email else str(person)
        where["label"] = label
        granted = []
        for role, unit, group, title in line.targets:
            target = (
                (line.email, role, "group", id(group))
                if group
                else (line.email, role, "unit", unit.pk)
            )
            if target in self.targets:
                self.preview.error(
                    **where,
                    column=self.column(sheet, "role"),
                    message=_(
                        "%(role)s at %(place)s is listed twice for this person (also in row "
                        "%(row)s). Remove one of the rows."
                    )
                    % {
                        "role": Role(role).label,
                        "place": unit or group,
                        "row": self.targets[target],
                    },
                )
                return False
            self.targets[target] = line.row
            known = person.pk is not None and (group is None or group.pk is not None)
            key = _key(person.pk, role, unit, group) if known else None
            if key in existing:
                keep.add(key)
            else:
                self.plan.grants.append(Grant(line.email, role, unit, group, title))
                granted.append((role, f"{Role(role).label} ({unit or group})"))
        refusal = self._refusal(line, person, people, granted)
        if refusal:
            self.preview.error(**where, column=self.column(sheet, refusal[0]), message=refusal[1])
            return False
        changes = people.changed.get(line.email, [])
        if person.pk is None:
            roles = ", ".join(text for _role, text in granted)
            status, message = "new", _("New person: %(roles)s.") % {"roles": roles}
        elif granted or changes:
            status = "changed"
            gets = [_("gets %(role)s") % {"role": text} for _role, text in granted]
            message = "; ".join([*changes, *gets])
        elif line.email.startswith("#"):
            status = "unchanged"
            message = _("No e-mail yet: add it, so that the person can be invited.")
        else:
            status, message = "unchanged", ""
        self.preview.add(status, **where, message=message)
        return True

    def _refusal(self, line, person, people, granted: list) -> tuple[str, str] | None:
        """Why the row's new roles cannot be given, if they cannot: the uploader's own
        roles (as on the person's page, nobody changes their own), a role the uploader
        may not give, or a person who also works outside what the uploader looks after.
        A row that gives nothing new is never refused."""
        if granted and self.actor is not None and person.pk == self.actor.pk:
            return "role", _("You cannot change your own roles. Ask another administrator.")
        if granted and line.email in people.outside:
            return "email", _(
                "This e-mail belongs to %(person)s, who also has roles outside what you look "
                "after. Check the e-mail, or ask the programme administrator to give the role."
            ) % {"person": person}
        for role, _text in granted:
            if role not in self.grantable:
                return "role", _(
                    "You may not give the role %(role)s. Remove it from the row, or ask the "
                    "owner or the programme administrator to give it."
                ) % {"role": Role(role).label}
        return None

    def _remove(self, membership: Membership) -> None:
        self.plan.removals.append(membership)
        person = membership.person
        role = Role(membership.role).label
        place = str(membership.scope)
        self.preview.removals.append(
            {"person": str(person), "email": person.email, "role": str(role), "place": place}
        )
        self.preview.add(
            "removed",
            sheet=STAFF_SHEET,
            label=f"{person} ({person.email})" if person.email else str(person),
            message=_("Not in the file: loses the role %(role)s at %(place)s if you confirm.")
            % {"role": role, "place": place},
        )


def _key(person_id, role: str, unit, group) -> tuple:
    if group is not None:
        return (person_id, role, "group", group.pk or id(group))
    return (person_id, role, "unit", unit.pk if unit is not None else None)
