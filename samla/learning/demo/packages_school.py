"""The demo school programme's packages for all staff (and the two for leaders)."""

from __future__ import annotations

from .catalogue import (
    ALL_STAFF,
    CLASSROOM_LEADERSHIP,
    CLOSING,
    MOTIVATION,
    QUESTIONS,
    SUBJECT,
    DemoModule,
    DemoPackage,
    analysis_module,
    preparation,
)
from .packages_leadership import LEADING_DEVELOPMENT_PACKAGE, LEADING_GROUPS_PACKAGE

SCHOOL_PACKAGES: tuple[DemoPackage, ...] = (
    DemoPackage(
        CLASSROOM_LEADERSHIP,
        "Klasseledelse",
        ALL_STAFF,
        "Hvordan læreren leder klassen gjennom gode relasjoner, tydelig struktur og klare "
        "forventninger, og hvordan samspillet med elevene utvikler seg over tid.",
        (
            preparation(CLASSROOM_LEADERSHIP),
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
            analysis_module("klasseledelse"),
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
            preparation(MOTIVATION),
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
            analysis_module("motivasjon"),
        ),
    ),
    DemoPackage(
        QUESTIONS,
        "Samtaler i klasserommet",
        ALL_STAFF,
        "Hvordan samtalene i klasserommet er bygd opp, og hvordan lærerens spørsmål kan få "
        "flere elever til å tenke og delta.",
        (
            preparation(QUESTIONS),
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
            analysis_module("samtalene i klasserommet"),
        ),
    ),
    LEADING_DEVELOPMENT_PACKAGE,
    LEADING_GROUPS_PACKAGE,
)
