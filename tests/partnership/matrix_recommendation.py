"""Who opens the forum's recommendation: forum members, administrators and the county
governor read; members with a vote and administrators write (the county governor gets
403); everyone else 404. An approved recommendation's forms send back to it (302)."""

from decimal import Decimal

from samla.partnership.demo import base
from samla.partnership.demo import recommendation as demo_recommendation
from samla.partnership.models import Forum, Recommendation, RecommendedMeasure
from tests.role_matrix_support import Case, everyone, only

READERS = {"admin", "statsforvalter", "eier", "forsker", "tillitsvalgt"}
WRITERS = {"admin", "eier", "forsker", "tillitsvalgt"}


def _write(ok: int = 200) -> dict:
    expected = only(WRITERS, ok=ok)
    expected["statsforvalter"] = 403
    return expected


def _programme(org):
    base.build()
    return {"slug": org.school_programme.slug}


def _approved(org):
    base.build()
    demo_recommendation.build()
    recommendation = Recommendation.objects.get(school_year=demo_recommendation.SCHOOL_YEAR)
    return {"slug": org.school_programme.slug, "pk": recommendation.pk}


def _draft(org):
    base.build()
    recommendation, _ = Recommendation.objects.get_or_create(
        forum=Forum.objects.get(name=base.FORUM),
        school_year="2028/2029",
        defaults={"state_grant": Decimal(1_000_000)},
    )
    return {"slug": org.school_programme.slug, "pk": recommendation.pk}


def _draft_measure(org):
    kwargs = _draft(org)
    measure, _ = RecommendedMeasure.objects.get_or_create(
        recommendation_id=kwargs["pk"], title="Lesing", defaults={"grant": Decimal(100)}
    )
    return kwargs | {"measure_pk": measure.pk}


def _approved_measure(org):
    kwargs = _approved(org)
    measure = RecommendedMeasure.objects.filter(recommendation_id=kwargs["pk"]).first()
    return kwargs | {"measure_pk": measure.pk}


CASES = [
    Case("portal:partnership_recommendations", "recommendations", _programme, only(READERS)),
    Case("portal:partnership_recommendation_new", "draft a recommendation", _programme, _write()),
    Case("portal:partnership_recommendation", "approved recommendation", _approved, only(READERS)),
    Case("portal:partnership_recommendation", "draft recommendation", _draft, only(READERS)),
    Case("portal:partnership_recommendation_edit", "change a draft", _draft, _write()),
    Case("portal:partnership_recommendation_edit", "change approved", _approved, _write(302)),
    Case("portal:partnership_measure_new", "add a measure", _draft, _write()),
    Case("portal:partnership_measure_new", "add to approved", _approved, _write(302)),
    Case("portal:partnership_measure_edit", "change a measure", _draft_measure, _write()),
    Case(
        "portal:partnership_measure_edit", "change approved measure", _approved_measure, _write(302)
    ),
    Case(
        "portal:partnership_measure_delete",
        "remove a measure (POST)",
        _draft_measure,
        everyone(405, 302),
    ),
    Case("portal:partnership_recommendation_approve", "approve (POST)", _draft, everyone(405, 302)),
]
