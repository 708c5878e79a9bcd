"""Classes, departments and staff from Samla's workbook: checked, then applied.

``check_workbook`` reads the file against the organisation and returns the preview
(``preview.py``); ``apply_workbook`` reads it again (the organisation may have changed
since) and, if no row is wrong, writes everything in one transaction with bulk
statements: a county's 3 000 classes and 8 000 staff take a few dozen queries.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from samla.core.time import school_year_of

from .. import services
from ..models import ChangeAction, Group, Membership, OrgChange, OrgImport, Person
from .preview import error_count, file_refused
from .staff_people import chunks
from .staff_plan import Plan, Planner
from .workbook_read import WorkbookError, read_workbook

BATCH = 500


class ImportRefused(Exception):
    """The file cannot be applied (it has errors now); ``preview`` says why."""

    def __init__(self, preview: dict) -> None:
        super().__init__("the import has errors")
        self.preview = preview


class PreviewChanged(Exception):
    """The file would now change other things than its checked preview showed (the
    organisation changed since the check); ``preview`` is what it would change now."""

    def __init__(self, preview: dict) -> None:
        super().__init__("the organisation changed since the check")
        self.preview = preview


def plan_workbook(org_import: OrgImport, progress: Callable | None = None) -> Plan | dict:
    """The plan for the import's file, or the preview of a file that cannot be read."""
    try:
        book = read_workbook(bytes(org_import.content))
    except WorkbookError as error:
        return file_refused(str(error))
    return Planner(org_import, book, progress).run()


def check_workbook(org_import: OrgImport, progress: Callable | None = None) -> dict:
    """What applying the import's workbook would change, row by row (nothing is written)."""
    plan = plan_workbook(org_import, progress)
    return plan if isinstance(plan, dict) else plan.preview.as_dict()


def apply_workbook(
    org_import: OrgImport, *, actor: Person | None = None, progress: Callable | None = None
) -> dict:
    """Apply the import's workbook and return the outcome (counts, ``new_people`` ids).

    Raises :class:`ImportRefused` (nothing written) when a row is wrong, and
    :class:`PreviewChanged` (nothing written) when the import has a checked preview and
    the file would now do something else: the removals confirmed are those that were
    shown, and a roll of the school year since the check is not undone. Side effects, in
    one transaction: new people (no usable password, username from the e-mail); names
    and e-mails of people in the file; new and changed classes and departments; new
    roles, each recorded in the history; and, when ``org_import.confirm_removals``, the
    classes not in the file closed and the roles of people not in the file revoked
    (through ``services.revoke_role``). One "imported" line sums it up in the history."""
    actor = actor or org_import.created_by
    plan = plan_workbook(org_import, progress)
    preview = plan if isinstance(plan, dict) else plan.preview.as_dict()
    if isinstance(plan, dict) or error_count(preview) or not preview["valid"]:
        raise ImportRefused(preview)
    if org_import.preview.get("rows") is not None and _canonical(preview) != _canonical(
        org_import.preview
    ):
        raise PreviewChanged(preview)
    with transaction.atomic():
        outcome = _write(plan, org_import, actor)
    outcome["preview"] = preview["counts"]
    return outcome


def _canonical(preview: dict) -> tuple:
    """A preview in an order that does not depend on the order rows were found in (as
    stored, it went through JSON)."""

    def ordered(items) -> list[str]:
        return sorted(json.dumps(item, sort_keys=True) for item in items or [])

    return (preview.get("counts"), ordered(preview.get("rows")), ordered(preview.get("removals")))


def _usernames(emails: list[str]) -> dict[str, str]:
    wanted = {email: email[:150] for email in emails}
    taken: set[str] = set()
    for part in chunks(list(wanted.values())):
        taken.update(Person.objects.filter(username__in=part).values_list("username", flat=True))
    for email, name in wanted.items():
        number = 2
        while name in taken:
            name = f"{email[:140]}-{number}"
            number += 1
            if Person.objects.filter(username=name).exists():
                taken.add(name)
        taken.add(name)
        wanted[email] = name
    return wanted


def _write(plan: Plan, org_import: OrgImport, actor: Person | None) -> dict:
    programme = org_import.programme
    usernames = _usernames(list(plan.new_people))
    for email, person in plan.new_people.items():
        person.username = usernames[email]
        person.password = make_password(None)
    Person.objects.bulk_create(plan.new_people.values(), batch_size=BATCH)
    if any(person.pk is None for person in plan.new_people.values()):
        saved = dict(
            Person.objects.filter(username__in=list(usernames.values())).values_list(
                "username", "pk"
            )
        )
        for person in plan.new_people.values():
            person.pk = person.id = saved[person.username]
    Person.objects.bulk_update(
        plan.changed_people, ["first_name", "last_name", "email"], batch_size=BATCH
    )
    confirmed = org_import.confirm_removals
    if confirmed and plan.closing:
        today = timezone.localdate()
        for part in chunks([group.pk for group in plan.closing]):
            Group.objects.filter(pk__in=part).update(closed_on=today)
    # A new class belongs to the school year its unit's classes are in: after a roll (in
    # June, say) that is already next year, so the new 1st grades are not rolled again.
    this_year = int(school_year_of(timezone.localdate())[:4])
    latest = dict(
        Group.objects.open()
        .filter(unit_id__in={group.unit_id for group in plan.new_groups}, grade__isnull=False)
        .values("unit_id")
        .annotate(year=Max("school_year"))
        .values_list("unit_id", "year")
    )
    for group in plan.new_groups:
        year = max(latest.get(group.unit_id) or this_year, this_year)
        group.school_year = year if group.grade else None
    Group.objects.bulk_create(plan.new_groups, batch_size=BATCH)
    _refetch_ids(plan.new_groups)
    Group.objects.bulk_update(plan.changed_groups, ["kind", "grade", "size"], batch_size=BATCH)
    memberships = [
        Membership(
            person=plan.people[grant.email],
            role=grant.role,
            unit=grant.unit,
            group=grant.group,
            title=grant.title[:120],
        )
        for grant in plan.grants
    ]
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    OrgChange.objects.bulk_create(
        [
            OrgChange(
                action=ChangeAction.GRANTED,
                actor_id=actor_id,
                person=membership.person,
                programme=programme,
                role=membership.role,
                place=str(membership.unit or membership.group)[:300],
                detail=_("Imported from %(file)s") % {"file": org_import.file_name},
            )
            for membership in memberships
        ],
        batch_size=BATCH,
    )
    revoked = 0
    if confirmed:
        reason = _("Not in the imported file %(file)s") % {"file": org_import.file_name}
        for membership in plan.removals:
            services.revoke_role(membership, actor=actor, in_programme=programme, reason=reason)
            revoked += 1
    outcome = {
        "new_people": sorted(person.pk for person in plan.new_people.values()),
        "people_changed": len(plan.changed_people),
        "groups_created": len(plan.new_groups),
        "groups_changed": len(plan.changed_groups),
        "groups_closed": len(plan.closing) if confirmed else 0,
        "roles_granted": len(memberships),
        "roles_revoked": revoked,
    }
    services.record_change(
        ChangeAction.IMPORTED,
        actor=actor,
        programme=programme,
        detail=_(
            "%(file)s: %(people)s new people, %(granted)s roles given, %(revoked)s taken, "
            "%(groups)s new classes or departments"
        )
        % {
            "file": org_import.file_name,
            "people": len(plan.new_people),
            "granted": len(memberships),
            "revoked": revoked,
            "groups": len(plan.new_groups),
        },
    )
    return outcome


def _refetch_ids(groups: list[Group]) -> None:
    """bulk_create sets primary keys where the database returns them; else read them."""
    missing = [group for group in groups if group.pk is None]
    if not missing:
        return
    units = {group.unit_id for group in missing}
    ids = {
        (unit_id, name): pk
        for unit_id, name, pk in Group.objects.open()
        .filter(unit_id__in=units)
        .values_list("unit_id", "name", "pk")
    }
    for group in missing:
        group.pk = group.id = ids[(group.unit_id, group.name)]
