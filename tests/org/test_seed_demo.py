import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from samla.learning.demo import EXTRA_SCHOOL_STAFF
from samla.org.models import Membership, Person, Programme, Region, Unit
from samla.results import exports
from samla.results.queries import read_cells
from samla.surveys import services
from samla.surveys.models import Draft, Response, Round


def _counts():
    return (
        Programme.objects.count(),
        Region.objects.count(),
        Unit.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
    )


def test_seed_demo_builds_the_programme_and_is_idempotent(demo_org, capsys):
    before = _counts()
    call_command("seed_demo")
    # The learning demo adds staff at the demo school (two groups need them); nothing else
    # in the organisation changes, and running again changes nothing at all.
    extra = len(EXTRA_SCHOOL_STAFF)
    assert _counts() == (*before[:3], before[3] + extra, before[4] + extra)
    seeded = _counts()
    call_command("seed_demo", stage="plan")
    assert _counts() == seeded
    out = capsys.readouterr().out
    assert "\nLearning: " in out
    for username in ["admin", "forsker", "statsforvalter", "region", "eier", "rektor",
                     "styrer", "gruppeleder", "laerer", "ppt", "tillitsvalgt"]:  # fmt: skip
        assert f"  {username} " in out
        assert Person.objects.get(username=username).check_password("samla-demo")


def test_demo_programme_has_the_four_regions_and_real_municipalities(demo_org):
    regions = {
        r.short_name: r
        for r in Region.objects.filter(programme=demo_org.school_programme).prefetch_related(
            "owners"
        )
    }
    assert sorted(regions) == ["HR", "KR", "NØR", "SØR"]
    assert regions["KR"].aliases == ["Glåmdalen"]
    assert {o.name for o in regions["HR"].owners.all()} == {
        "Hamar kommune", "Løten kommune", "Ringsaker kommune", "Stange kommune"
    }  # fmt: skip
    assert regions["NØR"].owners.count() == 6


def test_only_demo_users_can_log_in(demo_org):
    assert Person.objects.filter(password__startswith="!").count() == Person.objects.count() - 11


@override_settings(DEMO=False, DEBUG=False)
def test_seed_demo_refuses_outside_demo_mode(db):
    with pytest.raises(CommandError, match="SAMLA_DEMO=true"):
        call_command("seed_demo")


def test_collect_stage_prints_codes_that_open_the_questionnaire(demo_org, capsys):
    call_command("seed_demo", stage="collect")
    out = capsys.readouterr().out
    printed = [line.split(maxsplit=1) for line in out.splitlines() if line.startswith("  ")]
    codes = {who: code for code, who in printed if "-" in code}
    by_kind = {
        kind: next(code for who, code in codes.items() if kind in who)
        for kind in ("6A, pupil", "6A, guardian", "teacher", "rating of", "interview with")
    }
    expected = {
        "6A, pupil": "pupil_5_7",
        "6A, guardian": "guardian",
        "teacher": "teacher",
        "rating of": "kg_child_rating",
        "interview with": "kg_child",
    }
    for kind, code in by_kind.items():
        session = services.start(code)
        assert session.code.respondent_group == expected[kind]
        assert session.code.round.state() == "open"
    # Part of the answers are in, through the services: every code spent, no draft left
    # but the five just opened.
    assert Response.objects.count() > 500
    assert Draft.objects.count() == 5
    # The earlier rounds' results are built and released, improving round by round.
    scores = []
    for slug in ("kfl-skole-t1-2022", "kfl-skole-t2-2024"):
        round = Round.objects.get(slug=slug)
        (cell,) = read_cells(
            round, [("programme", round.programme_id)], respondent_group="pupil_5_7",
            codes={"trivsel"},
        )  # fmt: skip
        scores.append(cell.score500)
    assert scores[0] == 500 and scores[1] > 500
    # Built as the task worker builds, so the downloads say when.
    for slug in ("kfl-skole-t1-2022", "kfl-skole-t2-2024"):
        assert exports.round_info(Round.objects.get(slug=slug))["built_at"] is not None
