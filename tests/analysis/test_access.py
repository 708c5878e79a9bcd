"""Who may open, work on, lead and comment on a pedagogical analysis (``org/access.py``).

An analysis stays inside its unit: the unit's people read it, the unit leader (and for a
learning group's analysis, the group's leader and members) work on it, the unit's PPT
reads and comments. The owner reads it only while the leader shares it; regions,
administrators, researchers and the county governor never open one."""

from __future__ import annotations

import pytest
from django.http import Http404

from samla.analysis import access as analysis_access
from samla.analysis import services
from samla.analysis.models import Analysis
from samla.learning.services import unit_staff
from samla.org.models import Membership, Owner, Person, Region
from samla.results.queries import Node
from samla.surveys.models import Round

EVERYONE = [
    "admin",
    "forsker",
    "statsforvalter",
    "region",
    "eier",
    "rektor",
    "styrer",
    "gruppeleder",
    "laerer",
    "ppt",
    "tillitsvalgt",
]


def fresh(username: str) -> Person:
    """The person as a new request sees them (memberships read anew)."""
    return Person.objects.get(username=username)


def opened(username: str, analysis: Analysis) -> bool:
    """Whether ``get_analysis_or_404`` gives the person the analysis (else it is a 404)."""
    try:
        found = analysis_access.get_analysis_or_404(fresh(username), analysis.pk)
    except Http404:
        return False
    assert found == analysis
    return True


def visible(username: str) -> list[Analysis]:
    return list(analysis_access.analyses_for(fresh(username)).order_by("pk"))


def rights(username: str, analysis: Analysis) -> tuple[bool, bool, bool]:
    """(lead, edit, comment)."""
    person = fresh(username)
    return (
        analysis_access.can_lead_analysis(person, analysis),
        analysis_access.can_edit_analysis(person, analysis),
        analysis_access.can_comment_analysis(person, analysis),
    )


def analysis_at_other_school(demo_org) -> Analysis:
    """An analysis at the other school of the results round: Hamar's, not supervised by
    ``ppt``."""
    round = demo_org.results_round()
    other = round.units.exclude(pk=demo_org.school.pk).get()
    return services.start_analysis(
        None,
        title="Arbeidsro ved Engtun",
        round=round,
        at=Node("unit", other.pk, other.name),
        respondent_group="pupil_5_7",
        scale="arbeidsro",
    )


def staff_outside_the_group(demo_org) -> Person:
    group = demo_org.learning_group()
    inside = set(group.members.values_list("person_id", flat=True)) | {group.leader_id}
    return next(
        p
        for p in unit_staff(demo_org.school)
        if p.pk not in inside and p.username.startswith("ansatt")
    )


# --- Sharing with the owner -----------------------------------------------------------------


def test_the_owner_gets_nothing_unshared(demo_org):
    analysis = demo_org.analysis()

    assert visible("eier") == []
    assert opened("eier", analysis) is False
    assert rights("eier", analysis) == (False, False, False)


def test_the_owner_reads_only_while_the_analysis_is_shared(demo_org):
    analysis = demo_org.analysis()
    unshared = demo_org.analysis("Ikke delt")
    rektor = demo_org.user("rektor")
    owner = fresh("eier")

    services.share_with_owner(analysis, rektor)
    while_shared = (
        list(analysis_access.analyses_for(owner)),
        analysis_access.get_analysis_or_404(owner, analysis.pk),
    )
    services.withdraw_sharing(analysis)

    assert while_shared == ([analysis], analysis)
    assert rights("eier", analysis) == (False, False, False)
    # Withdrawn: gone at once, for the same person object as for a new request.
    assert list(analysis_access.analyses_for(owner)) == []
    with pytest.raises(Http404):
        analysis_access.get_analysis_or_404(owner, analysis.pk)
    assert opened("eier", analysis) is False
    assert opened("eier", unshared) is False
    stored = Analysis.objects.get(pk=analysis.pk)
    assert (stored.shared_with_owner_at, stored.shared_by) == (None, None)


def test_sharing_records_who_shared_and_is_kept_once(demo_org):
    analysis = demo_org.analysis()
    rektor = demo_org.user("rektor")

    services.share_with_owner(analysis, rektor)
    first = Analysis.objects.get(pk=analysis.pk).shared_with_owner_at
    services.share_with_owner(analysis, rektor)

    stored = Analysis.objects.get(pk=analysis.pk)
    assert (stored.shared, stored.shared_by, stored.shared_with_owner_at) == (True, rektor, first)


def test_the_owner_sees_a_shared_analysis_at_each_of_its_units(demo_org):
    school = demo_org.analysis()
    other = analysis_at_other_school(demo_org)
    for analysis in (school, other):
        services.share_with_owner(analysis, demo_org.user("rektor"))

    assert visible("eier") == [school, other]


# --- Who never opens an analysis --------------------------------------------------------------


@pytest.mark.parametrize(
    "username", ["region", "statsforvalter", "admin", "forsker", "tillitsvalgt", "styrer"]
)
def test_no_analysis_opens_outside_the_unit_even_shared(demo_org, username):
    analysis = demo_org.analysis()
    group_analysis = demo_org.analysis("Gruppens analyse", group=True)
    for shared in (analysis, group_analysis):
        services.share_with_owner(shared, demo_org.user("rektor"))

    assert visible(username) == []
    assert [opened(username, a) for a in (analysis, group_analysis)] == [False, False]
    assert [rights(username, a) for a in (analysis, group_analysis)] == [(False, False, False)] * 2


# --- PPT --------------------------------------------------------------------------------------


def test_ppt_sees_and_comments_only_at_the_units_it_supervises(demo_org):
    supervised = demo_org.analysis()
    elsewhere = analysis_at_other_school(demo_org)
    services.share_with_owner(elsewhere, demo_org.user("rektor"))

    assert visible("ppt") == [supervised]
    assert opened("ppt", supervised) is True
    assert opened("ppt", elsewhere) is False
    assert rights("ppt", supervised) == (False, False, True)
    assert rights("ppt", elsewhere) == (False, False, False)


# --- The unit's people ------------------------------------------------------------------------


def test_the_units_people_read_a_unit_wide_analysis_and_the_leader_works_on_it(demo_org):
    analysis = demo_org.analysis()
    outside = staff_outside_the_group(demo_org).username
    readers = ["rektor", "gruppeleder", "laerer", "ppt", outside]

    assert {u: opened(u, analysis) for u in readers} == dict.fromkeys(readers, True)
    assert {u: rights(u, analysis) for u in readers} == {
        "rektor": (True, True, True),
        "gruppeleder": (False, False, False),
        "laerer": (False, False, False),
        "ppt": (False, False, True),
        outside: (False, False, False),
    }


def test_the_learning_group_works_on_its_own_analysis(demo_org):
    analysis = demo_org.analysis("Gruppens analyse", group=True)
    outside = staff_outside_the_group(demo_org).username
    people = ["rektor", "gruppeleder", "laerer", "ppt", outside]

    assert {u: opened(u, analysis) for u in people} == dict.fromkeys(people, True)
    assert {u: rights(u, analysis) for u in people} == {
        "rektor": (True, True, True),
        "gruppeleder": (False, True, True),
        "laerer": (False, True, True),
        "ppt": (False, False, True),
        outside: (False, False, False),
    }


def test_someone_who_leaves_the_unit_loses_the_groups_analysis_at_once(demo_org):
    analysis = demo_org.analysis("Gruppens analyse", group=True)
    assert rights("laerer", analysis) == (False, True, True)

    Membership.objects.filter(person__username="laerer").delete()

    assert opened("laerer", analysis) is False
    assert rights("laerer", analysis) == (False, False, False)
    assert analysis.learning_group.members.filter(person__username="laerer").exists()


@pytest.mark.parametrize("username", EVERYONE)
def test_only_the_unit_leader_leads_an_analysis(demo_org, username):
    analysis = demo_org.analysis("Gruppens analyse", group=True)

    assert analysis_access.can_lead_analysis(fresh(username), analysis) == (username == "rektor")


# --- Starting and following analyses ----------------------------------------------------------


def test_who_may_start_an_analysis_and_for_which_groups(demo_org):
    group = demo_org.learning_group()
    school = demo_org.school
    people = ["rektor", "gruppeleder", "laerer", "ppt", "eier", "styrer"]

    units = {u: analysis_access.analysis_start_units(fresh(u)) for u in people}
    groups = {u: list(analysis_access.analysis_start_groups(fresh(u), school)) for u in people}

    assert units == {
        "rektor": {school.pk},
        "gruppeleder": {school.pk},
        "laerer": set(),
        "ppt": set(),
        "eier": set(),
        "styrer": {demo_org.kindergarten.pk},
    }
    assert groups == {
        "rektor": [group],
        "gruppeleder": [group],
        "laerer": [],
        "ppt": [],
        "eier": [],
        "styrer": [],
    }


def test_which_results_an_analysis_may_start_from(demo_org):
    round = demo_org.results_round()
    demo_org.learning_group()
    school = demo_org.school.pk
    other = round.units.exclude(pk=school).get().pk
    a_class = demo_org.school.groups.get(name="6A").pk
    starts = [("unit", school, school), ("group", a_class, school), ("unit", other, other)]
    people = ["rektor", "gruppeleder", "laerer", "ppt", "eier", "admin"]

    allowed = {
        u: [analysis_access.may_start_analysis_from(fresh(u), round, *start) for start in starts]
        for u in people
    }

    assert allowed == {
        "rektor": [True, True, False],
        "gruppeleder": [True, False, False],
        "laerer": [False, False, False],
        "ppt": [False, False, False],
        "eier": [False, False, False],
        "admin": [False, False, False],
    }


def test_a_group_leader_may_not_start_before_the_results_are_released(demo_org):
    round = demo_org.results_round()
    demo_org.learning_group()
    Round.objects.filter(pk=round.pk).update(results_released_at=None, results_release_on=None)
    round.refresh_from_db()
    school = demo_org.school.pk

    allowed = analysis_access.may_start_analysis_from(
        fresh("gruppeleder"), round, "unit", school, school
    )

    assert allowed is False


def test_the_overview_scope_of_leaders_owners_and_regions(demo_org):
    hamar = Owner.objects.get(name="Hamar kommune")
    regions = set(Region.objects.filter(name="Hamarregionen").values_list("pk", flat=True))
    people = ["rektor", "eier", "region", "laerer", "admin"]

    scopes = {u: analysis_access.analysis_overview_scope(fresh(u)) for u in people}

    nothing = {"unit": set(), "owner": set(), "region": set()}
    assert scopes == {
        "rektor": {**nothing, "unit": {demo_org.school.pk}},
        "eier": {**nothing, "owner": {hamar.pk}},
        "region": {**nothing, "region": regions},
        "laerer": nothing,
        "admin": nothing,
    }
