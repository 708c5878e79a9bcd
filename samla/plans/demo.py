"""Demo action plans for 2026/2027: the shared plan of each demo programme (school, approved by
Oppvekstforum; kindergarten, still a draft), and the programmes' roles, duties and deadlines.

Written for Samla in the style of the programme's own plans: the "Når" column keeps the forms
plans use, so the time parser is exercised. One time is left unread on purpose: "Etter avtale"
(PPT's supervision in the kindergarten plan). Built by ``manage.py seed_demo``; running it
again creates nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from samla.org.demo import KINDERGARTEN_SLUG, SCHOOL_SLUG
from samla.org.models import Programme, Region, Role

from .models import Activity, ActivityStatus, Deadline, Plan, RegionalSession, RoleDuty
from .services import (
    ActivityInput,
    add_activity,
    approve_plan,
    get_or_create_plan,
    set_activity_status,
    set_session,
)
from .when_values import Term

SCHOOL_YEAR = "2026/2027"
SCHOOL_PLAN_APPROVED_ON = date(2026, 9, 10)  # Oppvekstforum's meeting, the "10.9" activity

ADMIN, REGION, OWNER = Role.PROGRAMME_ADMIN, Role.REGION_COORDINATOR, Role.OWNER
LEADER, GROUP, STAFF = Role.UNIT_LEADER, Role.GROUP_LEADER, Role.STAFF
PPT, UNION, OBSERVER = Role.PPT_ADVISOR, Role.UNION_REPRESENTATIVE, Role.OBSERVER
DONE, CANCELLED = ActivityStatus.DONE, ActivityStatus.CANCELLED
AUTUMN, SPRING = Term.AUTUMN.value, Term.SPRING.value


@dataclass(frozen=True)
class Item:
    """One row of a plan. ``details``: "· " starts a bullet, "# " a heading, else a paragraph.
    ``sessions``: (region short name, time as written, place). ``status``: set afterwards."""

    when: str
    title: str
    responsible: str
    audience: str
    audience_roles: tuple[str, ...]
    responsible_roles: tuple[str, ...] = (ADMIN,)
    details: tuple[str, ...] = ()
    sessions: tuple[tuple[str, str, str], ...] = ()
    status: str = ""
    location: str = ""


_SEPU_REGION = "SePU / regionkoordinator"
_LEADERS_PPT_HTV = "Skoleledere, PP-tjenesten, HTV"

SCHOOL_PLAN: dict[str, list[Item]] = {
    AUTUMN: [
        Item("Innen 15. august", "Skoleeierne melder inn nye skoleledere", "Skoleeier", "SePU",
             (ADMIN,), (OWNER,), status=DONE, details=(
                 "Navn og e-postadresse til nye rektorer og avdelingsledere sendes SePU, slik at "
                 "de får tilgang til Samla og blir invitert til samlingen for nyansatte.",)),
        Item("27.8", "Oppstartssamling for nye ledere og gruppeledere", "SePU, Statsforvalteren",
             "Nye skoleledere, gruppeledere, PPT og tillitsvalgte", (LEADER, GROUP, PPT, UNION),
             (ADMIN, OBSERVER), status=DONE, location="Hamar", details=(
                 "Arbeidsformen i Kultur for læring: kartlegging, analyse og kollektiv "
                 "kompetanseutvikling.",
                 "· Hva skjer gjennom skoleåret, og hvem gjør hva?",
                 "· Slik bruker dere Samla til planer, læringsgrupper og resultater")),
        Item("August-Desember",
             "Læringsgruppene arbeider med kompetansepakken «Relasjonsbasert klasseledelse»",
             "Skoleeier og skoleleder", "Alle ansatte i skolen", (STAFF, GROUP), (OWNER, LEADER),
             details=(
                 "Minst fire møter à 90 minutter i hver læringsgruppe dette semesteret, med "
                 "mellomarbeid mellom møtene.",
                 "· Modul 1: forberedelse for skolens ledelse",
                 "· Modul 2: klasseledelse, læring og atferd",
                 "· Modul 3: relasjonsspiralen")),
        Item("Uke 34-35", "Regionale work-shop for skoleledere", "Regionene og SePU",
             _LEADERS_PPT_HTV, (LEADER, PPT, UNION), (REGION, ADMIN), status=DONE, details=(
                 "# Forberedelse til T3",
                 "· Informasjon om spørreundersøkelsen og etiske sider ved kartlegging",
                 "· Hvordan skolen informerer foresatte og tar imot reservasjoner",
                 "Mellomarbeid fram til nettverkssamlingen i oktober: skolens egne spørsmål til "
                 "resultatene.")),
        Item("Uke 36", "Gruppelederopplæring, del 1", "SePU", "Gruppeledere", (GROUP,),
             status=DONE, location="Digitalt", details=(
                 "Å lede møtene i læringsgruppen: struktur, tidsbruk og oppfølging av "
                 "mellomarbeidet.",)),
        Item("10.9", "Oppvekstforum vedtar felles handlingsplan for 2026/2027", "Oppvekstforum",
             "Kommunene, Statsforvalteren, HTV, SePU", (OWNER, OBSERVER, UNION), status=DONE),
        Item("September", "Informasjonsskriv og reservasjonsskjema for T3 går ut til skolene",
             "SePU", "Skolene", (LEADER,), status=DONE, details=(
                 "Skolene sender skrivet videre til foresatte. Barn som er reservert, får ikke "
                 "tilgangskode.",)),
        Item("22.09.26 kl.14-16", "Digitalt eiermøte: forberedelse til T3", _SEPU_REGION,
             "Skoleeiere", (OWNER,), (ADMIN, REGION), status=DONE, location="Teams", details=(
                 "· Tidsplan for gjennomføringen og svarprosenten forrige gang",
                 "· Hvordan skoleeier følger opp skolene når resultatportalen åpner")),
        Item("Uke 43-44", "Regional samling: nettverk for skoleledere", _SEPU_REGION,
             _LEADERS_PPT_HTV, (LEADER, PPT, UNION), (ADMIN, REGION), status=DONE, details=(
                 "Tema: inkludering og støttesystemer rundt eleven",
                 "· Skolelederne deler erfaringer fra modul 1 og 2 i nettverksgrupper",
                 "· Hvordan PPT kan støtte analysearbeidet på skolene"),
             sessions=(("NØR", "19/10", "Tynset"), ("SØR", "20/10", "Elverum"),
                       ("KR", "26/10", "Kongsvinger"), ("HR", "27/10", "Hamar"))),
        Item("15. oktober – 30. november", "Kartlegging T3: elever, foresatte og ansatte svarer",
             "SePU og skolene", "Elever, foresatte, lærere, assistenter og skoleledere",
             (LEADER, STAFF), (ADMIN, LEADER), details=(
                 "Nettportalen er åpen hele perioden. Skolelederen deler ut tilgangskoder og "
                 "følger med på svarprosenten i Samla.",)),
        Item("November", "Møte i Statsforvalterens arbeidsgruppe for Kultur for læring",
             "Statsforvalteren, SePU", "Regionkoordinatorer, KS, Utdanningsforbundet",
             (REGION, UNION), (OBSERVER, ADMIN), status=CANCELLED, details=(
                 "Avlyst. Sakene tas opp på planmøtet i Oppvekstforum i februar.",)),
        Item("Desember (Foreløpig utsatt)",
             "Fellessamling for barnehage og skole om støttesystemer", "Regionene og SePU",
             "Barnehage- og skoleledere, PP-tjenesten, HTV", (LEADER, PPT, UNION),
             (REGION, ADMIN), details=(
                 "Ny dato avtales i regionene når resultatene fra T3 foreligger.",)),
    ],
    SPRING: [
        Item("Januar", "Resultatportalen åpner for T3", "SePU", "Skoleeiere og skoleledere",
             (OWNER, LEADER), details=(
                 "Resultater for grupper med færre enn sju personer vises ikke.",
                 "· Skolelederen går gjennom resultatene med personalet",
                 "· Skoleeier følger opp skolenes arbeid med pedagogisk analyse")),
        Item("Februar?", "Innlandskonferansen", "Statsforvalteren", "Kommunene",
             (OWNER, LEADER), (OBSERVER,)),
        Item("Februar", "Oppvekstforum legger planene for 2027/2028",
             "Statsforvalteren / SePU", "Oppvekstforum", (OWNER, UNION, OBSERVER),
             (ADMIN, OBSERVER)),
        Item("Fra og med 20.02.27", "Læringsgruppene arbeider med modul 4–6", "Skoleleder",
             "Alle ansatte i skolen", (STAFF, GROUP), (LEADER,), details=(
                 "· Modul 4: ledelse og den asymmetriske relasjonen",
                 "· Modul 5: pedagogisk analyse",
                 "· Modul 6: relasjonsspiralen, del 2")),
        Item("Etter vinterferien (mars)", "Læringskaravane: skolene presenterer sine analyser",
             "Skoleeier og SePU", "Skolene i kommunen", (LEADER, GROUP, STAFF), (OWNER, ADMIN),
             details=(
                 "Skolene besøker hverandre kommunevis og legger fram analysen av én utfordring:",
                 "· problem og mål",
                 "· opprettholdende faktorer og hvilke data de bygger på",
                 "· tiltak, og hvordan de skal vurderes")),
        Item("Mars-April", "Gruppelederopplæring, del 2", "SePU", "Gruppeledere", (GROUP,),
             location="Digitalt", details=(
                 "Å lede den pedagogiske analysen i læringsgruppen.",)),
        Item("Etter påske", "Regionale work-shop: fra analyse til tiltak", "Regionene og SePU",
             "Skoleledere, lærere, PP-tjenesten", (LEADER, STAFF, PPT), (REGION, ADMIN),
             details=(
                 "· Resultater og analyser fra T3 i regionen",
                 "· Tiltak rettet mot de opprettholdende faktorene",
                 "· Videre arbeid med støttesystemer")),
        Item("Uke 17, 18, 19", "Nettbasert veiledning fra PPT", "PP-tjenesten",
             "Skoleledere og ressurslærere", (LEADER, GROUP), (PPT,), details=(
                 "Én veiledning per skole etter analysedelen i modul 5.",)),
        Item("Mai", "Skoleeier og HTV drøfter erfaringene med T3", "Skoleeier", "HTV",
             (UNION,), (OWNER,)),
        Item("Juni", "Regionale eiermøter: evaluering av året", "Regionene",
             "Kommunene, Statsforvalteren, SePU", (OWNER, OBSERVER, ADMIN), (REGION,), details=(
                 "· Hva har vi lært av arbeidet med resultatene fra T3?",
                 "· Ønsker til handlingsplanen for 2027/2028")),
    ],
}  # fmt: skip

KINDERGARTEN_PLAN: dict[str, list[Item]] = {
    AUTUMN: [
        Item("27.8", "Oppstartssamling for nye ledere og gruppeledere i barnehagene",
             "SePU, Statsforvalteren", "Nye styrere, gruppeledere, PPT og tillitsvalgte",
             (LEADER, GROUP, PPT, UNION), (ADMIN, OBSERVER), status=DONE, location="Hamar"),
        Item("August-Desember",
             "Læringsgruppene arbeider med kompetansepakken «Språk i lek og samspill»",
             "Barnehagemyndighet og styrer",
             "Alle ansatte i barnehagen", (STAFF, GROUP), (OWNER, LEADER), details=(
                 "· Modul 1: forberedelse for styrer og pedagogiske ledere",
                 "· Modul 2: språket i hverdagssamtalene",
                 "· Modul 3: leken som arena for språk og vennskap")),
        Item("Uke 36-37", "Gruppelederopplæring for nye gruppeledere", "SePU", "Gruppeledere",
             (GROUP,), status=DONE, location="Digitalt"),
        Item("September", "Regional samling: inkludering i leken",
             "SePU, regionansvarlig barnehagemyndighet",
             "Styrere, barnehagemyndighet, PPT, tillitsvalgte", (LEADER, OWNER, PPT, UNION),
             (ADMIN, REGION), status=DONE, details=(
                 "Tema: hvem får være med i leken, og hvordan støtter de voksne barna som "
                 "står utenfor?",),
             sessions=(("NØR", "22.9", "Tynset"), ("SØR", "24.9", "Elverum"),
                       ("KR", "17.9", "Kongsvinger"), ("HR", "18.9", "Hamar"))),
        Item("Oktober", "Møte i Statsforvalterens arbeidsgruppe for barnehagene",
             "Statsforvalteren, SePU", "Regionansvarlige, KS, Utdanningsforbundet",
             (REGION, UNION), (OBSERVER, ADMIN), status=DONE),
        Item("Uke 47-48", "Nettverkssamling for styrere", _SEPU_REGION, "Styrere",
             (LEADER,), (ADMIN, REGION), details=(
                 "· Erfaringer med å lede læringsgruppene",
                 "· Hvordan personalet vurderer barnas språklige og sosiale kompetanse"),
             sessions=(("NØR", "17/11", "Tynset"), ("SØR", "18/11", "Elverum"),
                       ("KR", "24/11", "Kongsvinger"), ("HR", "25/11", "Hamar"))),
        Item("Etter avtale", "Veiledning fra PPT om arbeidet i læringsgruppene", "PP-tjenesten",
             "Styrere og pedagogiske ledere", (LEADER, GROUP), (PPT,), details=(
                 "Én veiledning per barnehage hvert semester, etter analysedelen i modulen.",)),
        Item("Desember/ Januar", "Eiermøte for barnehagemyndighetene: status i arbeidet",
             "Regionansvarlig barnehagemyndighet / SePU", "Barnehagemyndighetene", (OWNER,),
             (REGION, ADMIN)),
    ],
    SPRING: [
        Item("Januar-Juni", "Læringsgruppene arbeider videre med modul 4–6",
             "Barnehagemyndighet og styrer", "Alle ansatte i barnehagen", (STAFF, GROUP),
             (OWNER, LEADER)),
        Item("Innen 1. februar", "Barnehagemyndighetene melder behov for kompetanseutvikling",
             "Barnehagemyndighet", "Samarbeidsforumet", (ADMIN,), (OWNER,), details=(
                 "Behovene meldes for inntil tre år fram.",)),
        Item("Februar", "Planleggingsdager i Oppvekstforum for 2027/2028", "SePU, Statsforvalteren",
             "Styrere, barnehagemyndighet, PPT, HTV", (LEADER, OWNER, PPT, UNION),
             (ADMIN, OBSERVER)),
        Item("Februar?", "Regional samling: barnas trivsel og vennskap",
             "SePU, regionansvarlig barnehagemyndighet", "Styrere, PPT, tillitsvalgte",
             (LEADER, PPT, UNION), (ADMIN, REGION)),
        Item("Mars-April", "Læringskaravane i hver kommune: barnehagene viser fram analysene",
             "Barnehagemyndighet / SePU", "Barnehager, myndighet, PPT, tillitsvalgte",
             (LEADER, GROUP, STAFF, OWNER, PPT), (OWNER, ADMIN), details=(
                 "Hver barnehage legger fram sin pedagogiske analyse og tiltakene den har valgt.",
             )),
        Item("Etter påske", "Gruppelederopplæring: å lede analysearbeidet", "SePU", "Gruppeledere",
             (GROUP,), location="Digitalt"),
        Item("Mai", "Regionale eiermøter: evaluering og plan for 2027/2028", "Regionene",
             "Barnehagemyndighetene, Statsforvalteren", (OWNER, OBSERVER), (REGION,)),
        Item("Juni", "SePU lager fagnotater om språk og lek til bruk i læringsgruppene", "SePU",
             "Styrere, gruppeledere, PPT", (LEADER, GROUP, PPT)),
    ],
}  # fmt: skip


@dataclass(frozen=True)
class Duty:
    """One line of "Roller og ansvar". ``{leaders}``, ``{owner}`` … are filled in per programme.
    ``yearly``: (month, day) of a deadline every year; ``once``: the date of a single one.
    ``only``: the slug of the one programme the duty belongs to; empty for both."""

    role: str
    text: str
    deadline: str = ""
    yearly: tuple[int, int] | None = None
    once: date | None = None
    only: str = ""


WORDS = {
    SCHOOL_SLUG: {"unit": "skolen", "units": "skolene", "leader": "skolelederen",
                  "leaders": "skoleledere", "the_leaders": "skolelederne",
                  "owner": "skoleeier"},
    KINDERGARTEN_SLUG: {"unit": "barnehagen", "units": "barnehagene", "leader": "styreren",
                        "leaders": "styrere", "the_leaders": "styrerne",
                        "owner": "barnehagemyndigheten"},
}  # fmt: skip

DUTIES: list[Duty] = [
    Duty(ADMIN, "Legger fram forslag til felles handlingsplan for Oppvekstforum og holder "
         "planen oppdatert gjennom året."),
    Duty(ADMIN, "Gjennomfører kartleggingen annethvert år og åpner resultatportalen noen "
         "uker etter at vinduet har stengt."),
    Duty(ADMIN, "Utvikler kompetansepakkene og leder gruppelederopplæringen."),
    Duty(REGION, "Setter datoer og steder for regionens samlinger og eiermøter og leder "
         "eiermøtene.", "Melde regionens datoer og steder for neste "
         "skoleår til SePU innen 15. juni", yearly=(6, 15)),
    Duty(OWNER, "Lager en årlig plan for arbeidet i kommunen sammen med regionen, og setter av "
         "tid og ressurser til {units}."),
    Duty(OWNER, "Deler {the_leaders} inn i nettverksgrupper og deltar i den nettbaserte "
         "veiledningen."),
    Duty(OWNER, "Melder inn navn og e-postadresse til nye {leaders} hvert år.", "Melde inn navn "
         "og e-postadresse til nye {leaders} innen 15. august", yearly=(8, 15)),
    Duty(OWNER, "Melder behov for kompetanseutvikling til samarbeidsforumet, for inntil tre "
         "år fram.", "Melde behov for kompetanseutvikling for neste år innen 1. februar",
         yearly=(2, 1)),
    Duty(LEADER, "Leder arbeidet med kompetansepakken i {unit} og følger opp tiltakene."),
    Duty(LEADER, "Deler personalet i læringsgrupper på 5–7 personer og velger gruppeledere som "
         "er gode til å lede møter.", "Dele personalet i læringsgrupper og velge gruppeledere "
         "innen 1. september", yearly=(9, 1)),
    Duty(LEADER, "Setter av minst fire møter à 90 minutter i læringsgruppene hvert semester, "
         "møter gruppelederne minst to ganger i semesteret og gir nyansatte opplæring."),
    Duty(LEADER, "Informerer foresatte om kartleggingen og registrerer reservasjoner før "
         "vinduet åpner.", "Sende informasjon og reservasjonsskjema for T3 til foresatte",
         once=date(2026, 10, 8), only=SCHOOL_SLUG),
    Duty(GROUP, "Leder møtene i læringsgruppen etter modulens opplegg og fører oppmøte."),
    Duty(GROUP, "Deltar på gruppelederopplæringen høst og vår."),
    Duty(STAFF, "Deltar i læringsgruppen og gjør mellomarbeidet mellom møtene."),
    Duty(STAFF, "Prøver ut og gjennomfører tiltakene læringsgruppen blir enig om."),
    Duty(STAFF, "Svarer på lærerundersøkelsen når kartleggingen pågår.", only=SCHOOL_SLUG),
    Duty(STAFF, "Vurderer hvert barns språklige og sosiale kompetanse når kartleggingen pågår.",
         only=KINDERGARTEN_SLUG),
    Duty(PPT, "Gir {units} én nettbasert veiledning hvert semester etter analysedelen.",
         "Gi høstens veiledning til {units} innen 15. desember", yearly=(12, 15)),
    Duty(PPT, "Leser og kommenterer analysene {leader} deler med PP-tjenesten."),
    Duty(UNION, "Deltar i Oppvekstforum og i dialogen med {owner} om gjennomføringen av "
         "kartleggingen."),
]  # fmt: skip


# --- loading ---------------------------------------------------------------------------------


@transaction.atomic
def build_plans() -> dict[str, int]:
    """Create the demo plans, duties and deadlines that are not there; return counts."""
    school = Programme.objects.get(slug=SCHOOL_SLUG)
    kindergarten = Programme.objects.get(slug=KINDERGARTEN_SLUG)
    _load_plan(school, SCHOOL_PLAN, approved_on=SCHOOL_PLAN_APPROVED_ON)
    _load_plan(kindergarten, KINDERGARTEN_PLAN, approved_on=None)
    for programme in (school, kindergarten):
        _load_duties(programme, WORDS[programme.slug])
    return {
        "plans": Plan.objects.count(),
        "activities": Activity.objects.count(),
        "sessions": RegionalSession.objects.count(),
        "duties": RoleDuty.objects.count(),
        "deadlines": Deadline.objects.count(),
    }


def _load_plan(
    programme: Programme, terms: dict[str, list[Item]], approved_on: date | None
) -> None:
    plan, _created = get_or_create_plan(programme, SCHOOL_YEAR)
    if plan.activities.exists():
        return  # loaded before, or someone has started the plan: leave it alone
    regions = {region.short_name: region for region in Region.objects.filter(programme=programme)}
    for term, items in terms.items():
        for item in items:
            activity = add_activity(plan, _input(item, term))
            for short_name, when_text, place in item.sessions:
                set_session(activity, regions[short_name], when_text, location=place)
            if item.status:
                set_activity_status(activity, item.status)
    if approved_on is not None:
        approve_plan(plan, approved_on)


def _input(item: Item, term: str) -> ActivityInput:
    return ActivityInput(
        title=item.title,
        when_text=item.when,
        term=term,
        details=tuple(_block(line) for line in item.details),
        responsible=item.responsible,
        audience=item.audience,
        audience_roles=item.audience_roles,
        responsible_roles=item.responsible_roles,
        location=item.location,
    )


def _block(line: str) -> dict[str, str]:
    if line.startswith("· "):
        return {"kind": "bullet", "text": line.removeprefix("· ")}
    if line.startswith("# "):
        return {"kind": "heading", "text": line.removeprefix("# ")}
    return {"kind": "paragraph", "text": line}


def _load_duties(programme: Programme, words: dict[str, str]) -> None:
    for order, duty in enumerate(DUTIES, start=1):
        if duty.only and duty.only != programme.slug:
            continue
        role_duty, _created = RoleDuty.objects.get_or_create(
            programme=programme,
            role=duty.role,
            text=duty.text.format(**words),
            defaults={"order": order},
        )
        if not duty.deadline:
            continue
        month, day = duty.yearly or (None, None)
        Deadline.objects.get_or_create(
            programme=programme,
            role=duty.role,
            title=duty.deadline.format(**words),
            defaults={"duty": role_duty, "yearly_month": month, "yearly_day": day,
                      "date": duty.once},
        )  # fmt: skip
