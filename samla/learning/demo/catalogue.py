"""The demo catalogue's shape: modules and packages as plain data, their kinds and
audiences, the package titles, and the two modules every package has in common (the
leaders' preparation and a pedagogical analysis). The packages themselves are in
``packages_*``, the multi-year plan and conditions in ``plans``.

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


def preparation(title: str) -> DemoModule:
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


def analysis_module(theme: str) -> DemoModule:
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
