"""The demo's other analyses: Bjørkely skole's on the breaks (analysis phase) and another
Hamar school's two (goal and problem phase)."""

from __future__ import annotations

from samla.org.models import Unit
from samla.surveys.models import Round

from .. import services
from ..models import Phase, SourceKind
from .common import (
    BREAKS,
    GUARDIANS,
    HOME_INFORMATION,
    HOMEWORK,
    PUPILS,
    add_demo_factor,
    demo_person,
    latest_learning_group,
    start_at_unit,
    unit_leader,
)

# --- Bjørkely skole: trivsel, in the analysis phase -----------------------------------------


def build_breaks(school: Unit, round: Round) -> None:
    rektor = demo_person("rektor")
    analysis = start_at_unit(
        rektor, school, round, BREAKS, PUPILS, "trivsel", latest_learning_group(school, "Gruppe 2")
    )
    services.save_problem(
        analysis,
        "En del elever på 5.–7. trinn svarer i T2 at de ikke har noen å være sammen med i "
        "friminuttene. Vi vet ikke om det er de samme elevene over tid, eller hva i "
        "friminuttene som gjør det vanskelig å komme med.",
    )
    services.save_goal(
        analysis,
        "open",
        "Alle elever på mellomtrinnet har noen å være sammen med i friminuttene, og de voksne "
        "ute vet hvem som trenger hjelp til å komme med i leken.",
    )
    baseline = analysis.sources.get()
    watching = services.add_source(
        analysis, rektor, SourceKind.OBSERVATION, "Registrering i friminuttene",
        "De voksne på inspeksjon noterte i to uker hvor elevene på 5.–7. trinn var, og hvem "
        "som gikk alene. Fotballbanen og sandvolleyballen er fulle, mens mange står langs "
        "veggen ved inngangen. Noen av de samme elevene gikk alene flere dager.",
    )  # fmt: skip
    talks = services.add_source(
        analysis, rektor, SourceKind.CONVERSATION, "Trivselssamtaler på 5. trinn",
        "Kontaktlærerne hadde korte samtaler med alle elevene på 5. trinn. Flere sier at det er "
        "vanskelig å vite hvem de kan spørre om å være med, og at de beste plassene «tilhører» "
        "7. trinn.",
    )  # fmt: skip
    add_demo_factor(
        analysis,
        "Få aktiviteter ute passer for elever som ikke spiller ballspill, og de eldste elevene "
        "bestemmer over de beste områdene.",
        "context", "likely", baseline, watching, talks,
    )  # fmt: skip
    add_demo_factor(
        analysis,
        "De voksne på inspeksjon går sammen og står mest ved inngangen, så de ser lite av "
        "elevene som er alene.",
        "actor", "possible", watching,
    )  # fmt: skip
    services.set_phase(analysis, Phase.ANALYSIS)


# --- Another Hamar school: the goal and the problem phase ------------------------------------


def build_home_information(unit: Unit, round: Round) -> None:
    leader = unit_leader(unit)
    analysis = start_at_unit(
        leader, unit, round, HOME_INFORMATION, GUARDIANS, "informasjon", latest_learning_group(unit)
    )
    services.save_problem(
        analysis,
        "Foresatte svarer i T2 at de får for lite vite om hva barnet arbeider med og hvordan "
        "det går faglig. Skolen sender ukeplan og meldinger hver uke, så vi vet ikke hvorfor "
        "informasjonen ikke når fram.",
    )
    services.save_goal(
        analysis,
        "closed",
        "Ved T3 svarer flere foresatte enn i T2 at de vet hva barnet arbeider med på skolen, "
        "og alle foresatte har hatt minst én samtale om barnets faglige utvikling i løpet av "
        "høsten.",
    )
    services.set_phase(analysis, Phase.GOAL)
    services.share_with_owner(analysis, leader)


def build_homework(unit: Unit, round: Round) -> None:
    leader = unit_leader(unit)
    analysis = start_at_unit(leader, unit, round, HOMEWORK, GUARDIANS, "stotte_hjemme")
    services.save_problem(
        analysis,
        "Flere foresatte på mellomtrinnet svarer at de ikke vet hvordan de kan hjelpe barnet "
        "med leksene, særlig i matematikk, og noen barn får lite hjelp hjemme.",
    )
