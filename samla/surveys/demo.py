"""The demo survey rounds T3 (15 October – 30 November 2026), open for answering.

The school round asks pupils, guardians, teachers, assistants and school leaders at the
schools of Hamarregionen; the kindergarten round asks children (interview), staff (about
themselves and rating each child), leaders and guardians at the region's kindergartens.
Part of the answers are in already (simulated through the same services as real ones),
and ``seed_demo`` prints fresh codes so that a visitor can answer as a pupil, a guardian,
a teacher, or a kindergarten teacher rating a child."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from samla.core.time import OSLO
from samla.org.demo import DEMO_KINDERGARTEN, DEMO_SCHOOL, KINDERGARTEN_SLUG, SCHOOL_SLUG
from samla.org.models import Programme, Unit, UnitKind

from . import services
from .groups import GROUPS
from .models import Round, RoundInstrument
from .simulate import simulate_responses

LIBRARY = Path(__file__).resolve().parent / "library"
ROUND_SLUG = "kfl-skole-t3-2026"
KINDERGARTEN_ROUND_SLUG = "kfl-barnehage-t3-2026"
REGION = "Hamarregionen"
# The programme's window; a demo loaded later keeps a window around its own day, so that
# there is always something to answer.
WINDOW = (datetime(2026, 10, 15, 8, 0, tzinfo=OSLO), datetime(2026, 11, 30, 23, 59, tzinfo=OSLO))
# Every respondent group with its library questionnaire, schools' and kindergartens' apart.
SCHOOL_FORMS = {group.code: group.questionnaire for group in GROUPS if not group.kindergarten}
KINDERGARTEN_FORMS = {group.code: group.questionnaire for group in GROUPS if group.kindergarten}
# Invented first names with an initial, for the demo department's list of children.
CHILDREN = ["Aksel B.", "Emma K.", "Ida S.", "Jonas H.", "Leah M.", "Nora T.", "Olav R.",
            "Sofie L.", "Theo A.", "Vilde N."]  # fmt: skip
SIMULATED = {ROUND_SLUG: 600, KINDERGARTEN_ROUND_SLUG: 200}


def _round(slug: str, programme: Programme, units, forms: dict[str, str]) -> tuple[Round, bool]:
    round, created = Round.objects.get_or_create(
        slug=slug,
        defaults={
            "programme": programme,
            "name": "T3",
            "opens_at": min(WINDOW[0], timezone.now() - timedelta(days=7)),
            "closes_at": max(WINDOW[1], timezone.now() + timedelta(days=30)),
            "results_release_on": (max(WINDOW[1], timezone.now()) + timedelta(days=45)).date(),
            "published": True,
        },
    )
    if created:
        round.units.set(units)
        for key, file_name in forms.items():
            version = services.publish_instrument((LIBRARY / file_name).read_bytes())
            RoundInstrument.objects.create(round=round, respondent_group=key, version=version)
    return round, created


def build_collection(codes_per_class: int = 3, simulate: bool = True) -> list[tuple[str, str]]:
    """Create the open rounds (once, with part of the answers in) and return fresh codes as
    (who, code) to print.

    Codes are stored only as HMACs, so the ones printed earlier cannot be shown again:
    each run issues new ones."""
    with transaction.atomic():
        school_programme = Programme.objects.get(slug=SCHOOL_SLUG)
        kg_programme = Programme.objects.get(slug=KINDERGARTEN_SLUG)
        in_region = Unit.objects.filter(owner__regionowner__region__name=REGION).order_by("pk")
        school = Unit.objects.get(name=DEMO_SCHOOL, owner__name="Hamar kommune")
        kindergarten = Unit.objects.get(name=DEMO_KINDERGARTEN, owner__name="Hamar kommune")
        schools = [
            u
            for u in in_region.filter(kind=UnitKind.PRIMARY, enrolment__programme=school_programme)
        ]
        kindergartens = [
            u
            for u in in_region.filter(kind=UnitKind.KINDERGARTEN, enrolment__programme=kg_programme)
        ]
        school_round, school_new = _round(ROUND_SLUG, school_programme, schools, SCHOOL_FORMS)
        kg_round, kg_new = _round(
            KINDERGARTEN_ROUND_SLUG, kg_programme, kindergartens, KINDERGARTEN_FORMS
        )
        department = kindergarten.groups.order_by("name").first()
        if kg_new and department is not None and not department.children.exists():
            children = services.add_children(department, CHILDREN)
            services.reserve_child(kg_round, children[-1])  # guardians reserved one child
    if simulate:
        # Answers at the other units, so that rates and (later) results show something;
        # the demo school's and kindergarten's own answers are left to the visitor.
        for round, created, home in (
            (school_round, school_new, school),
            (kg_round, kg_new, kindergarten),
        ):
            if created:
                for unit in round.units.exclude(pk=home.pk).order_by("pk")[:6]:
                    simulate_responses(round, SIMULATED[round.slug] // 6, seed=unit.pk, unit=unit)
    printed = []
    for name in ("6A", "7A"):
        group = school.groups.get(name=name)
        for code in services.issue_codes(
            school_round, school, "pupil_5_7", codes_per_class, group=group
        ):
            printed.append((f"{school.name}, {name}, pupil", code))
    six_a = school.groups.get(name="6A")
    [guardian] = services.issue_codes(school_round, school, "guardian", 1, group=six_a)
    printed.append((f"{school.name}, 6A, guardian", guardian))
    [teacher] = services.issue_codes(school_round, school, "teacher", 1)
    printed.append((f"{school.name}, teacher", teacher))
    if department is not None:
        ratings = services.issue_child_codes(kg_round, department, "kg_child_rating")[:3]
        for child, code in ratings:
            printed.append(
                (f"{kindergarten.name}, {department.name}, rating of {child.name}", code)
            )
        interviews = services.issue_child_codes(kg_round, department, "kg_child")[:1]
        for child, code in interviews:
            printed.append(
                (
                    f"{kindergarten.name}, {department.name}, interview with {child.name}",
                    code,
                )
            )
    return printed
