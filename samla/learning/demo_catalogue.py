"""The demo catalogue: competence packages, the multi-year plan and the conditions for
taking part, as plain data (``demo.py`` puts them in through the services).

The package and module titles are those the domain describes (Øst-Finnmark, 2021); every
description, purpose, task and question is written for Samla, short on purpose."""

from __future__ import annotations

from dataclasses import dataclass

LEADERS_PREPARATION = "leaders_preparation"
SUBJECT = "subject"
ANALYSIS = "analysis"
CLOSING = "closing"

ALL_STAFF, GROUP_LEADERS, LEADERS = "all_staff", "group_leaders", "leaders"


@dataclass(frozen=True)
class DemoModule:
    title: str
    kind: str
    purpose: str
    meeting_tasks: str
    between_work: str
    reflection_questions: str
    minutes: int = 90


@dataclass(frozen=True)
class DemoPackage:
    title: str
    theme: str
    audience: str
    description: str
    modules: tuple[DemoModule, ...]


def _preparation(title: str) -> DemoModule:
    return DemoModule(
        "Ledernes forberedelse",
        LEADERS_PREPARATION,
        f"Ledelsen setter seg inn i «{title}» og planlegger hvordan enheten skal arbeide "
        "med pakken.",
        "Gå gjennom modulene sammen. Avtal møtetider, gruppeinndeling og hvem som leder gruppene.",
        "Skriv implementeringsplanen og del den med personalet.",
        "Hva trenger personalet for å lykkes med pakken? Hvordan følger vi opp gruppelederne?",
        minutes=120,
    )


def _analysis(theme: str) -> DemoModule:
    return DemoModule(
        "Pedagogisk analyse",
        ANALYSIS,
        f"Bruke analysemodellen på en utfordring knyttet til {theme.lower()}.",
        "Beskriv utfordringen, finn de opprettholdende faktorene og velg tiltak dere har tro på.",
        "Sett tiltakene i gang og noter hva dere ser, til neste møte.",
        "Hvilke faktorer kan vi selv gjøre noe med? Hvordan vet vi om tiltaket virker?",
    )


CLASSROOM_LEADERSHIP = "Relasjonsbasert klasseledelse"
MOTIVATION = "Motivasjon og tro på seg selv"
QUESTIONS = "Spørsmål og interaksjon i klasserommet"
LEADING_DEVELOPMENT = "Ledelse av kollektiv kompetanseutvikling"
LEADING_GROUPS = "Å lede læringsgrupper"
LANGUAGE = "Språkmiljø i barnehagen"
PLAY = "Lek og relasjoner"

_LEADING_DEVELOPMENT = DemoPackage(
    LEADING_DEVELOPMENT,
    "Ledelse",
    LEADERS,
    "For ledelsen: å lede et personale som lærer sammen, med kartleggingsdata og "
    "implementeringsplanen som verktøy.",
    (
        DemoModule(
            "Lederens rolle i læringsgruppene",
            SUBJECT,
            "Avklare hva ledelsen gjør for at læringsgruppene skal fungere.",
            "Drøft hvordan dere følger opp gruppelederne og sikrer tid til møtene.",
            "Avtal to møter med gruppelederne dette halvåret.",
            "Hva tar tid fra læringsgruppene i dag, og hva kan ledelsen rydde bort?",
        ),
        DemoModule(
            "Å bruke kartleggingsdata i personalet",
            SUBJECT,
            "Legge fram resultatene fra kartleggingen slik at personalet tar dem i bruk.",
            "Velg tre funn fra enhetens resultater og planlegg hvordan dere legger dem fram.",
            "Legg fram funnene for personalet og noter spørsmålene som kommer.",
            "Hvordan unngår vi at resultatene oppleves som en dom?",
        ),
        DemoModule(
            "Implementeringsplan og oppfølging",
            SUBJECT,
            "Gjøre implementeringsplanen til et verktøy som brukes gjennom året.",
            "Gå gjennom planen: hvem gjør hva, når, og hvordan ser vi at det skjer?",
            "Oppdater planen og del den med gruppelederne.",
            "Hva i planen er vanskeligst å holde fast ved?",
        ),
        DemoModule(
            "Oppsummering og veien videre",
            CLOSING,
            "Se samlet på året og legge grunnlaget for neste.",
            "Sammenlign det som ble gjort, med implementeringsplanen.",
            "Skriv tre punkter til neste års plan.",
            "Hva har endret seg i praksis, og hvordan vet vi det?",
        ),
    ),
)

_LEADING_GROUPS = DemoPackage(
    LEADING_GROUPS,
    "Gruppeledelse",
    GROUP_LEADERS,
    "For gruppeledere og veiledere: å lede møter der kolleger lærer av hverandre, holder "
    "fokus og følger opp mellomarbeidet.",
    (
        DemoModule(
            "Gruppelederens rolle",
            SUBJECT,
            "Avklare hva det vil si å lede en læringsgruppe blant kolleger.",
            "Del erfaringer med møter som fungerte. Hva gjorde den som ledet?",
            "Lag en enkel plan for det første møtet i gruppen din.",
            "Hva er du trygg på som gruppeleder, og hva vil du øve på?",
        ),
        DemoModule(
            "Struktur i møtet og mellomarbeid",
            SUBJECT,
            "Bygge møter med en tydelig start, et arbeid og avtaler til neste gang.",
            "Lag en fast møtemal: tilbakeblikk på mellomarbeidet, ny modul, avtaler.",
            "Bruk malen i neste møte og noter hva som fungerte.",
            "Hvordan sikrer du at alle gjør mellomarbeidet?",
        ),
        DemoModule(
            "Å lede refleksjon og uenighet",
            SUBJECT,
            "Få fram ulike synspunkter og holde samtalen faglig.",
            "Øv i rollespill på å stille åpne spørsmål og oppsummere uenighet.",
            "Prøv én samtaleteknikk i gruppen din.",
            "Hva gjør du når én tar mye plass, eller når noen ikke sier noe?",
        ),
        DemoModule(
            "Erfaringsdeling",
            CLOSING,
            "Lære av andre gruppeledere og samle det som virker.",
            "Hver gruppeleder deler én situasjon og hvordan den ble løst.",
            "Del med ledelsen det du tar med deg videre.",
            "Hva trenger du fra ledelsen for å lede gruppen godt?",
        ),
    ),
)

SCHOOL_PACKAGES: tuple[DemoPackage, ...] = (
    DemoPackage(
        CLASSROOM_LEADERSHIP,
        "Klasseledelse",
        ALL_STAFF,
        "Hvordan læreren leder klassen gjennom gode relasjoner, tydelig struktur og klare "
        "forventninger, og hvordan samspillet med elevene utvikler seg over tid.",
        (
            _preparation(CLASSROOM_LEADERSHIP),
            DemoModule(
                "Klasseledelse og elevenes læring og atferd",
                SUBJECT,
                "Se sammenhengen mellom hvordan klassen ledes og hvordan elevene lærer og "
                "oppfører seg.",
                "Del eksempler på timer der strukturen hjalp, og timer der den ikke gjorde "
                "det. Bli enige om én ting hver vil prøve ut.",
                "Prøv ut én endring i starten av timene og noter hva som skjer.",
                "Hva kjennetegner timene der elevene kommer raskt i gang? Hva gjør du da?",
            ),
            DemoModule(
                "Relasjonsspiralen",
                SUBJECT,
                "Forstå hvordan samspillet mellom lærer og elev kan bli en god eller en vond "
                "sirkel.",
                "Tegn spiralen for en elev dere er bekymret for, uten navn. Finn ett sted der "
                "den kan snus.",
                "Gi én elev tre positive kontakter hver dag i to uker, og legg merke til hva "
                "som endrer seg.",
                "Hvilke elever får lite positiv oppmerksomhet fra deg? Hva kan du gjøre "
                "annerledes?",
            ),
            DemoModule(
                "Lederskap og den asymmetriske relasjonen",
                SUBJECT,
                "Drøfte at læreren har ansvaret for relasjonen, også når den er vanskelig.",
                "Drøft hva det betyr i praksis å ta ansvar for relasjonen. Del en situasjon "
                "der du vant tilbake en elevs tillit.",
                "Besøk en kollegas time i ti minutter og gi tilbakemelding på samspillet.",
                "Når er det krevende å være den voksne som tar ansvaret? Hva hjelper deg da?",
            ),
            _analysis("klasseledelse"),
            DemoModule(
                "Relasjonsspiralen 2",
                CLOSING,
                "Se tilbake på arbeidet med relasjonene og bestemme hva enheten holder fast ved.",
                "Gå tilbake til spiralen fra modul 3. Hva har endret seg? Del det som virket.",
                "Skriv ned to grep du vil fortsette med, og del dem med gruppen.",
                "Hva har vi lært som hele skolen bør fortsette med?",
            ),
        ),
    ),
    DemoPackage(
        MOTIVATION,
        "Motivasjon",
        ALL_STAFF,
        "Hva som driver elevenes innsats, og hvordan lærerens tilbakemeldinger og "
        "forventninger påvirker elevenes tro på at de kan mestre.",
        (
            _preparation(MOTIVATION),
            DemoModule(
                "Motivasjon som samspill mellom elev og omgivelser",
                SUBJECT,
                "Se motivasjon som noe som oppstår i møtet mellom eleven og undervisningen, "
                "ikke bare som en egenskap ved eleven.",
                "Finn eksempler på oppgaver som engasjerer elevene, og hva de har felles.",
                "Juster én oppgave slik at elevene får flere valg eller et tydeligere mål.",
                "Når sier vi at en elev «ikke er motivert»? Hva rundt eleven kan vi endre?",
            ),
            DemoModule(
                "Elevenes tro på seg selv og ros",
                SUBJECT,
                "Drøfte hvordan ros og tilbakemeldinger kan styrke eller svekke elevenes "
                "tro på egen mestring.",
                "Sammenlign ros for innsats og framgangsmåte med ros for evner. Lag "
                "eksempler fra egne timer.",
                "Legg merke til hvordan du gir ros i én klasse i en uke.",
                "Hvilken ros gir elevene lyst til å prøve igjen?",
            ),
            DemoModule(
                "Elevenes tolkninger og lærernes forventninger",
                SUBJECT,
                "Forstå hvordan elevene tolker lærerens signaler, og hvordan forventninger "
                "kan oppfylle seg selv.",
                "Drøft hvilke forventninger vi har til ulike elever, og hvordan de viser seg.",
                "Gi tre elever du venter lite av, en utfordring du tror de kan klare.",
                "Hvordan merker elevene hva vi venter av dem?",
            ),
            _analysis("motivasjon"),
        ),
    ),
    DemoPackage(
        QUESTIONS,
        "Samtaler i klasserommet",
        ALL_STAFF,
        "Hvordan samtalene i klasserommet er bygd opp, og hvordan lærerens spørsmål kan få "
        "flere elever til å tenke og delta.",
        (
            _preparation(QUESTIONS),
            DemoModule(
                "Samtalemønstre",
                SUBJECT,
                "Bli kjent med vanlige mønstre i klasseromssamtaler og se hvem som får ordet.",
                "Beskriv en time og tell hvem som snakket, og hvor lenge.",
                "Noter i én time hvor mange elever som sier noe faglig.",
                "Hvem snakker mest i timene dine? Hvem sier nesten ingenting?",
            ),
            DemoModule(
                "Lærerens spørsmål",
                SUBJECT,
                "Skille mellom spørsmål som sjekker svar, og spørsmål som åpner for tenkning.",
                "Sorter spørsmål fra egne timer i lukkede og åpne. Skriv om tre av de lukkede.",
                "Planlegg tre åpne spørsmål til én time og prøv dem.",
                "Hva skjer når du venter lenger før noen får svare?",
            ),
            DemoModule(
                "Spørsmål og elevenes læring",
                SUBJECT,
                "Se hvordan oppfølgingsspørsmål hjelper elevene å utdype og begrunne.",
                "Øv i par på oppfølgingsspørsmål: «Hvordan tenkte du?», «Hvem er enig?»",
                "Bruk oppfølgingsspørsmål bevisst i én time og noter elevenes svar.",
                "Hvordan viser elevene at de tenker høyt sammen?",
            ),
            DemoModule(
                "Spørsmål i undervisningen",
                SUBJECT,
                "Planlegge undervisning der spørsmålene bærer den faglige progresjonen.",
                "Lag sammen en rekke spørsmål til et tema dere underviser i nå.",
                "Bruk spørsmålene i en time og ta med elevsvar til neste møte.",
                "Hvilke spørsmål ga de beste faglige samtalene?",
            ),
            _analysis("samtalene i klasserommet"),
        ),
    ),
    _LEADING_DEVELOPMENT,
    _LEADING_GROUPS,
)

KINDERGARTEN_PACKAGES: tuple[DemoPackage, ...] = (
    DemoPackage(
        LANGUAGE,
        "Språk",
        ALL_STAFF,
        "Hvordan personalet skaper et rikt språkmiljø for alle barn i lek, samtaler og rutiner.",
        (
            _preparation(LANGUAGE),
            DemoModule(
                "Samtaler med barn i hverdagen",
                SUBJECT,
                "Se hvordan de voksne kan gjøre samtalene med barna lengre og rikere.",
                "Del eksempler på lange og korte samtaler fra egen avdeling. Hva gjorde "
                "forskjellen?",
                "Ha en lengre samtale med tre barn hver dag i en uke, og noter hva som skjer.",
                "Hvilke barn snakker du sjelden med? Når kan du få tid til dem?",
            ),
            DemoModule(
                "Språk i lek og rutiner",
                SUBJECT,
                "Bruke måltider, påkledning og lek til språklig samspill.",
                "Velg én rutine og finn tre måter å bruke den til samtale på.",
                "Prøv det ut på avdelingen og ta med erfaringene.",
                "I hvilke rutiner snakkes det lite i dag?",
            ),
            DemoModule(
                "Barn som trenger mer språkstøtte",
                SUBJECT,
                "Fange opp og støtte barn som trenger mer hjelp med språket, også barn med "
                "flere språk.",
                "Drøft hvordan dere følger med på barnas språk, og hva dere gjør når dere er "
                "bekymret.",
                "Avtal hvordan avdelingen støtter ett barn gjennom dagen.",
                "Hvordan tar vi vare på barnas morsmål?",
            ),
            _analysis("språkmiljøet"),
        ),
    ),
    DemoPackage(
        PLAY,
        "Lek og vennskap",
        ALL_STAFF,
        "Lekens betydning for barns vennskap og trivsel, og de voksnes rolle i å gi alle "
        "barn en plass i leken.",
        (
            _preparation(PLAY),
            DemoModule(
                "Leken og vennskapene",
                SUBJECT,
                "Se hvordan leken gir barna venner og tilhørighet.",
                "Tegn et kart over hvem som leker med hvem på avdelingen (bare til internt bruk).",
                "Observer leken ute i en uke og noter barn som står utenfor.",
                "Hvilke barn faller ofte utenfor leken, og hvorfor?",
            ),
            DemoModule(
                "Den voksnes rolle i leken",
                SUBJECT,
                "Finne balansen mellom å delta, å støtte og å trekke seg tilbake.",
                "Drøft situasjoner der en voksen hjalp et barn inn i leken.",
                "Gå inn i en lek sammen med et barn som står utenfor, og trekk deg gradvis ut.",
                "Når forstyrrer vi leken, og når trengs vi?",
            ),
            DemoModule(
                "Relasjonen mellom voksne og barn",
                SUBJECT,
                "Se hvordan trygge relasjoner til de voksne gir barna trivsel og mot til å leke.",
                "Del hvordan dere bygger relasjon til barn som er vanskelige å nå.",
                "Gi ett barn ekstra oppmerksomhet i to uker.",
                "Har hvert barn minst én voksen det er trygt på?",
            ),
            _analysis("lek og relasjoner"),
        ),
    ),
    _LEADING_DEVELOPMENT,
    _LEADING_GROUPS,
)

# The multi-year plan 2018/2019–2021/2022: audience → packages per school year.
SCHOOL_PLAN = {
    "2018/2019": {ALL_STAFF: [CLASSROOM_LEADERSHIP]},
    "2019/2020": {ALL_STAFF: [MOTIVATION]},
    "2020/2021": {ALL_STAFF: [QUESTIONS]},
    "2021/2022": {ALL_STAFF: [CLASSROOM_LEADERSHIP]},
}
KINDERGARTEN_PLAN = {
    "2018/2019": {ALL_STAFF: [LANGUAGE]},
    "2019/2020": {ALL_STAFF: [PLAY]},
    "2020/2021": {ALL_STAFF: [LANGUAGE]},
    "2021/2022": {ALL_STAFF: [PLAY]},
}
for _plan in (SCHOOL_PLAN, KINDERGARTEN_PLAN):
    for _year in _plan.values():
        _year[GROUP_LEADERS] = [LEADING_GROUPS]
        _year[LEADERS] = [LEADING_DEVELOPMENT]

# The last and the current school year (worked out from today in ``demo.py``).
SCHOOL_LAST_YEAR = {ALL_STAFF: [MOTIVATION], GROUP_LEADERS: [LEADING_GROUPS]}
SCHOOL_THIS_YEAR = {
    ALL_STAFF: [CLASSROOM_LEADERSHIP, QUESTIONS],
    GROUP_LEADERS: [LEADING_GROUPS],
    LEADERS: [LEADING_DEVELOPMENT],
}
KINDERGARTEN_LAST_YEAR = {ALL_STAFF: [PLAY], GROUP_LEADERS: [LEADING_GROUPS]}
KINDERGARTEN_THIS_YEAR = {
    ALL_STAFF: [LANGUAGE],
    GROUP_LEADERS: [LEADING_GROUPS],
    LEADERS: [LEADING_DEVELOPMENT],
}

# Conditions for taking part (after SKUP-Hedmark's list, in our words).
SCHOOL_CONDITIONS = (
    "Alle ansatte kjenner programmet og vet hva det betyr for skolen.",
    "Hele ledelsen gjennomfører ledermodulen før personalet begynner.",
    "Ledelsen skriver en implementeringsplan for arbeidet med pakken.",
    "Alle lærere deltar i en læringsgruppe.",
    "Gruppene settes sammen på tvers av fag og trinn der det lar seg gjøre.",
    "Avdelingslederne leder arbeidet med modulene.",
)
KINDERGARTEN_CONDITIONS = (
    "Alle ansatte kjenner programmet og vet hva det betyr for barnehagen.",
    "Hele ledelsen gjennomfører ledermodulen før personalet begynner.",
    "Styreren skriver en implementeringsplan for arbeidet med pakken.",
    "Alle ansatte deltar i en læringsgruppe.",
    "Gruppene settes sammen på tvers av avdelinger der det lar seg gjøre.",
    "De pedagogiske lederne leder arbeidet med modulene.",
)
