import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from samla.org import access, services
from samla.org.models import Membership, Person, Programme, Role


def test_set_up_programme_creates_programme_and_admin_once(db, capsys):
    call_command("set_up_programme", slug="ny", name="Nytt program", level="vgs", admin="kari")
    call_command("set_up_programme", slug="ny", name="Nytt program", level="vgs", admin="kari")
    programme = Programme.objects.get(slug="ny")
    kari = Person.objects.get(username="kari")
    assert programme.level == "vgs"
    assert not kari.has_usable_password()
    assert access.is_programme_admin(kari, programme)
    assert Membership.objects.filter(person=kari).count() == 1
    assert "administered by 'kari'" in capsys.readouterr().out


def test_set_up_programme_refuses_unknown_level(db):
    with pytest.raises(ValueError, match="level must be one of"):
        services.set_up_programme(slug="x", name="X", level="universitet", admin_username="a")
    assert not Programme.objects.filter(slug="x").exists()


def test_grant_role_validates_the_level(demo_org):
    laerer = demo_org.user("laerer")
    with pytest.raises(ValidationError):
        services.grant_role(laerer, Role.OWNER, unit=demo_org.school)
    assert not Membership.objects.filter(person=laerer, role=Role.OWNER).exists()


def test_grant_role_takes_effect_at_once(demo_org):
    laerer = demo_org.user("laerer")
    other = demo_org.unit_in("Trysil")
    assert other not in access.units_for(laerer)
    services.grant_role(laerer, Role.PPT_ADVISOR, unit=other)
    assert other in access.units_for(laerer)
