"""Who each e-mail in the workbook is: a person found (case-insensitively), a person of
the unit found by name who has no e-mail yet, a new person, or a row error that says
why the person cannot be used (two people share it, deactivated, roles elsewhere)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from ..models import Membership, Person
from ..stewardship import memberships_in_scope


def chunks(items: list, size: int = 500):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class PeopleFinder:
    """The people the rows' e-mails name: found (case-insensitive), found by name among
    the unit's people who have no e-mail yet, or new; or a reason they cannot be used."""

    def __init__(self, planner, memberships: list[Membership]):
        self.planner = planner
        self.errors: dict[str, list[tuple[str, str]]] = {}
        self.changed: dict[str, list[str]] = {}
        self.refused: set[int] = set()
        self.outside: set[str] = set()  # e-mails of people who also work elsewhere
        self.without_email: dict[tuple[int, str], list[Person]] = defaultdict(list)
        for membership in memberships:
            person = membership.person
            if not person.email:
                unit = membership.unit or membership.group.unit
                name = f"{person.first_name} {person.last_name}".strip().casefold()
                if person not in self.without_email[(unit.pk, name)]:
                    self.without_email[(unit.pk, name)].append(person)

    def resolve(self, by_email: dict[str, list]) -> None:
        """Fill ``plan.people`` with each e-mail's person, or ``errors`` with why not."""
        found: dict[str, list[Person]] = defaultdict(list)
        emails = list(by_email)
        for part in chunks(emails):
            for person in Person.objects.annotate(lower_email=Lower("email")).filter(
                lower_email__in=part
            ):
                found[person.lower_email].append(person)
        ids = [p.pk for people in found.values() for p in people]
        outside: set[int] = set()
        actor, programme = self.planner.actor, self.planner.programme
        in_scope = memberships_in_scope(actor, programme).values("pk")
        for part in chunks(ids):
            outside.update(
                Membership.objects.filter(person_id__in=part)
                .exclude(pk__in=in_scope)
                .values_list("person_id", flat=True)
            )
        for email, lines in by_email.items():
            candidates = found.get(email, [])
            person = self._person(email, lines, candidates, outside)
            if person is None:
                self.refused.update(p.pk for p in candidates)
            else:
                self.planner.plan.people[email] = person

    def _person(self, email, lines, found: list[Person], outside: set[int]) -> Person | None:
        first = next((line.first_name for line in lines if line.first_name), "")
        last = next((line.last_name for line in lines if line.last_name), "")
        if len(found) > 1:
            return self._refuse(
                email,
                _(
                    "Two people in Samla have this e-mail. Ask the programme administrator to "
                    "sort it out."
                ),
            )
        if not found:
            name = f"{first} {last}".strip().casefold()
            matches = {p.pk: p for line in lines for p in self.without_email[(line.unit.pk, name)]}
            if len(matches) == 1 and name:
                person = next(iter(matches.values()))
                person.email = email
                self.changed[email] = [_("e-mail added")]
                self.planner.plan.changed_people.append(person)
                return person
            if not first or not last:
                return self._refuse(
                    email, _("Write the new person's first and last name."), "first_name"
                )
            person = Person(username="", email=email, first_name=first[:150], last_name=last[:150])
            self.planner.plan.new_people[email] = person
            return person
        person = found[0]
        if person.is_superuser or person.pk in outside:
            self.outside.add(email)
            return person  # no role of theirs may be given here, and no name changed
        if not person.is_active:
            return self._refuse(
                email,
                _(
                    "%(person)s is deactivated in Samla. Ask the programme administrator to "
                    "reactivate them, or remove the row."
                )
                % {"person": person},
            )
        changes = []
        if (first and first != person.first_name) or (last and last != person.last_name):
            changes.append(
                _("name %(old)s → %(new)s")
                % {"old": person, "new": f"{first or person.first_name} {last or person.last_name}"}
            )
            person.first_name, person.last_name = (
                first or person.first_name,
                last or person.last_name,
            )
            self.planner.plan.changed_people.append(person)
        if changes:
            self.changed[email] = changes
        return person

    def without_email_line(self, line) -> None:
        """A row with no e-mail: the unit's person of that name who has no e-mail yet (the
        template writes them so), or an error asking for the e-mail."""
        name = f"{line.first_name} {line.last_name}".strip().casefold()
        matches = self.without_email.get((line.unit.pk, name), []) if name else []
        if len(matches) == 1:
            line.email = f"#{matches[0].pk}"
            self.planner.plan.people[line.email] = matches[0]
        else:
            line.errors.append(("email", _("Write the person's e-mail address.")))

    def _refuse(self, email: str, message: str, column: str = "email") -> None:
        self.errors.setdefault(email, []).append((column, message))
        return None
