"""The one place that decides what a person may see and change.

Every view gets its objects through the functions here: scoped querysets
(``programmes_for``, ``units_for`` …), ``get_*_or_404`` helpers that answer 404 for
anything outside the person's scope (so an id guessed from outside reveals nothing),
and predicates (``can_view_unit_people`` …). Rights come only from memberships.

The memberships of a person are read once per request and kept on the user object.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F, Q, QuerySet
from django.http import Http404

from .models import (
    Enrolment,
    Group,
    Membership,
    Owner,
    Person,
    Programme,
    Region,
    RegionOwner,
    Role,
    Unit,
)

PROGRAMME_WIDE_ROLES = frozenset({Role.PROGRAMME_ADMIN, Role.RESEARCHER, Role.OBSERVER})
UNIT_MEMBER_ROLES = frozenset({Role.UNIT_LEADER, Role.GROUP_LEADER, Role.STAFF})


@dataclass(frozen=True)
class Grant:
    role: str
    scope_kind: str
    scope_id: int
    # For a group-scoped membership, the unit the group belongs to.
    unit_id: int | None = None


@dataclass
class Grants:
    """The memberships of one person, as plain ids per role."""

    items: list[Grant] = field(default_factory=list)

    def ids(self, role: str | frozenset[str], scope_kind: str) -> set[int]:
        roles = {role} if isinstance(role, str) else role
        return {g.scope_id for g in self.items if g.role in roles and g.scope_kind == scope_kind}

    @property
    def roles(self) -> set[str]:
        return {g.role for g in self.items}

    @property
    def programme_wide_ids(self) -> set[int]:
        return self.ids(PROGRAMME_WIDE_ROLES, "programme") | self.ids(
            Role.UNION_REPRESENTATIVE, "programme"
        )

    @property
    def member_unit_ids(self) -> set[int]:
        """Units where the person works: leader, group leader or staff (also via a class)."""
        unit_ids = self.ids(UNIT_MEMBER_ROLES, "unit")
        unit_ids |= {g.unit_id for g in self.items if g.scope_kind == "group" and g.unit_id}
        return unit_ids


def grants_for(user) -> Grants:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Grants()
    cached = getattr(user, "_samla_grants", None)
    if cached is not None:
        return cached
    rows = Membership.objects.filter(person_id=user.pk).values_list(
        "role", "programme_id", "region_id", "owner_id", "unit_id", "group_id", "group__unit_id"
    )
    items = []
    for role, programme_id, region_id, owner_id, unit_id, group_id, group_unit_id in rows:
        for kind, scope_id in (
            ("programme", programme_id),
            ("region", region_id),
            ("owner", owner_id),
            ("unit", unit_id),
            ("group", group_id),
        ):
            if scope_id is not None:
                items.append(Grant(role, kind, scope_id, group_unit_id))
    grants = Grants(items)
    user._samla_grants = grants
    return grants


def forget_grants(user) -> None:
    """Call after changing a person's memberships within the same request."""
    for cached in ("_samla_grants", "_samla_programme_roles"):
        if hasattr(user, cached):
            delattr(user, cached)


# --- Programme-level predicates ---------------------------------------------------------


def admin_programme_ids(user) -> set[int]:
    return grants_for(user).ids(Role.PROGRAMME_ADMIN, "programme")


def is_programme_admin(user, programme: Programme | None = None) -> bool:
    ids = admin_programme_ids(user)
    return programme.pk in ids if programme is not None else bool(ids)


def can_use_django_admin(user) -> bool:
    """The Django admin is for programme administrators only."""
    return is_programme_admin(user)


# --- Scoped querysets ------------------------------------------------------------------


def programmes_for(user) -> QuerySet[Programme]:
    """Programmes the person takes part in, in any role."""
    grants = grants_for(user)
    if not grants.items:
        return Programme.objects.none()
    unit_ids = grants.member_unit_ids | grants.ids(Role.PPT_ADVISOR, "unit")
    owner_ids = grants.ids(frozenset({Role.OWNER, Role.UNION_REPRESENTATIVE}), "owner")
    condition = (
        Q(pk__in=grants.programme_wide_ids)
        | Q(regions__in=grants.ids(Role.REGION_COORDINATOR, "region"))
        | Q(units__in=unit_ids)
        | Q(units__owner__in=owner_ids)
    )
    return Programme.objects.filter(condition).distinct()


def get_programme_or_404(user, slug: str) -> Programme:
    try:
        return programmes_for(user).get(slug=slug)
    except Programme.DoesNotExist as missing:
        raise Http404 from missing


def units_for(user) -> QuerySet[Unit]:
    """Units whose page the person may open: their own work place, the units they lead,
    own, coordinate (through the region's owners, in that programme), supervise as PPT, or
    administer as a programme administrator."""
    grants = grants_for(user)
    if not grants.items:
        return Unit.objects.none()
    region_ids = grants.ids(Role.REGION_COORDINATOR, "region")
    condition = (
        Q(pk__in=grants.member_unit_ids)
        | Q(pk__in=grants.ids(Role.PPT_ADVISOR, "unit"))
        | Q(owner_id__in=grants.ids(Role.OWNER, "owner"))
        | Q(enrolment__programme_id__in=admin_programme_ids(user))
    )
    if region_ids:
        condition |= Q(pk__in=_units_in_regions(region_ids))
    return Unit.objects.filter(condition).distinct()


def _units_in_regions(region_ids: set[int]) -> QuerySet[Unit]:
    return Unit.objects.filter(
        owner__regionowner__region_id__in=region_ids,
        enrolment__programme_id=F("owner__regionowner__programme_id"),
    ).values("pk")


def get_unit_or_404(user, pk: int) -> Unit:
    try:
        return units_for(user).select_related("owner").get(pk=pk)
    except Unit.DoesNotExist as missing:
        raise Http404 from missing


def can_view_unit_people(user, unit: Unit) -> bool:
    """Names of staff and their roles: the unit's own people, its owner, its PPT advisors
    and programme administrators. Region coordinators, observers and researchers see
    units, never named people outside their own unit."""
    grants = grants_for(user)
    if unit.pk in grants.member_unit_ids or unit.pk in grants.ids(Role.PPT_ADVISOR, "unit"):
        return True
    if unit.owner_id in grants.ids(Role.OWNER, "owner"):
        return True
    return bool(admin_programme_ids(user) & set(unit.programmes.values_list("pk", flat=True)))


# --- Action plans ----------------------------------------------------------------------
# Everyone taking part in a programme reads its plans; programme administrators edit them;
# a region coordinator edits the sessions of their own region only.


def plans_for(user):
    from samla.plans.models import Plan

    return Plan.objects.filter(programme__in=programmes_for(user))


def get_plan_or_404(user, programme_slug: str, school_year: str):
    from samla.plans.models import Plan

    try:
        return (
            plans_for(user)
            .select_related("programme", "region")
            .get(programme__slug=programme_slug, school_year=school_year, region__isnull=True)
        )
    except Plan.DoesNotExist as missing:
        raise Http404 from missing


def can_edit_plan(user, plan) -> bool:
    return plan.programme_id in admin_programme_ids(user)


def session_region_ids(user, plan) -> set[int]:
    """Regions whose sessions in this plan the person may set."""
    if can_edit_plan(user, plan):
        return set(plan.programme.regions.values_list("pk", flat=True))
    coordinated = grants_for(user).ids(Role.REGION_COORDINATOR, "region")
    return set(
        Region.objects.filter(pk__in=coordinated, programme_id=plan.programme_id).values_list(
            "pk", flat=True
        )
    )


def programme_roles(user) -> dict[int, set[str]]:
    """The person's roles per programme: a role counts in a programme only where it is held
    (the programme itself, one of its regions, or an owner, unit or class enrolled in it)."""
    cached = getattr(user, "_samla_programme_roles", None)
    if cached is not None:
        return cached
    grants = grants_for(user)
    unit_ids = {g.scope_id for g in grants.items if g.scope_kind == "unit"}
    unit_ids |= {g.unit_id for g in grants.items if g.scope_kind == "group" and g.unit_id}
    owner_ids = {g.scope_id for g in grants.items if g.scope_kind == "owner"}
    region_ids = {g.scope_id for g in grants.items if g.scope_kind == "region"}
    region_programme = dict(
        Region.objects.filter(pk__in=region_ids).values_list("pk", "programme_id")
    )
    unit_programmes: dict[int, set[int]] = {}
    owner_programmes: dict[int, set[int]] = {}
    if unit_ids or owner_ids:
        enrolments = Enrolment.objects.filter(
            Q(unit_id__in=unit_ids) | Q(unit__owner_id__in=owner_ids)
        ).values_list("unit_id", "unit__owner_id", "programme_id")
        for unit_id, owner_id, programme_id in enrolments:
            unit_programmes.setdefault(unit_id, set()).add(programme_id)
            owner_programmes.setdefault(owner_id, set()).add(programme_id)
    roles: dict[int, set[str]] = {}
    for grant in grants.items:
        if grant.scope_kind == "programme":
            programme_ids = {grant.scope_id}
        elif grant.scope_kind == "region":
            programme_ids = {region_programme[grant.scope_id]}
        elif grant.scope_kind == "owner":
            programme_ids = owner_programmes.get(grant.scope_id, set())
        else:
            unit_id = grant.scope_id if grant.scope_kind == "unit" else grant.unit_id
            programme_ids = unit_programmes.get(unit_id, set())
        for programme_id in programme_ids:
            roles.setdefault(programme_id, set()).add(grant.role)
    user._samla_programme_roles = roles
    return roles


def roles_in_programme(user, programme: Programme) -> set[str]:
    """The person's roles that are held within this programme, for "what concerns me"."""
    return set(programme_roles(user).get(programme.pk, set()))


def region_ids_of(user, programme: Programme) -> set[int]:
    """Regions the person belongs to in a programme: coordinated, or where their owner or
    unit sits."""
    grants = grants_for(user)
    unit_ids = grants.member_unit_ids | grants.ids(Role.PPT_ADVISOR, "unit")
    owner_ids = grants.ids(frozenset({Role.OWNER, Role.UNION_REPRESENTATIVE}), "owner")
    return set(
        Region.objects.filter(programme=programme)
        .filter(
            Q(pk__in=grants.ids(Role.REGION_COORDINATOR, "region"))
            | Q(regionowner__owner_id__in=owner_ids)
            | Q(regionowner__owner__units__in=unit_ids)
        )
        .values_list("pk", flat=True)
    )


def deadlines_for(user):
    """Deadlines owned by a role the person holds in the deadline's own programme."""
    from samla.plans.models import Deadline

    condition = Q(pk__in=[])
    for programme_id, roles in programme_roles(user).items():
        condition |= Q(programme_id=programme_id, role__in=roles)
    return Deadline.objects.filter(condition).select_related("programme")


# --- Surveys ---------------------------------------------------------------------------


def rounds_for(user):
    """Survey rounds the person may see: published rounds of their programmes, and drafts
    too in the programmes they administer."""
    from samla.surveys.models import Round

    return Round.objects.filter(programme__in=programmes_for(user)).filter(
        Q(published=True) | Q(programme_id__in=admin_programme_ids(user))
    )


def get_round_or_404(user, slug: str):
    """A survey round the person may see (a draft only for its programme's administrators)."""
    try:
        return rounds_for(user).select_related("programme").get(slug=slug)
    except ObjectDoesNotExist as missing:
        raise Http404 from missing


def may_read_instruments(user) -> bool:
    """Published questionnaires are read by programme administrators and researchers."""
    grants = grants_for(user)
    return bool(grants.ids(frozenset({Role.PROGRAMME_ADMIN, Role.RESEARCHER}), "programme"))


def can_manage_round(user, round) -> bool:
    """Creating, changing, opening and releasing rounds is for programme administrators."""
    return round.programme_id in admin_programme_ids(user)


def child_unit_ids(user, round) -> set[int]:
    """Units whose lists of children (names, reservations, consent, per-child codes) the
    person keeps: the units they lead that take part in the round. Nobody else sees the
    names, not even programme administrators."""
    leader_units = grants_for(user).ids(Role.UNIT_LEADER, "unit")
    return set(round.units.filter(pk__in=leader_units).values_list("pk", flat=True))


def get_child_group_or_404(user, round, pk: int) -> Group:
    """A class or department of a unit whose children's list the person keeps."""
    try:
        return Group.objects.select_related("unit").get(
            pk=pk, unit_id__in=child_unit_ids(user, round)
        )
    except Group.DoesNotExist as missing:
        raise Http404 from missing


def monitor_unit_ids(user, round) -> set[int]:
    """Units whose response rates the person may follow: unit leaders their unit, owners
    their units, region coordinators their region's units, administrators all; only units
    that take part in the round."""
    grants = grants_for(user)
    leader_units = grants.ids(Role.UNIT_LEADER, "unit")
    visible = units_for(user).filter(
        Q(pk__in=leader_units)
        | Q(owner_id__in=grants.ids(Role.OWNER, "owner"))
        | Q(pk__in=_units_in_regions(grants.ids(Role.REGION_COORDINATOR, "region")))
        | Q(enrolment__programme_id__in=admin_programme_ids(user))
    )
    return set(round.units.filter(pk__in=visible.values("pk")).values_list("pk", flat=True))


# --- The Django admin, per programme ----------------------------------------------------
# A programme administrator changes only what belongs to their own programmes, so that one
# installation can hold several programmes without their administrators reaching each
# other's people and units.


def admin_owners(user) -> QuerySet[Owner]:
    """Owners with units in, or a place in a region of, the administered programmes; and
    owners not placed anywhere yet (just added)."""
    ids = admin_programme_ids(user)
    return Owner.objects.filter(
        Q(units__enrolment__programme_id__in=ids)
        | Q(regionowner__programme_id__in=ids)
        | Q(units__isnull=True, regionowner__isnull=True)
    ).distinct()


def admin_units(user) -> QuerySet[Unit]:
    """Units enrolled in the administered programmes, and units not enrolled anywhere yet
    whose owner the administrator reaches."""
    ids = admin_programme_ids(user)
    return Unit.objects.filter(
        Q(enrolment__programme_id__in=ids)
        | Q(enrolment__isnull=True, owner__in=admin_owners(user).values("pk"))
    ).distinct()


def _memberships_outside(user) -> Q:
    ids = admin_programme_ids(user)
    owners = admin_owners(user).values("pk")
    units = admin_units(user).values("pk")
    return (
        (Q(programme__isnull=False) & ~Q(programme_id__in=ids))
        | (Q(region__isnull=False) & ~Q(region__programme_id__in=ids))
        | (Q(owner__isnull=False) & ~Q(owner_id__in=owners))
        | (Q(unit__isnull=False) & ~Q(unit_id__in=units))
        | (Q(group__isnull=False) & ~Q(group__unit_id__in=units))
    )


def admin_memberships(user) -> QuerySet[Membership]:
    return Membership.objects.exclude(_memberships_outside(user))


def admin_people(user) -> QuerySet[Person]:
    """People all of whose roles lie within the administered programmes (and people with
    no role yet): an administrator never changes someone who also works elsewhere."""
    outside = Membership.objects.filter(_memberships_outside(user)).values("person_id")
    return Person.objects.exclude(pk__in=outside).exclude(is_superuser=True)


def admin_queryset(user, model) -> QuerySet:
    """What the Django admin shows and lets a programme administrator change, per model."""
    from .models import Group, RegionOwner

    ids = admin_programme_ids(user)
    from samla.surveys.models import InstrumentVersion, Round, RoundInstrument

    scoped = {
        Round: lambda: Round.objects.filter(programme_id__in=ids),
        RoundInstrument: lambda: RoundInstrument.objects.filter(round__programme_id__in=ids),
        # Published questionnaires are shared by every programme; they are read-only.
        InstrumentVersion: lambda: InstrumentVersion.objects.all(),
        Programme: lambda: Programme.objects.filter(pk__in=ids),
        Region: lambda: Region.objects.filter(programme_id__in=ids),
        Owner: lambda: admin_owners(user),
        Unit: lambda: admin_units(user),
        Group: lambda: Group.objects.filter(unit__in=admin_units(user).values("pk")),
        Membership: lambda: admin_memberships(user),
        Person: lambda: admin_people(user),
        Enrolment: lambda: Enrolment.objects.filter(programme_id__in=ids),
        RegionOwner: lambda: RegionOwner.objects.filter(programme_id__in=ids),
    }
    return scoped[model]() if model in scoped else model.objects.none()


def code_unit_ids(user, round) -> set[int]:
    """Units for which the person may make access codes: the units they lead that take
    part in the round (and every taking part unit for its programme's administrators)."""
    grants = grants_for(user)
    condition = Q(pk__in=grants.ids(Role.UNIT_LEADER, "unit"))
    if round.programme_id in admin_programme_ids(user):
        condition |= Q(pk__isnull=False)
    return set(round.units.filter(condition).values_list("pk", flat=True))


# --- Results ---------------------------------------------------------------------------


def results_released(round) -> bool:
    """Results open for everyone with access once released by the administrator, or by
    themselves on the release date after the round has closed."""
    from django.utils import timezone

    if round.results_released_at is not None:
        return True
    return (
        round.published
        and round.results_release_on is not None
        and timezone.now() >= round.closes_at
        and timezone.localdate() >= round.results_release_on
    )


def sees_results_early(user, round) -> bool:
    """Programme administrators and researchers see results before they are released."""
    grants = grants_for(user)
    early = frozenset({Role.PROGRAMME_ADMIN, Role.RESEARCHER})
    return round.programme_id in grants.ids(early, "programme")


def result_nodes(user, round) -> dict[str, set[int]]:
    """The nodes whose results the person may open in a round, by level ("programme",
    "region", "owner", "unit", "group"). Unit leaders: their unit and its classes; owners:
    the owner and its units; region coordinators: the region and its owners; the county
    governor: the programme, regions and owners; administrators and researchers: every
    node. Before release only administrators and researchers see anything. A node's
    comparison figures (its owner, region, programme) come with it on its page."""
    from samla.surveys.models import RoundState

    empty: dict[str, set[int]] = {
        k: set() for k in ("programme", "region", "owner", "unit", "group")
    }
    if round.state() == RoundState.DRAFT:
        return empty
    grants = grants_for(user)
    programme = round.programme_id
    early = sees_results_early(user, round)
    if not early and not results_released(round):
        return empty
    nodes = {k: set() for k in empty}
    round_units = set(round.units.values_list("pk", flat=True))
    regions = dict(
        RegionOwner.objects.filter(programme_id=programme).values_list("owner_id", "region_id")
    )
    if early:
        nodes["programme"].add(programme)
        nodes["region"].update(
            Region.objects.filter(programme_id=programme).values_list("pk", flat=True)
        )
        owners = set(Unit.objects.filter(pk__in=round_units).values_list("owner_id", flat=True))
        nodes["owner"].update(owners)
        nodes["unit"].update(round_units)
        nodes["group"].update(
            Group.objects.filter(unit_id__in=round_units).values_list("pk", flat=True)
        )
        return nodes
    if programme in grants.ids(Role.OBSERVER, "programme"):
        nodes["programme"].add(programme)
        nodes["region"].update(
            Region.objects.filter(programme_id=programme).values_list("pk", flat=True)
        )
        nodes["owner"].update(
            Unit.objects.filter(pk__in=round_units).values_list("owner_id", flat=True)
        )
    coordinated = grants.ids(Role.REGION_COORDINATOR, "region")
    for region_id in Region.objects.filter(pk__in=coordinated, programme_id=programme).values_list(
        "pk", flat=True
    ):
        nodes["region"].add(region_id)
        nodes["owner"].update(owner for owner, region in regions.items() if region == region_id)
    owned = grants.ids(Role.OWNER, "owner")
    if owned:
        nodes["owner"].update(owned)
        nodes["unit"].update(
            Unit.objects.filter(pk__in=round_units, owner_id__in=owned).values_list("pk", flat=True)
        )
    led = grants.ids(Role.UNIT_LEADER, "unit") & round_units
    if led:
        nodes["unit"].update(led)
        nodes["group"].update(Group.objects.filter(unit_id__in=led).values_list("pk", flat=True))
    return nodes


def may_export_responses(user, round) -> bool:
    """The pseudonymised respondent-level file is for the programme's researchers only."""
    return round.programme_id in grants_for(user).ids(Role.RESEARCHER, "programme")


# --- Competence packages and learning groups -------------------------------------------
# Everyone taking part in a programme reads its catalogue and multi-year plan; programme
# administrators keep them. A unit leader runs the unit's learning work; a group's leader
# records its meetings; members see their own group. Above the unit, people see counts and
# shares only: no names of individuals outside their own unit.


def can_keep_catalogue(user, programme: Programme) -> bool:
    return programme.pk in admin_programme_ids(user)


def led_unit_ids(user) -> set[int]:
    return grants_for(user).ids(Role.UNIT_LEADER, "unit")


def can_lead_learning(user, unit: Unit) -> bool:
    """Choosing packages, writing the implementation plan and dividing staff into groups
    is the unit leader's."""
    return unit.pk in led_unit_ids(user)


def learning_groups_for(user):
    """Learning groups whose page the person may open: all groups of units they lead, and
    the groups they lead or are a member of at a unit where they still work. Someone who
    leaves a unit loses its groups at once, though their name stays in the records."""
    from samla.learning.models import LearningGroup

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return LearningGroup.objects.none()
    works_at = grants_for(user).member_unit_ids
    return LearningGroup.objects.filter(
        Q(unit_id__in=led_unit_ids(user))
        | Q(unit_id__in=works_at, leader_id=user.pk)
        | Q(unit_id__in=works_at, members__person_id=user.pk)
    ).distinct()


def get_learning_group_or_404(user, pk: int):
    from samla.learning.models import LearningGroup

    try:
        return learning_groups_for(user).select_related("unit", "leader").get(pk=pk)
    except LearningGroup.DoesNotExist as missing:
        raise Http404 from missing


def can_record_meetings(user, group) -> bool:
    """Planning and recording a group's meetings: its group leader (while they work at the
    unit) and the unit leader."""
    if group.unit_id in led_unit_ids(user):
        return True
    return group.leader_id == user.pk and group.unit_id in grants_for(user).member_unit_ids


def can_change_group(user, group) -> bool:
    """Members, group leader and name: the unit leader's."""
    return group.unit_id in led_unit_ids(user)


def learning_scope(user, programme: Programme) -> dict[str, set[int]]:
    """The nodes whose learning dashboard the person may open, by level ("programme",
    "region", "owner", "unit"). Administrators, researchers, the county governor and
    programme-wide union representatives: the programme and everything in it; region
    coordinators: their region, its owners and their units; owners: the owner and its
    units; unit leaders: their unit."""
    grants = grants_for(user)
    nodes: dict[str, set[int]] = {k: set() for k in ("programme", "region", "owner", "unit")}
    enrolled = Unit.objects.filter(enrolment__programme=programme)
    placed = RegionOwner.objects.filter(programme=programme)
    if programme.pk in grants.programme_wide_ids:
        nodes["programme"].add(programme.pk)
        nodes["region"].update(programme.regions.values_list("pk", flat=True))
        nodes["owner"].update(placed.values_list("owner_id", flat=True))
        nodes["unit"].update(enrolled.values_list("pk", flat=True))
        return nodes
    coordinated = set(
        programme.regions.filter(pk__in=grants.ids(Role.REGION_COORDINATOR, "region")).values_list(
            "pk", flat=True
        )
    )
    if coordinated:
        nodes["region"] |= coordinated
        owners = set(placed.filter(region_id__in=coordinated).values_list("owner_id", flat=True))
        nodes["owner"] |= owners
        nodes["unit"].update(enrolled.filter(owner_id__in=owners).values_list("pk", flat=True))
    owned = grants.ids(frozenset({Role.OWNER, Role.UNION_REPRESENTATIVE}), "owner")
    owned = set(enrolled.filter(owner_id__in=owned).values_list("owner_id", flat=True))
    if owned:
        nodes["owner"] |= owned
        nodes["unit"].update(enrolled.filter(owner_id__in=owned).values_list("pk", flat=True))
    nodes["unit"].update(enrolled.filter(pk__in=led_unit_ids(user)).values_list("pk", flat=True))
    return nodes


def sees_names_in_unit(user, unit_id: int) -> bool:
    """Names of group leaders and members on dashboards: only the unit's own people."""
    return unit_id in grants_for(user).member_unit_ids


def get_meeting_or_404(user, pk: int):
    """A meeting of a learning group whose page the person may open."""
    from samla.learning.models import Meeting

    try:
        return Meeting.objects.select_related(
            "group__unit", "group__leader", "module__package"
        ).get(pk=pk, group__in=learning_groups_for(user).values("pk"))
    except Meeting.DoesNotExist as missing:
        raise Http404 from missing


# --- Pedagogical analysis ----------------------------------------------------------------
# An analysis stays inside its unit: the unit's people read it, the unit leader (and, for
# a learning group's analysis, the group's leader and members) work on it, the unit's PPT
# advisors read and comment. The owner reads it only while the unit leader shares it. A
# region coordinator sees counts of shared analyses, never one analysis.


def analyses_for(user):
    """Analyses whose pages and exports the person may open."""
    from samla.analysis.models import Analysis

    grants = grants_for(user)
    if not grants.items:
        return Analysis.objects.none()
    return Analysis.objects.filter(
        Q(unit_id__in=grants.member_unit_ids)
        | Q(unit_id__in=grants.ids(Role.PPT_ADVISOR, "unit"))
        | Q(unit__owner_id__in=grants.ids(Role.OWNER, "owner"), shared_with_owner_at__isnull=False)
    )


def get_analysis_or_404(user, pk: int):
    from samla.analysis.models import Analysis

    try:
        return analyses_for(user).select_related("unit__owner", "learning_group").get(pk=pk)
    except Analysis.DoesNotExist as missing:
        raise Http404 from missing


def _in_analysis_group(user, analysis) -> bool:
    group = analysis.learning_group
    if group is None or analysis.unit_id not in grants_for(user).member_unit_ids:
        return False
    return group.leader_id == user.pk or group.members.filter(person_id=user.pk).exists()


def can_lead_analysis(user, analysis) -> bool:
    """Sharing with the owner, overriding the phase rule, linking to a learning caravan:
    the unit leader's."""
    return analysis.unit_id in led_unit_ids(user)


def can_edit_analysis(user, analysis) -> bool:
    """Working through the phases: the unit leader, and the learning group's leader and
    members for a group's analysis."""
    return can_lead_analysis(user, analysis) or _in_analysis_group(user, analysis)


def can_comment_analysis(user, analysis) -> bool:
    """Comments: those who work on the analysis and the unit's PPT advisors."""
    if analysis.unit_id in grants_for(user).ids(Role.PPT_ADVISOR, "unit"):
        return True
    return can_edit_analysis(user, analysis)


def analysis_start_groups(user, unit: Unit):
    """The learning groups of the unit the person may start an analysis for: every group
    of a unit they lead, or the groups they lead there."""
    from samla.learning.models import LearningGroup

    groups = LearningGroup.objects.filter(unit=unit)
    if unit.pk in led_unit_ids(user):
        return groups
    if unit.pk not in grants_for(user).member_unit_ids:
        return groups.none()
    return groups.filter(leader_id=user.pk)


def analysis_start_units(user) -> set[int]:
    """Units where the person may start an analysis: led units, and units where they lead
    a learning group."""
    from samla.learning.models import LearningGroup

    grants = grants_for(user)
    led_groups = LearningGroup.objects.filter(
        leader_id=user.pk, unit_id__in=grants.member_unit_ids
    ).values_list("unit_id", flat=True)
    return led_unit_ids(user) | set(led_groups)


def analysis_overview_scope(user) -> dict[str, set[int]]:
    """Whose analyses the person may follow as an overview: units they lead (all their
    analyses), owners (shared analyses, per unit), regions (counts of shared analyses,
    per owner)."""
    grants = grants_for(user)
    return {
        "unit": led_unit_ids(user),
        "owner": grants.ids(Role.OWNER, "owner"),
        "region": grants.ids(Role.REGION_COORDINATOR, "region"),
    }


def may_start_analysis_from(user, round, kind: str, node_id: int, unit_id: int) -> bool:
    """The results an analysis may start from: a unit leader's, those of the unit and its
    classes they may open; a group leader's, the unit's own once released (the figures
    every analysis of the unit shows its people anyway)."""
    if unit_id in led_unit_ids(user):
        return node_id in result_nodes(user, round).get(kind, set())
    if kind != "unit" or unit_id not in analysis_start_units(user):
        return False
    return results_released(round) and round.units.filter(pk=unit_id).exists()


ANALYSIS_ROLES = frozenset(
    {
        Role.UNIT_LEADER,
        Role.GROUP_LEADER,
        Role.STAFF,
        Role.PPT_ADVISOR,
        Role.OWNER,
        Role.REGION_COORDINATOR,
    }
)


def may_see_analyses(user) -> bool:
    """Whether the menu offers analyses: roles that work on, supervise or follow them."""
    return bool(grants_for(user).roles & ANALYSIS_ROLES)
