import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from samla.org.models import Membership, Person, Programme, Region, Unit


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
    assert _counts() == before
    out = capsys.readouterr().out
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
    from samla.surveys import services

    call_command("seed_demo", stage="collect")
    out = capsys.readouterr().out
    codes = [line.split(": ")[1] for line in out.splitlines() if line.startswith("  6A: ")]
    assert len(codes) == 3
    session = services.start(codes[0])
    assert session.code.group.name == "6A"
    assert session.code.round.state() == "open"
