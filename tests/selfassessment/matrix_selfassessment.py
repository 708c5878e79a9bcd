"""Role matrix cases for the self-assessment pages. The demo assessment at Bjørkely skole is
shared with Hamar kommune: the school's people and the owner read it. An unshared one is
read by the school's people only. Nobody else (administrators included) reads it."""

from __future__ import annotations

from samla.selfassessment import demo
from samla.selfassessment.models import SelfAssessment
from tests.role_matrix_support import Case, everyone, only
from tests.selfassessment.support import planned

SCHOOL_PEOPLE = {"rektor", "gruppeleder", "laerer"}


def _shared(org) -> dict:
    demo.build()
    return {"pk": SelfAssessment.objects.get(title=demo.TITLE).pk}


def _unshared(org) -> dict:
    found = SelfAssessment.objects.filter(title="Matrise").first()
    return {"pk": (found or planned(org, title="Matrise")).pk}


CASES: list[Case] = [
    Case("portal:selfassessments", "list", lambda org: {}, everyone(200, anonymous=302)),
    Case(
        "portal:selfassessment_new",
        "plan at the demo school",
        lambda org: {"unit": org.school.pk},
        only({"rektor"}),
    ),
    Case("portal:selfassessment", "shared with the owner", _shared, only(SCHOOL_PEOPLE | {"eier"})),
    Case("portal:selfassessment", "not shared", _unshared, only(SCHOOL_PEOPLE)),
    Case("portal:selfassessment_plan", "change the plan", _unshared, only({"rektor"})),
    Case(
        "portal:selfassessment_rate",
        "rate (participants)",
        _unshared,
        only({"laerer", "gruppeleder"}),
    ),
    Case(
        "portal:selfassessment_action", "buttons (POST only)", _shared, everyone(405, anonymous=302)
    ),
]
