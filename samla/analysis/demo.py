"""The demo of pedagogical analyses (``seed_demo``, from the collect stage).

At the collect stage the school programme's round T2 is released, and analyses started
from it stand at different phases:

- Bjørkely skole, "Arbeidsro på mellomtrinnet": Gruppe 1's analysis (led by
  ``gruppeleder``), complete, with measures (one done, one running, one planned) and an
  implementation log; shared with Hamar kommune; PPT's comments with answers from
  ``rektor`` and ``gruppeleder``; presented at the school plan's learning caravan.
- Bjørkely skole, "Trivsel og vennskap i friminuttene": Gruppe 2's, in the analysis
  phase, not shared.
- The other Hamar school in T2: one analysis in the goal phase (shared) and one in the
  problem phase.

At the results stage the demo school's pupils have answered T3 before it closes (the
collect stage leaves the school's own answers to the visitor), and once T3 is released the
first analysis takes the same indices from it, evaluates its measures and moves on to the
evaluation phase.

Every change goes through the services; dates are counted from today. Running it again
changes nothing: an analysis found by its unit and title is left as it is."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from samla.learning.models import LearningGroup
from samla.org.demo import DEMO_MUNICIPALITY, DEMO_SCHOOL
from samla.org.models import Membership, Person, Role, Unit
from samla.results.queries import Node
from samla.surveys.demo import ROUND_SLUG as CURRENT_ROUND_SLUG
from samla.surveys.models import Response, Round, RoundState
from samla.surveys.simulate import simulate_responses

from . import services
from .models import (
    Analysis,
    CaravanPresentation,
    Comment,
    Evaluation,
    EvidenceSnapshot,
    LogEntry,
    Measure,
    MeasureStatus,
    Phase,
    SnapshotKind,
    SourceKind,
    Status,
    Verdict,
)
from .phases import PHASES

BASELINE_ROUND_SLUG = "kfl-skole-t2-2024"  # T2, built and released by samla.results.demo
PUPILS = "pupil_5_7"
GUARDIANS = "guardian"
CARAVAN_TITLE = "Læringskaravane"

CALM = "Arbeidsro på mellomtrinnet"
BREAKS = "Trivsel og vennskap i friminuttene"
HOME_INFORMATION = "Informasjon fra skolen til hjemmet"
HOMEWORK = "Støtte hjemme med leksene"

# The demo school's answers to T3 at the results stage: about as many as in T1 and T2, with
# the seed it had there (the first school, seed 0), so that it keeps its character and, as
# in the history, does a little better than last time.
DEMO_SCHOOL_RESPONDENTS = 115
DEMO_SCHOOL_SEED = 0


@transaction.atomic
def build_analyses(today: date | None = None) -> dict[str, int]:
    """The collect stage: create the analyses that are missing; return counts."""
    today = today or timezone.localdate()
    round = Round.objects.filter(slug=BASELINE_ROUND_SLUG).first()
    if round is not None:
        school = _demo_school()
        if not _exists(school, CALM):
            _build_calm(school, round, today)
        if not _exists(school, BREAKS):
            _build_breaks(school, round)
        other = round.units.filter(owner=school.owner).exclude(pk=school.pk).order_by("pk").first()
        if other is not None and not _exists(other, HOME_INFORMATION):
            _build_home_information(other, round)
        if other is not None and not _exists(other, HOMEWORK):
            _build_homework(other, round)
    return counts()


def answer_at_demo_school() -> int:
    """The results stage, before T3 closes: the demo school's respondents answer (once),
    so that its results can be compared with T2. Returns how many answered now."""
    round = Round.objects.filter(slug=CURRENT_ROUND_SLUG).first()
    if round is None or round.state() != RoundState.OPEN:
        return 0
    school = _demo_school()
    # The collect stage leaves the school's answers to the visitor: a handful of theirs does
    # not stand for the school, more means this has been done.
    if (
        Response.objects.filter(round=round, unit=school).count()
        >= round.programme.anonymity_threshold
    ):
        return 0
    result = simulate_responses(round, DEMO_SCHOOL_RESPONDENTS, seed=DEMO_SCHOOL_SEED, unit=school)
    return result.total


@transaction.atomic
def follow_up_analyses() -> dict[str, int]:
    """The results stage, after T3 is released: the first analysis takes the same indices
    from T3, evaluates its measures that are done or running and moves on to the
    evaluation phase (once); return counts."""
    analysis = Analysis.objects.filter(unit=_demo_school(), title=CALM).first()
    if analysis is None or analysis.status != Status.OPEN:
        return counts()
    leader = _person("gruppeleder")
    services.take_follow_ups(analysis, leader)
    if Evaluation.objects.filter(measure__analysis=analysis).exists():
        return counts()
    baseline = analysis.snapshots.get(kind=SnapshotKind.BASELINE)
    later = baseline.follow_ups.first()
    measures = analysis.measures.filter(status__in=[MeasureStatus.DONE, MeasureStatus.RUNNING])
    for measure in measures:
        verdict, text = _evaluation(measure, baseline, later)
        services.evaluate_measure(measure, leader, verdict, text)
    if PHASES.index(analysis.phase) < PHASES.index(Phase.EVALUATION):
        services.set_phase(analysis, Phase.EVALUATION)
    services.add_log_entry(
        analysis,
        leader,
        timezone.localdate(),
        "Gruppe 1 gikk gjennom resultatene fra T3 og vurderte tiltakene mot "
        "suksesskriteriene. Vurderingen legges fram for hele personalet.",
    )
    return counts()


def counts() -> dict[str, int]:
    analyses = Analysis.objects.all()
    return {
        "analyses": analyses.count(),
        "units": analyses.values("unit").distinct().count(),
        "shared": analyses.filter(shared_with_owner_at__isnull=False).count(),
        "measures": Measure.objects.count(),
        "log entries": LogEntry.objects.count(),
        "comments": Comment.objects.count(),
        "at learning caravans": CaravanPresentation.objects.count(),
        "follow-ups": EvidenceSnapshot.objects.filter(kind=SnapshotKind.FOLLOW_UP).count(),
        "evaluations": Evaluation.objects.count(),
    }


# --- Helpers -------------------------------------------------------------------------------


def _demo_school() -> Unit:
    return Unit.objects.get(name=DEMO_SCHOOL, owner__name=f"{DEMO_MUNICIPALITY} kommune")


def _exists(unit: Unit, title: str) -> bool:
    return Analysis.objects.filter(unit=unit, title=title).exists()


def _person(username: str) -> Person:
    return Person.objects.get(username=username)


def _unit_leader(unit: Unit) -> Person | None:
    membership = (
        Membership.objects.filter(unit=unit, role=Role.UNIT_LEADER)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return membership.person if membership else None


def _learning_group(unit: Unit, name: str | None = None) -> LearningGroup | None:
    """The unit's group of the latest school year (in July the year just ending)."""
    groups = LearningGroup.objects.filter(unit=unit)
    if name is not None:
        groups = groups.filter(name=name)
    return groups.order_by("-school_year", "name").first()


def _start(person, unit: Unit, round: Round, title: str, respondent_group: str, scale: str,
           learning_group=None) -> Analysis:  # fmt: skip
    return services.start_analysis(
        person,
        title=title,
        round=round,
        at=Node("unit", unit.pk, unit.name),
        respondent_group=respondent_group,
        scale=scale,
        learning_group=learning_group,
    )


def _factor(analysis: Analysis, description: str, perspective: str, likelihood: str, *sources):
    return services.add_factor(
        analysis,
        services.FactorInput(description, perspective, likelihood, tuple(s.pk for s in sources)),
    )


# --- Bjørkely skole: arbeidsro, well into the measures ------------------------------------


def _build_calm(school: Unit, round: Round, today: date) -> None:
    rektor, leader, teacher, ppt = (
        _person(name) for name in ("rektor", "gruppeleder", "laerer", "ppt")
    )
    analysis = _start(
        leader, school, round, CALM, PUPILS, "arbeidsro", _learning_group(school, "Gruppe 1")
    )
    services.save_problem(
        analysis,
        "Elevene på 5.–7. trinn svarer i T2 at det ofte er uro når de skal arbeide hver for "
        "seg, og at timene kommer seint i gang etter friminuttene. Lærerne kjenner seg igjen: "
        "mye av starten på timene går med til å få ro. Vi vet ikke hvorfor det er slik på "
        "mellomtrinnet, når de samme elevene beskriver god arbeidsro i de praktiske fagene.",
    )
    services.save_goal(
        analysis,
        "closed",
        "Ved T3 svarer flere elever på 5.–7. trinn enn i T2 at det er ro i klassen når de "
        "skal arbeide hver for seg. Alle timer er i gang senest fem minutter etter at "
        "friminuttet er slutt.",
    )
    baseline = analysis.sources.get()
    support = services.add_result_source(
        analysis, leader, round, Node("unit", school.pk, school.name), PUPILS, "laererstotte",
        note="Mange elever er uenige i at lærerne hjelper dem når de står fast. Det kan henge "
        "sammen med ventetiden i arbeidsøktene.",
    )  # fmt: skip
    observation = services.add_source(
        analysis, leader, SourceKind.OBSERVATION, "Kollegaobservasjon på 5.–7. trinn",
        "Gruppe 1 observerte hverandres timer i tre uker, to økter i hver klasse, med et "
        "enkelt skjema for oppstart og arbeidsøkter. Etter friminuttet tok det sju–ti "
        "minutter før alle var i gang, og oppstarten var ulik fra lærer til lærer. Der timen "
        "begynte med en fast oppgave på tavla, ble det raskere ro. I arbeidsøktene ventet ofte "
        "fire–fem elever på hjelp samtidig.",
    )  # fmt: skip
    pupils = services.add_source(
        analysis, teacher, SourceKind.CONVERSATION, "Samtaler med elevrådet og i 6A og 7B",
        "Elevene ble spurt om når det er lett og når det er vanskelig å konsentrere seg. De "
        "sier at det er uklart hva som gjelder når de har ulike lærere, og at det blir mest "
        "prat når de venter på hjelp og ikke vet hva de skal gjøre imens.",
    )  # fmt: skip
    staff = services.add_source(
        analysis, rektor, SourceKind.CONVERSATION, "Samtale med inspektør og miljøarbeider",
        "Konflikter fra friminuttet blir ofte tatt med inn i timen og løst i klasserommet før "
        "undervisningen kan starte. Uroen er like stor i klasser med og uten elever som har "
        "vedtak om spesialundervisning.",
    )  # fmt: skip
    start = _factor(
        analysis,
        "Oppstarten av timene er ikke strukturert: lærerne begynner ulikt, og elevene vet ikke "
        "hva de skal gjøre når de kommer inn fra friminuttet.",
        "context", "likely", baseline, observation, pupils,
    )  # fmt: skip
    rules = _factor(
        analysis,
        "Forventningene til arbeidsro er ulike fra lærer til lærer på samme trinn, og elevene "
        "har ikke vært med på å bestemme reglene.",
        "context", "likely", pupils, observation,
    )  # fmt: skip
    waiting = _factor(
        analysis,
        "Elever som står fast, venter lenge på hjelp og har ikke noe å gå videre med imens.",
        "actor", "possible", support, observation, pupils,
    )  # fmt: skip
    conflicts = _factor(
        analysis,
        "Konflikter fra friminuttet følger elevene inn i timen og tar tid fra starten.",
        "actor", "possible", staff,
    )  # fmt: skip
    _factor(
        analysis,
        "Enkeltelever med stort behov for bevegelse preger arbeidsroen i klassen.",
        "individual", "unlikely", staff, observation,
    )  # fmt: skip
    services.complete_analysis(analysis, rektor)

    talks = services.add_measure(
        analysis,
        services.MeasureInput(
            title="Klassesamtaler om arbeidsro",
            description="Hver kontaktlærer på 5.–7. trinn har en samtale med klassen om hva "
            "arbeidsro er og hvordan den ser ut, og klassen blir enig om tre felles regler som "
            "henges opp i klasserommet.",
            responsible="Kontaktlærerne på 5.–7. trinn",
            starts_on=today - timedelta(days=70),
            ends_on=today - timedelta(days=42),
            success_criteria="Alle seks klassene har hatt samtalen, reglene henger synlig i "
            "klasserommet, og alle lærere på trinnet viser til de samme reglene.",
            factor_ids=(rules.pk,),
        ),
    )
    opening = services.add_measure(
        analysis,
        services.MeasureInput(
            title="Felles oppstart av timene",
            description="Alle timer på 5.–7. trinn begynner likt: læreren tar imot elevene i "
            "døra, målet for timen og en startoppgave står på tavla, og konflikter fra "
            "friminuttet tas etter timen av den voksne som hadde inspeksjon.",
            responsible="Gruppe 1 og alle lærere på 5.–7. trinn",
            starts_on=today - timedelta(days=56),
            ends_on=today + timedelta(days=28),
            success_criteria="Ved ny observasjon er alle elevene i gang senest fem minutter "
            "etter friminuttet i minst fire av fem timer, og flere elever enn i T2 svarer at "
            "timene kommer raskt i gang.",
            factor_ids=(start.pk, conflicts.pk),
        ),
    )
    services.add_measure(
        analysis,
        services.MeasureInput(
            title="Hjelpekort og «neste oppgave»",
            description="Elevene setter et hjelpekort på pulten når de står fast, og hver "
            "arbeidsøkt har en «neste oppgave» de kan gå videre med mens de venter.",
            responsible="Faglærerne i norsk og matematikk på 5.–7. trinn",
            starts_on=today + timedelta(days=7),
            ends_on=today + timedelta(days=91),
            success_criteria="Elevene sier i samtaler at de vet hva de skal gjøre mens de "
            "venter, og lærerne merker færre avbrudd i arbeidsøktene.",
            factor_ids=(waiting.pk,),
        ),
    )
    services.set_measure_status(talks, MeasureStatus.DONE)
    services.set_measure_status(opening, MeasureStatus.RUNNING)
    services.set_phase(analysis, Phase.IMPLEMENTATION)
    for days_ago, person, measure, text in (
        (63, teacher, talks, "Klassesamtalene er holdt i alle seks klassene. Reglene er hengt "
         "opp, og kontaktlærerne går gjennom dem hver mandag."),
        (56, rektor, opening, "Felles oppstart presentert på personalmøtet. Alle lærere på "
         "mellomtrinnet har fått en mal for tavla."),
        (42, leader, opening, "Gruppe 1 tok opp erfaringene fra de første ukene: oppstarten "
         "fungerer best når startoppgaven er kjent stoff som alle kan gjøre alene."),
        (28, leader, None, "Gruppe 1 la fram analysen for resten av personalet på "
         "plandagen."),
        (21, teacher, opening, "Ny observasjon i 6A og 7A: elevene var i gang etter tre–fire "
         "minutter i de fleste timene, men fortsatt senere etter storefriminuttet."),
        (7, rektor, opening, "Inspektørene tar seg av konflikter fra friminuttet, slik at de "
         "ikke tas i timen. Avtalt med miljøarbeiderne."),
    ):  # fmt: skip
        services.add_log_entry(
            analysis, person, today - timedelta(days=days_ago), text, measure and measure.pk
        )
    services.share_with_owner(analysis, rektor)
    question = services.add_comment(
        analysis, ppt, Phase.ANALYSIS,
        "Dere har gode data fra observasjonen. Har dere sett på om uroen er lik i alle fag, "
        "eller størst i enkelte timer på dagen? Det kan si noe om hvor mye dere skal legge i "
        "oppstarten.",
    )  # fmt: skip
    services.add_comment(
        analysis, rektor, Phase.ANALYSIS,
        "Takk! Observasjonen viser mest uro i timene etter storefriminuttet og i matematikk. "
        "Vi tar det med i faktoren om oppstart og ser på timeplanen for neste halvår.",
        parent_id=question.pk,
    )  # fmt: skip
    services.add_comment(
        analysis, ppt, Phase.ANALYSIS,
        "Fint. Det er også godt at dere har vurdert enkeltelevene som mindre sannsynlig når "
        "uroen er så lik på tvers av klassene.",
        parent_id=question.pk,
    )  # fmt: skip
    criteria = services.add_comment(
        analysis, ppt, Phase.MEASURES,
        "Suksesskriteriene for felles oppstart er konkrete og lette å følge med på. Bruk "
        "gjerne det samme observasjonsskjemaet som i informasjonsfasen, så kan dere "
        "sammenligne direkte.",
    )  # fmt: skip
    services.add_comment(
        analysis, leader, Phase.MEASURES,
        "God idé – vi bruker det samme skjemaet når vi observerer igjen.",
        parent_id=criteria.pk,
    )  # fmt: skip
    caravan = services.caravan_activities(analysis).filter(title__startswith=CARAVAN_TITLE).first()
    if caravan is not None:
        services.link_caravan(analysis, rektor, caravan.pk)


def _evaluation(measure: Measure, baseline: EvidenceSnapshot, later) -> tuple[str, str]:
    """The group's judgement of a measure: the class talks by what was done, the rest by
    the same index in T3 beside T2 (as the figures came out)."""
    if measure.status == MeasureStatus.DONE:
        return Verdict.MET, (
            "Alle klassene har hatt samtalen, og reglene henger oppe. Elevene viser selv til "
            "dem, men noen lærere bruker dem mer enn andre."
        )
    before = baseline.own.get("score500")
    after = later.own.get("score500") if later is not None else None
    if before is None or after is None:
        return Verdict.PARTLY, (
            "Observasjonen viser at timene kommer raskere i gang, men T3 gir ikke tall for "
            "skolen å sammenligne med. Vi fortsetter og observerer igjen."
        )
    compared = f"Arbeidsro i timene er {round(after)} i T3 mot {round(before)} i T2."
    if after > before:
        return Verdict.PARTLY, (
            f"{compared} Ved ny observasjon var elevene i gang innen fem minutter i de fleste "
            "timene, men ikke etter storefriminuttet. Vi fortsetter med felles oppstart og "
            "ser på overgangen etter storefriminuttet."
        )
    return Verdict.NOT_MET, (
        f"{compared} Timene kommer raskere i gang, men elevene merker ikke mer ro i "
        "arbeidsøktene. Vi tar analysen opp igjen i Gruppe 1."
    )


# --- Bjørkely skole: trivsel, in the analysis phase -----------------------------------------


def _build_breaks(school: Unit, round: Round) -> None:
    rektor = _person("rektor")
    analysis = _start(
        rektor, school, round, BREAKS, PUPILS, "trivsel", _learning_group(school, "Gruppe 2")
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
    _factor(
        analysis,
        "Få aktiviteter ute passer for elever som ikke spiller ballspill, og de eldste elevene "
        "bestemmer over de beste områdene.",
        "context", "likely", baseline, watching, talks,
    )  # fmt: skip
    _factor(
        analysis,
        "De voksne på inspeksjon går sammen og står mest ved inngangen, så de ser lite av "
        "elevene som er alene.",
        "actor", "possible", watching,
    )  # fmt: skip
    services.set_phase(analysis, Phase.ANALYSIS)


# --- Another Hamar school: the goal and the problem phase ------------------------------------


def _build_home_information(unit: Unit, round: Round) -> None:
    leader = _unit_leader(unit)
    analysis = _start(
        leader, unit, round, HOME_INFORMATION, GUARDIANS, "informasjon", _learning_group(unit)
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


def _build_homework(unit: Unit, round: Round) -> None:
    leader = _unit_leader(unit)
    analysis = _start(leader, unit, round, HOMEWORK, GUARDIANS, "stotte_hjemme")
    services.save_problem(
        analysis,
        "Flere foresatte på mellomtrinnet svarer at de ikke vet hvordan de kan hjelpe barnet "
        "med leksene, særlig i matematikk, og noen barn får lite hjelp hjemme.",
    )
