"""A steward's changes to people from the organisation's own pages: grant and revoke a
role at a place the steward looks after, deactivate and reactivate a person.

Each function checks the whole rule itself (the steward's part of the programme, the roles
they may hand out, ``stewardship.can_manage_person``) and then calls the one write path in
``services``, which records the change with its actor. A refusal is a ``ValidationError``
whose message says what to do; nothing is changed then.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samla.core.text import clean_text

from . import access, services, stewardship
from .directory import (
    RoleHeld,
    groups_looked_after,
    owners_looked_after,
    people_looked_after,
    person_history,
    regions_looked_after,
    roles_held,
    units_looked_after,
)
from .models import ROLE_SCOPES, SCOPE_FIELDS, Membership, Person, Programme, Role

PLACE_KIND_LABELS = {
    "programme": gettext_lazy("The whole programme"),
    "region": gettext_lazy("Regions"),
    "owner": gettext_lazy("Owners"),
    "unit": gettext_lazy("Units"),
    "group": gettext_lazy("Classes and departments"),
}
PLACE_KIND_NAMES = {
    "programme": gettext_lazy("the programme"),
    "region": gettext_lazy("a region"),
    "owner": gettext_lazy("an owner"),
    "unit": gettext_lazy("a unit"),
    "group": gettext_lazy("a class or department"),
}


class Refusal:
    """Why a steward may not change a person (None: they may)."""

    SELF = "self"
    SUPERUSER = "superuser"
    OUTSIDE = "outside"
    NOT_STEWARD = "not_steward"


def get_person_or_404(actor, programme: Programme, pk: int) -> Person:
    try:
        return people_looked_after(actor, programme).get(pk=pk)
    except Person.DoesNotExist as missing:
        raise Http404 from missing


def refusal(actor, programme: Programme, person: Person) -> str | None:
    if person.pk == actor.pk:
        return Refusal.SELF
    if person.is_superuser:
        return Refusal.SUPERUSER
    if not stewardship.can_manage_person(actor, programme, person):
        if stewardship.is_steward(actor, programme):
            return Refusal.OUTSIDE
        return Refusal.NOT_STEWARD
    return None


@dataclass(frozen=True)
class PersonCard:
    person: Person
    roles: list[RoleHeld]
    revocable: set[int]
    roles_elsewhere: int
    refusal: str | None
    history: list


def person_card(actor, programme: Programme, person: Person) -> PersonCard:
    """A person as the steward sees them: their roles in the steward's part (with the ones
    the steward may take away), how many roles they hold elsewhere, whether and why not
    the steward may change them, and their history in the programme."""
    in_scope = list(
        stewardship.memberships_in_scope(actor, programme)
        .filter(person=person)
        .select_related("programme", "region", "owner", "unit", "group__unit")
    )
    elsewhere = person.memberships.exclude(pk__in=[m.pk for m in in_scope]).count()
    why_not = refusal(actor, programme, person)
    grantable = set(stewardship.grantable_roles(actor, programme))
    revocable = set() if why_not else {m.pk for m in in_scope if m.role in grantable}
    return PersonCard(
        person=person,
        roles=roles_held(in_scope),
        revocable=revocable,
        roles_elsewhere=elsewhere,
        refusal=why_not,
        history=person_history(person, programme),
    )


# --- Places a steward may grant a role at ---------------------------------------------


def _place_querysets(actor, programme: Programme) -> dict:
    admin = access.is_programme_admin(actor, programme)
    owners = owners_looked_after(actor, programme)
    if not admin:
        owners = owners.filter(pk__in=access.grants_for(actor).ids(Role.OWNER, "owner"))
    return {
        "programme": Programme.objects.filter(pk=programme.pk) if admin else None,
        "region": regions_looked_after(actor, programme) if admin else None,
        "owner": owners,
        "unit": units_looked_after(actor, programme).filter(closed_on__isnull=True),
        "group": groups_looked_after(actor, programme)
        .filter(closed_on__isnull=True, unit__closed_on__isnull=True)
        .select_related("unit"),
    }


# More units than this are not listed as places: the steward writes the unit instead.
UNIT_LIST_LIMIT = 500


def units_by_text(actor, programme: Programme) -> bool:
    """Whether the steward looks after too many units to list them as places (a national
    programme's thousands): then only the units the person works at are listed, and any
    other is written, by name or organisation number (``unit_written``)."""
    units = _place_querysets(actor, programme)["unit"]
    return units[: UNIT_LIST_LIMIT + 1].count() > UNIT_LIST_LIMIT


def place_choices(
    actor, programme: Programme, person: Person | None = None, *, by_text: bool = False
) -> list[tuple[str, list[tuple[str, str]]]]:
    """The places the steward may grant a role at, grouped by kind, as ``kind:pk`` keys:
    only the kinds where one of their grantable roles may be held. For a ``person``, the
    classes offered are those of the units the person already works at (a county holds
    thousands of classes; a role at a unit comes first); with ``by_text``
    (``units_by_text``) the units too."""
    kinds = {
        kind for role in stewardship.grantable_roles(actor, programme) for kind in ROLE_SCOPES[role]
    }
    worked_at: set[int] = set()
    if person is not None and ("group" in kinds or by_text):
        held = person.memberships.values_list("unit_id", "group__unit_id")
        worked_at = {u for pair in held for u in pair if u}
    choices = []
    for kind, queryset in _place_querysets(actor, programme).items():
        if kind not in kinds or queryset is None:
            continue
        if kind == "group" and person is not None:
            queryset = queryset.filter(unit_id__in=worked_at)
        if kind == "unit" and by_text:
            queryset = queryset.filter(pk__in=worked_at)
        if kind == "group":
            options = [
                (f"group:{g.pk}", f"{g.unit.name} – {g.name}")
                for g in queryset.order_by("unit__name", "grade", "name")
            ]
        else:
            options = [(f"{kind}:{obj.pk}", str(obj)) for obj in queryset.order_by("name")]
        if options:
            choices.append((str(PLACE_KIND_LABELS[kind]), options))
    return choices


def unit_written(actor, programme: Programme, text: str) -> str:
    """The place key (``unit:pk``) of the one open unit the steward looks after that
    ``text`` names: by its organisation number (spaces allowed), else by its whole name in
    any case. Raises ValidationError saying what to write when none or several match."""
    text = " ".join(clean_text(str(text or "")).split())[:200]
    units = _place_querysets(actor, programme)["unit"]
    digits = text.replace(" ", "")
    if digits.isascii() and digits.isdigit():
        found = list(units.filter(organisation_number=digits)[:2])
    else:
        found = list(units.filter(name__iexact=text).select_related("owner").order_by("pk")[:6])
        if not found and not text.isascii():
            # SQLite folds the case of ASCII letters only ("BJØRKELY" is not "Bjørkely"
            # there): the names compared folded here instead.
            folded = text.casefold()
            pks = [pk for pk, name in units.values_list("pk", "name") if name.casefold() == folded]
            found = list(units.filter(pk__in=pks).select_related("owner").order_by("pk")[:6])
    if not found:
        raise ValidationError(
            _(
                "None of the units you look after has that name or organisation number. "
                "Write the whole name, or the nine digits of the organisation number."
            )
        )
    if len(found) > 1:
        raise ValidationError(
            _(
                "More than one unit is called %(name)s (%(owners)s). Write the organisation "
                "number of the one you mean."
            )
            % {"name": found[0].name, "owners": ", ".join(sorted({u.owner.name for u in found}))}
        )
    return f"unit:{found[0].pk}"


def _place(actor, programme: Programme, key: str):
    kind, _sep, raw_pk = (key or "").partition(":")
    querysets = _place_querysets(actor, programme)
    if kind not in SCOPE_FIELDS or not raw_pk.isascii() or not raw_pk.isdigit():
        return None, ""
    queryset = querysets.get(kind)
    found = queryset.filter(pk=int(raw_pk)).first() if queryset is not None else None
    return found, kind


def _where_held(role: str) -> str:
    kinds = [str(PLACE_KIND_NAMES[kind]) for kind in ROLE_SCOPES[role]]
    return _(" or ").join(kinds)


def _check_may_change(actor, programme: Programme, person: Person) -> None:
    why_not = refusal(actor, programme, person)
    if why_not == Refusal.SELF:
        raise ValidationError(_("You cannot change your own roles. Ask another administrator."))
    if why_not is not None:
        raise ValidationError(
            _(
                "%(name)s also has roles outside the part of the programme you look after, "
                "so you cannot change them here. Ask whoever looks after those roles."
            )
            % {"name": person}
        )


@transaction.atomic
def grant(actor, programme: Programme, person: Person, role: str, place: str, title: str = ""):
    """Give the person a role at a place the steward looks after. Side effects: those of
    ``services.grant_role`` (the membership, a history line with the actor)."""
    _check_may_change(actor, programme, person)
    if role not in stewardship.grantable_roles(actor, programme):
        raise ValidationError(
            {"role": _("You cannot hand out this role. Choose one of the roles in the list.")}
        )
    target, kind = _place(actor, programme, place)
    if target is None:
        raise ValidationError({"place": _("Choose a place from the list.")})
    if kind not in ROLE_SCOPES[role]:
        raise ValidationError(
            {
                "place": _("The role %(role)s is held at %(where)s. Choose such a place.")
                % {"role": Role(role).label, "where": _where_held(role)}
            }
        )
    if Membership.objects.filter(person=person, role=role, **{kind: target}).exists():
        raise ValidationError(
            _("%(name)s already has this role there.") % {"name": person}, code="exists"
        )
    return services.grant_role(
        person, role, actor=actor, in_programme=programme, title=title, **{kind: target}
    )


@transaction.atomic
def revoke(actor, programme: Programme, person: Person, membership_pk: int, reason: str = ""):
    """Take one of the person's roles away, if it lies in the steward's part and is one
    they may hand out. Side effects: those of ``services.revoke_role``."""
    _check_may_change(actor, programme, person)
    membership = (
        stewardship.memberships_in_scope(actor, programme)
        .filter(person=person, pk=membership_pk)
        .select_related("programme", "region", "owner", "unit", "group__unit")
        .first()
    )
    if membership is None:
        raise Http404
    if membership.role not in stewardship.grantable_roles(actor, programme):
        raise ValidationError(
            _("Only a programme administrator can take away the role %(role)s.")
            % {"role": Role(membership.role).label}
        )
    services.revoke_role(membership, actor=actor, in_programme=programme, reason=reason)
    return membership


@transaction.atomic
def set_active(actor, programme: Programme, person: Person, active: bool) -> None:
    """Deactivate (no more logging in; roles and history stay) or reactivate the person.
    Side effects: those of ``services.set_active``."""
    _check_may_change(actor, programme, person)
    services.set_active(person, active, actor=actor, in_programme=programme)
