"""``manage.py seed_national`` at a tiny scale on the test database: the counts follow the
scale, the rounds are answered under the collection's storage rules and their results
built, the bench users log in and see their home page, and the command refuses outside
demo mode and a second time."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.db.models import Count, Q
from django.test import Client, override_settings

from samla.analysis.models import Analysis, EvidenceSnapshot
from samla.demo import national_copy
from samla.demo.national import BASE, national_counts
from samla.demo.national_bench import USERNAMES
from samla.learning.models import Attendance, LearningGroup, Meeting
from samla.org.demo import DEMO_PASSWORD
from samla.org.models import Group, Membership, Owner, Person, Programme, Role, Unit, UnitKind
from samla.plans.models import Activity, Plan
from samla.results.models import Build, BuildState, ResultRow, ResultSheet
from samla.surveys.models import AccessCode, Child, CodeMark, CodeState, Draft, Response, Round

SCALE = 0.002
NATIONAL = Q(slug__startswith="nasjonal-")


def _seed(**options) -> str:
    out = StringIO()
    call_command("seed_national", scale=SCALE, seed=7, stdout=out, **options)
    return out.getvalue()


def _near(found: int, expected: int, share: float) -> bool:
    return abs(found - expected) <= share * expected


def test_national_counts_follow_the_scale():
    assert national_counts(1.0) == BASE
    half = national_counts(0.5)
    assert half["schools"] == 1500 and half["responses"] == 250_000
    assert all(value == 1 for value in national_counts(1e-9).values())
    with pytest.raises(ValueError):
        national_counts(0)


@pytest.mark.django_db
def test_seed_national_builds_a_scaled_dataset_under_the_storage_rules():
    out = _seed()
    counts = national_counts(SCALE)
    for step in ("organisation", "people", "plans", "learning", "answers T3", "results T3",
                 "analyses", "bench users", "Done in"):  # fmt: skip
        assert f"\n{step}" in out or out.startswith(step)
    programmes = Programme.objects.filter(NATIONAL)
    units = Unit.objects.filter(programmes__in=programmes)
    assert programmes.count() == 2  # one county at this scale: school and kindergarten
    assert Owner.objects.filter(units__in=units).distinct().count() == counts["owners"]
    assert units.filter(kind=UnitKind.PRIMARY).count() == counts["schools"]
    assert units.filter(kind=UnitKind.KINDERGARTEN).count() == counts["kindergartens"]
    assert _near(Group.objects.filter(unit__in=units).count(), counts["classes"], 0.1)
    people = Person.objects.filter(memberships__in=Membership.objects.filter(
        Q(unit__in=units) | Q(group__unit__in=units) | Q(programme__in=programmes)
        | Q(owner__units__in=units) | Q(region__programme__in=programmes)
    )).distinct()  # fmt: skip
    assert _near(people.count(), counts["staff"], 0.1)
    assert _near(
        LearningGroup.objects.filter(unit__in=units).count(), counts["learning_groups"], 0.2
    )
    assert (
        Meeting.objects.filter(group__unit__in=units).count() == 8 * LearningGroup.objects.count()
    )
    assert Attendance.objects.exists()
    assert 0 < Analysis.objects.filter(unit__in=units).count() <= counts["analyses"]
    assert EvidenceSnapshot.objects.count() == Analysis.objects.count()
    assert Plan.objects.filter(programme__in=programmes).count() == 2
    assert Activity.objects.filter(plan__programme__in=programmes).count() > 30

    rounds = Round.objects.filter(programme__in=programmes)
    assert sorted(rounds.values_list("name", flat=True)) == ["T1", "T1", "T2", "T2", "T3", "T3"]
    for name in ("T1", "T2", "T3"):
        answered = Response.objects.filter(round__name=name, round__in=rounds).count()
        assert _near(answered, counts["responses"], 0.2), (name, answered)
    for round in rounds:
        assert round.results_released_at is not None
        assert round.state() == "released"
        assert Build.objects.get(round=round).state == BuildState.DONE
        assert ResultSheet.objects.filter(round=round).count() == round.instruments.count()
        assert ResultRow.objects.filter(round=round, node_kind="unit").exists()

    # The storage rules of collection. As many codes spent as responses in every class and
    # respondent group, and nothing that joins the two: no drafts, no marks.
    spent = {
        (row["round"], row["unit"], row["group"], row["respondent_group"]): row["n"]
        for row in AccessCode.objects.filter(state=CodeState.SUBMITTED)
        .values("round", "unit", "group", "respondent_group")
        .annotate(n=Count("pk"))
    }
    answered = {
        (row["round"], row["unit"], row["group"], row["respondent_group"]): row["n"]
        for row in Response.objects.values("round", "unit", "group", "respondent_group").annotate(
            n=Count("pk")
        )
    }
    assert spent == answered
    assert AccessCode.objects.count() > Response.objects.count()
    assert not Draft.objects.exists() and not CodeMark.objects.exists()
    assert all(
        len(bytes(h)) == 32 for h in AccessCode.objects.values_list("code_hmac", flat=True)[:50]
    )
    assert AccessCode.objects.values("code_hmac").distinct().count() == AccessCode.objects.count()
    # Codes of the children's groups name a child, one code per child and questionnaire.
    per_child = AccessCode.objects.filter(respondent_group__in=["kg_child", "kg_child_rating"])
    assert per_child.exists() and not per_child.filter(child__isnull=True).exists()
    assert (
        per_child.values("round", "respondent_group", "child").distinct().count()
        == per_child.count()
    )
    # Response ids are random, not a count.
    ids = sorted(Response.objects.values_list("pk", flat=True))
    assert ids[-1] > 2**40 and ids != list(range(ids[0], ids[0] + len(ids)))

    # A second run refuses and changes nothing.
    before = (Person.objects.count(), Response.objects.count(), Unit.objects.count())
    with pytest.raises(CommandError, match="already in this database"):
        _seed()
    assert (Person.objects.count(), Response.objects.count(), Unit.objects.count()) == before


@pytest.mark.django_db
def test_bench_users_log_in_and_open_their_home_page():
    out = _seed()
    assert set(
        Person.objects.filter(username__in=USERNAMES).values_list("username", flat=True)
    ) == set(USERNAMES)
    # Only they can log in: the other people's passwords are unusable.
    assert (
        not Person.objects.exclude(username__in=USERNAMES)
        .filter(username__startswith="nasj")
        .exclude(password__startswith="!")
        .exists()
    )
    leader = Membership.objects.get(person__username="nasjonal-rektor", role=Role.UNIT_LEADER)
    big_school = leader.unit
    assert big_school.groups.count() == max(
        g.groups.count() for g in Unit.objects.filter(kind=UnitKind.PRIMARY)
    )
    for username in USERNAMES:
        assert f"  {username} " in out
        client = Client()
        assert client.login(username=username, password=DEMO_PASSWORD), username
        page = client.get("/")
        assert page.status_code == 200, username
    client = Client()
    client.login(username="nasjonal-rektor", password=DEMO_PASSWORD)
    assert big_school.name in client.get("/").content.decode()
    client.login(username="nasjonal-eier", password=DEMO_PASSWORD)
    assert big_school.owner.name in client.get("/").content.decode()


@pytest.mark.django_db
def test_rows_written_in_bulk_have_their_foreign_keys_checked():
    unit = Unit.objects.create(
        name="Prøveskole",
        kind=UnitKind.PRIMARY,
        owner=Owner.objects.create(name="Prøve", kind="kommune"),
    )
    group = Group.objects.create(unit=unit, name="1A", kind="klasse", grade=1)
    national_copy.start()
    national_copy.write_rows(Child, ["group_id", "pseudonym"], [(group.pk, "NGOOD0001")])
    assert national_copy.check_foreign_keys() in (0, 1)  # 1: checked set-wise (PostgreSQL)
    national_copy.write_rows(Child, ["group_id", "pseudonym"], [(group.pk + 10**9, "NBAD00001")])
    with pytest.raises(IntegrityError):
        national_copy.check_foreign_keys()
    Child.objects.filter(pseudonym="NBAD00001").delete()


@pytest.mark.django_db
@override_settings(DEMO=False, DEBUG=False)
def test_seed_national_refuses_outside_demo_mode():
    with pytest.raises(CommandError, match="SAMLA_DEMO=true"):
        _seed()
    assert not Programme.objects.filter(NATIONAL).exists()


@pytest.mark.django_db
def test_seed_national_refuses_a_scale_of_nothing():
    with pytest.raises(CommandError, match="above 0"):
        call_command("seed_national", scale=0, stdout=StringIO())
    assert not Programme.objects.filter(NATIONAL).exists()
