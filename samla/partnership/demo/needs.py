"""The partnership demo: needs reports for the coming deadline. Hamar kommune's is
submitted, Stange kommune's is a draft; each has three priorities with evidence — real
figures from the demo's released results and learning groups where there are any (read as
Hamar's owner sees them), else a frozen text."""

from __future__ import annotations

from django.utils import timezone

from samla.org.models import Owner, Person

from ..models import Evidence, EvidenceKind, NeedsPriority, NeedsReport, Partner, PartnerKind
from ..models.status import SubmissionStatus
from ..queries import needs as queries
from ..queries.needs_evidence import learning_choices, result_choices, self_assessment_choices
from .base import programme

# owner, submitted, summary, priorities: (theme, target groups, description, evidence text)
REPORTS = (
    (
        "Hamar kommune",
        True,
        "Hamar vil bygge videre på arbeidet med læringsmiljø og klasseledelse og styrke "
        "lesing i alle fag. Læringsgruppene fungerer godt og bør brukes som arena.",
        (
            (
                "Klasseledelse og læringsmiljø",
                "Lærere 1.–10. trinn, skoleledere",
                "Elevundersøkelsen viser at trivsel og arbeidsro fortsatt varierer mellom "
                "skolene. Vi ønsker felles kompetanse i relasjonell klasseledelse.",
                "Trivsel og arbeidsro varierer mellom skolene i siste kartlegging.",
            ),
            (
                "Lesing i alle fag",
                "Lærere 5.–10. trinn",
                "Lesing som grunnleggende ferdighet må bli et ansvar for alle faglærere.",
                "Lærerne melder om behov for felles lesestrategier i fagene.",
            ),
            (
                "Pedagogisk analyse i læringsgruppene",
                "Gruppeledere, skoleledere",
                "Gruppelederne trenger støtte til å lede analysearbeid etter kartleggingen.",
                "Læringsgruppene møtes jevnlig, men få har gjennomført en hel analyse.",
            ),
        ),
    ),
    (
        "Stange kommune",
        False,
        "Stange prioriterer tidlig innsats og et inkluderende læringsmiljø.",
        (
            (
                "Inkluderende læringsmiljø",
                "Ansatte i skole og barnehage",
                "Vi vil arbeide med forebygging av krenkelser og et trygt skolemiljø.",
                "Foresatte melder om behov for bedre informasjon om skolemiljøarbeidet.",
            ),
            (
                "Tidlig innsats i lesing og regning",
                "Lærere 1.–4. trinn",
                "Tidlig innsats krever felles kartleggingspraksis og tiltak.",
                "Kartleggingsprøvene viser at mange elever er under bekymringsgrensen.",
            ),
        ),
    ),
)


def _real_evidence(owner: Owner, reader: Person, language: str = "nb") -> dict[int, list]:
    """Real evidence for Hamar's priorities as its owner sees it, by priority: a result and
    a self-assessment for the learning environment, learning groups for the analyses."""
    school = programme()
    return {
        1: result_choices(reader, owner, school, language)[:1] + self_assessment_choices(owner)[:1],
        3: learning_choices(owner, school, timezone.now())[:1],
    }


def build() -> dict[str, int]:
    school = programme()
    settings = queries.scheme(school)
    year = queries.year_due(settings, timezone.localdate())
    university = Partner.objects.filter(programme=school, kind=PartnerKind.UNIVERSITY).first()
    owner_person = Person.objects.get(username="eier")
    for name, submitted, summary, priorities in REPORTS:
        owner = Owner.objects.get(name=name)
        report, created = NeedsReport.objects.get_or_create(
            programme=school,
            owner=owner,
            year=year,
            defaults={
                "first_school_year": queries.first_school_year(year),
                "school_years": settings.needs_years,
                "wished_partner": university,
                "summary": summary,
            },
        )
        if not created:
            continue
        real = _real_evidence(owner, owner_person) if name == "Hamar kommune" else {}
        for order, (theme, groups, description, text) in enumerate(priorities, start=1):
            priority = NeedsPriority.objects.create(
                report=report,
                order=order,
                theme=theme,
                target_groups=groups,
                description=description,
            )
            for choice in real.get(order, []):
                Evidence.objects.create(
                    priority=priority,
                    kind=choice.kind,
                    source_id=choice.source_id,
                    text=choice.text,
                )
            if not real.get(order):
                Evidence.objects.create(priority=priority, kind=EvidenceKind.RESULT, text=text)
        if submitted:
            NeedsReport.objects.filter(pk=report.pk).update(
                status=SubmissionStatus.SUBMITTED,
                submitted_at=timezone.now(),
                submitted_by=owner_person,
            )
    return {"needs reports": NeedsReport.objects.filter(programme=school).count()}
