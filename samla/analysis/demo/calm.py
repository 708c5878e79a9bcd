"""The demo's first analysis: Bjørkely skole, "Arbeidsro på mellomtrinnet", well into the
measures, and how the group judges its measures once T3 is released."""

from __future__ import annotations

from datetime import date, timedelta

from samla.org.models import Unit
from samla.results.queries import Node
from samla.surveys.models import Round

from .. import services
from ..models import EvidenceSnapshot, Measure, MeasureStatus, Phase, SourceKind, Verdict
from .common import (
    CALM,
    CARAVAN_TITLE,
    PUPILS,
    add_demo_factor,
    demo_person,
    latest_learning_group,
    start_at_unit,
)


def build_calm(school: Unit, round: Round, today: date) -> None:
    rektor, leader, teacher, ppt = (
        demo_person(name) for name in ("rektor", "gruppeleder", "laerer", "ppt")
    )
    analysis = start_at_unit(
        leader, school, round, CALM, PUPILS, "arbeidsro", latest_learning_group(school, "Gruppe 1")
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
    start = add_demo_factor(
        analysis,
        "Oppstarten av timene er ikke strukturert: lærerne begynner ulikt, og elevene vet ikke "
        "hva de skal gjøre når de kommer inn fra friminuttet.",
        "context", "likely", baseline, observation, pupils,
    )  # fmt: skip
    rules = add_demo_factor(
        analysis,
        "Forventningene til arbeidsro er ulike fra lærer til lærer på samme trinn, og elevene "
        "har ikke vært med på å bestemme reglene.",
        "context", "likely", pupils, observation,
    )  # fmt: skip
    waiting = add_demo_factor(
        analysis,
        "Elever som står fast, venter lenge på hjelp og har ikke noe å gå videre med imens.",
        "actor", "possible", support, observation, pupils,
    )  # fmt: skip
    conflicts = add_demo_factor(
        analysis,
        "Konflikter fra friminuttet følger elevene inn i timen og tar tid fra starten.",
        "actor", "possible", staff,
    )  # fmt: skip
    add_demo_factor(
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


def judge_measure(measure: Measure, baseline: EvidenceSnapshot, later) -> tuple[str, str]:
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
