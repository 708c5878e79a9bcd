"""The demo's two packages for leaders, in both programmes: leading collective competence
development (the unit's leaders) and leading learning groups (the group leaders)."""

from __future__ import annotations

from .catalogue import (
    CLOSING,
    GROUP_LEADERS,
    LEADERS,
    LEADING_DEVELOPMENT,
    LEADING_GROUPS,
    SUBJECT,
    DemoModule,
    DemoPackage,
)

LEADING_DEVELOPMENT_PACKAGE = DemoPackage(
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

LEADING_GROUPS_PACKAGE = DemoPackage(
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
