"""The partnership demo: the forum's approved recommendation for 2027/2028 — three measures
with Høgskolen i Innlandet, the grant split within the state grant, and the measures as
activities in the action plan for 2027/2028."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from samla.learning.models import Package
from samla.org.models import Owner, Person

from ..models import Decision, Forum, Partner, Recommendation, SubmissionStatus
from ..services.recommendation import (
    MeasureInput,
    RecommendationInput,
    approve,
    save_measure,
    save_recommendation,
)
from . import base

SCHOOL_YEAR = "2027/2028"
STATE_GRANT = Decimal(2_200_000)
TEXT = (
    "Forumet har lest behovsmeldingene fra eierne i Innlandet. Klasseledelse og læringsmiljø "
    "og lesing går igjen hos mange, og ledergruppene ønsker å bruke pedagogisk analyse i "
    "arbeidet med resultatene. Forumet anbefaler tre tiltak med Høgskolen i Innlandet."
)
# title, owners, participants, from, to, grant, package title (if the catalogue has it)
MEASURES = (
    (
        "Klasseledelse og læringsmiljø",
        ("Hamar kommune", "Stange kommune"),
        "Lærere og ledere ved skolene i Hamar og Stange",
        date(2027, 8, 16),
        date(2028, 6, 15),
        Decimal(1_200_000),
        "Klasseledelse",
    ),
    (
        "Lesing i alle fag",
        ("Ringsaker kommune", "Løten kommune"),
        "Lærere på 5.–10. trinn i Ringsaker og Løten",
        date(2027, 10, 1),
        date(2028, 4, 30),
        Decimal(600_000),
        "",
    ),
    (
        "Pedagogisk analyse i ledergruppene",
        ("Elverum kommune", "Trysil kommune"),
        "Rektorer og ledergrupper i Elverum og Trysil",
        date(2028, 1, 8),
        date(2028, 5, 31),
        Decimal(300_000),
        "",
    ),
)


def build() -> dict[str, int]:
    school = base.programme()
    forum = Forum.objects.get(programme=school, name=base.FORUM)
    done = Recommendation.objects.filter(forum=forum, school_year=SCHOOL_YEAR).first()
    if done is None:
        admin = Person.objects.get(username="admin")
        needs = forum.programme.needs_reports.filter(status=SubmissionStatus.SUBMITTED)
        done = save_recommendation(
            forum,
            RecommendationInput(
                SCHOOL_YEAR, STATE_GRANT, TEXT, tuple(needs.values_list("pk", flat=True))
            ),
            admin,
        )
        university = Partner.objects.get(programme=school, name=base.UNIVERSITY)
        for title, owners, participants, starts, ends, grant, package in MEASURES:
            chosen = Package.objects.filter(programme=school, title=package).first()
            owner_ids = Owner.objects.filter(name__in=owners).values_list("pk", flat=True)
            save_measure(
                done,
                MeasureInput(
                    title=title,
                    participants=participants,
                    starts=starts,
                    ends=ends,
                    owner_ids=tuple(owner_ids),
                    partner_id=university.pk,
                    grant=grant,
                    package_id=chosen.pk if package and chosen else None,
                ),
                admin,
            )
        decision = (
            Decision.objects.filter(meeting__forum=forum, title__icontains="innstilling")
            .order_by("-meeting__date")
            .first()
        )
        approve(done, admin, decision)
    return {"recommended measures": done.measures.count()}
