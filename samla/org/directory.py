"""Reads for the organisation's own list pages: a steward's part of a programme, searched,
filtered, sorted and paged.

Every list answers in a fixed number of queries whatever the page size and the data size:
the count, the page, and for people one prefetch of their roles. What a steward looks
after comes from ``stewardship``; nothing outside it is ever listed. Sort keys and filter
values that are not on the lists below are ignored, never passed to the database.

``directory_tree`` holds the lists of regions, owners, units and classes; this module the
shared parts, the people and the history.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from . import access, stewardship
from .models import (
    ChangeAction,
    Group,
    Invitation,
    Membership,
    OrgChange,
    Owner,
    Person,
    Programme,
    Region,
    RegionOwner,
    Role,
    Unit,
)

PAGE_SIZES = (25, 50, 100)
DEFAULT_PAGE_SIZE = 50
MAX_SEARCH_TERMS = 6
MAX_SEARCH_LENGTH = 100


class State:
    """A person's state in the lists (not a stored field)."""

    ACTIVE = "active"
    DEACTIVATED = "deactivated"
    NOT_ACTIVATED = "not_activated"


@dataclass(frozen=True)
class ListQuery:
    """What the page asked for, already cleaned by its form: free text, filters by name
    (ids or choice values), a sort key, the page number as sent and the page size."""

    search: str = ""
    filters: dict = field(default_factory=dict)
    sort: str = ""
    page: str | int = 1
    per_page: int = DEFAULT_PAGE_SIZE


@dataclass(frozen=True)
class Listing:
    page: Page
    rows: list
    sort: str
    total: int


# --- Shared pieces ----------------------------------------------------------------------


def _variants(term: str) -> set[str]:
    # SQLite folds only ASCII letters in LIKE: "ødegård" would miss "Ødegård". There the
    # usual spellings of a name are tried as well; PostgreSQL's UPPER folds every letter,
    # so one LIKE per field is enough (and a fifth of the work on a long list).
    if connection.vendor == "postgresql":
        return {term}
    return {term, term.lower(), term.upper(), term.capitalize(), term.title()}


def search_condition(text: str, fields: tuple[str, ...]) -> Q:
    """Every word of the text found in at least one of the fields, ignoring case."""
    condition = Q()
    for term in text[:MAX_SEARCH_LENGTH].split()[:MAX_SEARCH_TERMS]:
        any_field = Q()
        for name in fields:
            for variant in _variants(term):
                any_field |= Q(**{f"{name}__icontains": variant})
        condition &= any_field
    return condition


def ordered(queryset: QuerySet, sort: str, columns: dict[str, tuple], default: str):
    """The queryset in the asked order, if the key is one of ``columns`` (``-key`` for
    descending); otherwise in the default order. Returns the queryset and the key used."""
    key = sort if sort.lstrip("-") in columns else default
    descending = key.startswith("-")
    expressions = []
    for name in columns[key.lstrip("-")]:
        expression = F(name)
        expressions.append(
            expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
        )
    return queryset.order_by(*expressions, "pk"), key


def paged(queryset: QuerySet, query: ListQuery) -> tuple[Page, int]:
    per_page = query.per_page if query.per_page in PAGE_SIZES else DEFAULT_PAGE_SIZE
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(query.page)
    return page, paginator.count


def place_label(membership: Membership) -> str:
    """Where a role is held, as people say it: a class with its unit."""
    if membership.group_id:
        return f"{membership.group.name}, {membership.group.unit.name}"
    scope = membership.scope
    return str(scope) if scope is not None else ""


# --- What a steward looks after -------------------------------------------------------


def units_looked_after(actor, programme: Programme) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=stewardship.steward_units(actor, programme).values("pk"))


def owners_looked_after(actor, programme: Programme) -> QuerySet[Owner]:
    units = stewardship.steward_units(actor, programme).values("owner_id")
    return Owner.objects.filter(pk__in=units)


def regions_looked_after(actor, programme: Programme) -> QuerySet[Region]:
    regions = Region.objects.filter(programme=programme)
    if access.is_programme_admin(actor, programme):
        return regions
    placed = RegionOwner.objects.filter(
        programme=programme, owner_id__in=owners_looked_after(actor, programme).values("pk")
    ).values("region_id")
    return regions.filter(pk__in=placed)


def groups_looked_after(actor, programme: Programme) -> QuerySet[Group]:
    return Group.objects.filter(
        unit_id__in=stewardship.steward_units(actor, programme).values("pk")
    )


def people_looked_after(actor, programme: Programme) -> QuerySet[Person]:
    """The people of ``stewardship.people_in_scope``: without a join (no DISTINCT), so
    that a list of ten thousand counts and sorts quickly."""
    return stewardship.people_in_scope(actor, programme)


# --- People -----------------------------------------------------------------------------

PEOPLE_COLUMNS = {
    "name": ("last_name", "first_name", "username"),
    "email": ("email",),
    "last_login": ("last_login",),
}
PEOPLE_FILTERS = ("region", "owner", "unit", "role", "state")


@dataclass(frozen=True)
class RoleHeld:
    membership_id: int
    role: str
    role_label: str
    place: str
    place_kind: str
    title: str


@dataclass(frozen=True)
class PersonRow:
    pk: int
    name: str
    username: str
    email: str
    last_login: object
    state: str
    roles: list[RoleHeld]


def roles_held(memberships) -> list[RoleHeld]:
    return [
        RoleHeld(
            membership_id=m.pk,
            role=m.role,
            role_label=str(Role(m.role).label),
            place=place_label(m),
            place_kind=m.scope_kind,
            title=m.title,
        )
        for m in sorted(memberships, key=lambda m: (list(Role.values).index(m.role), m.pk))
    ]


def _state(person: Person) -> str:
    if not person.is_active:
        return State.DEACTIVATED
    return State.NOT_ACTIVATED if person.invited_pending else State.ACTIVE


def with_state(people: QuerySet[Person]) -> QuerySet[Person]:
    pending = Invitation.objects.filter(person=OuterRef("pk"), accepted_at__isnull=True)
    return people.annotate(invited_pending=Exists(pending))


def _held_at(units: dict, **places) -> Q:
    """Memberships held at a unit matching ``units`` (lookups on Unit), at a class of
    such a unit, or at one of ``places`` (lookups on Membership): one UNION of
    index-driven queries (an OR across joins to the units and classes scans them all)."""
    unit_ids = Unit.objects.filter(**units).values("pk")
    classes = Group.objects.filter(unit_id__in=unit_ids).values("pk")
    held = [Q(unit_id__in=unit_ids), Q(group_id__in=classes)]
    held += [Q(**{lookup: value}) for lookup, value in places.items()]
    ids = [Membership.objects.filter(q).values("pk") for q in held]
    return Q(pk__in=stewardship.union_of(ids))


def _membership_filter(actor, programme: Programme, filters: dict) -> QuerySet | None:
    """Memberships (in the steward's part) that match the role and place filters, or None
    when no such filter is set."""
    chosen = {k: filters.get(k) for k in ("role", "region", "owner", "unit")}
    if not any(chosen.values()):
        return None
    memberships = stewardship.memberships_in_scope(actor, programme)
    if chosen["role"] in Role.values:
        memberships = memberships.filter(role=chosen["role"])
    if chosen["unit"]:
        memberships = memberships.filter(_held_at({"pk": chosen["unit"]}))
    if chosen["owner"]:
        owner = chosen["owner"]
        memberships = memberships.filter(_held_at({"owner_id": owner}, owner_id=owner))
    if chosen["region"]:
        owners = RegionOwner.objects.filter(region_id=chosen["region"]).values("owner_id")
        memberships = memberships.filter(
            _held_at({"owner_id__in": owners}, owner_id__in=owners, region_id=chosen["region"])
        )
    return memberships


def people_list(actor, programme: Programme, query: ListQuery) -> Listing:
    """People in the steward's part of the programme: name, e-mail, their roles there with
    the places, last login and state. Three queries: count, page, roles."""
    people = with_state(people_looked_after(actor, programme))
    if query.search:
        people = people.filter(
            search_condition(query.search, ("first_name", "last_name", "username", "email"))
        )
    memberships = _membership_filter(actor, programme, query.filters)
    if memberships is not None:
        people = people.filter(pk__in=memberships.values("person_id"))
    state = query.filters.get("state")
    if state == State.DEACTIVATED:
        people = people.filter(is_active=False)
    elif state == State.NOT_ACTIVATED:
        people = people.filter(is_active=True, invited_pending=True)
    elif state == State.ACTIVE:
        people = people.filter(is_active=True, invited_pending=False)
    people, sort = ordered(people, query.sort, PEOPLE_COLUMNS, "name")
    page, total = paged(people, query)
    persons = list(page.object_list)
    in_scope = (
        stewardship.memberships_in_scope(actor, programme)
        .filter(person_id__in=[p.pk for p in persons])
        .select_related("programme", "region", "owner", "unit", "group__unit")
    )
    by_person: dict[int, list[Membership]] = {}
    if persons:
        for membership in in_scope:
            by_person.setdefault(membership.person_id, []).append(membership)
    rows = [
        PersonRow(
            pk=p.pk,
            name=p.get_full_name() or p.username,
            username=p.username,
            email=p.email,
            last_login=p.last_login,
            state=_state(p),
            roles=roles_held(by_person.get(p.pk, [])),
        )
        for p in persons
    ]
    page.object_list = rows
    return Listing(page=page, rows=rows, sort=sort, total=total)


# --- History ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeRow:
    at: object
    action: str
    action_label: str
    actor: str
    person: str
    person_pk: int | None
    role_label: str
    place: str
    detail: str


def _change_rows(changes) -> list[ChangeRow]:
    return [
        ChangeRow(
            at=c.at,
            action=c.action,
            action_label=c.get_action_display(),
            actor=str(c.actor) if c.actor_id else "",
            person=str(c.person) if c.person_id else "",
            person_pk=c.person_id,
            role_label=c.get_role_display() if c.role else "",
            place=c.place,
            detail=c.detail,
        )
        for c in changes
    ]


def history(actor, programme: Programme, query: ListQuery) -> Listing:
    """The programme's changes, newest first. A programme administrator sees them all;
    an owner or unit leader the changes concerning people in their part."""
    changes = OrgChange.objects.filter(programme=programme)
    if not access.is_programme_admin(actor, programme):
        changes = changes.filter(person_id__in=people_looked_after(actor, programme).values("pk"))
    action = query.filters.get("action")
    if action in ChangeAction.values:
        changes = changes.filter(action=action)
    if query.search:
        changes = changes.filter(
            search_condition(
                query.search, ("person__first_name", "person__last_name", "place", "detail")
            )
        )
    changes = changes.select_related("actor", "person").order_by("-at", "-pk")
    page, total = paged(changes, query)
    rows = _change_rows(page.object_list)
    page.object_list = rows
    return Listing(page=page, rows=rows, sort="-at", total=total)


def person_history(person: Person, programme: Programme, limit: int = 50) -> list[ChangeRow]:
    """The last changes concerning one person in the programme (and those recorded with no
    programme, such as activating the account)."""
    changes = (
        OrgChange.objects.filter(person=person)
        .filter(Q(programme=programme) | Q(programme__isnull=True))
        .select_related("actor", "person")
        .order_by("-at", "-pk")[:limit]
    )
    return _change_rows(changes)
