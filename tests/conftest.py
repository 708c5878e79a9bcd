import pytest
from django.test import Client

from samla.org import demo
from samla.org.models import Person, Programme, Unit


@pytest.fixture
def demo_org(db):
    """The demo organisation of ``seed_demo`` (built once per database, then reused)."""
    demo.build_organisation()
    return DemoOrg()


class DemoOrg:
    @property
    def school_programme(self) -> Programme:
        return Programme.objects.get(slug=demo.SCHOOL_SLUG)

    @property
    def kindergarten_programme(self) -> Programme:
        return Programme.objects.get(slug=demo.KINDERGARTEN_SLUG)

    @property
    def school(self) -> Unit:
        return Unit.objects.get(name=demo.DEMO_SCHOOL, owner__name="Hamar kommune")

    @property
    def kindergarten(self) -> Unit:
        return Unit.objects.get(name=demo.DEMO_KINDERGARTEN, owner__name="Hamar kommune")

    def unit_in(self, municipality: str, kind: str = "grunnskole") -> Unit:
        return Unit.objects.filter(owner__name=f"{municipality} kommune", kind=kind).first()

    def user(self, username: str) -> Person:
        return Person.objects.get(username=username)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        demo.build_organisation()


def client_for(username: str | None) -> Client:
    client = Client()
    if username:
        client.force_login(Person.objects.get(username=username))
    return client
