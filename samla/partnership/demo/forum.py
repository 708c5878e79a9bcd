"""The partnership demo: the forum's autumn meeting (held, with agenda, minutes and two
decisions: one by consensus, one by vote 3–0–0 without names) and a meeting planned for
January."""

from __future__ import annotations

from datetime import date

from ..models import Decision, DecisionMethod, Forum, ForumMeeting
from . import base

AUTUMN = date(2026, 10, 15)
JANUARY = date(2027, 1, 21)
AGENDA = (
    "1. Velkommen og godkjenning av innkalling\n"
    "2. Erfaringer med partnerskapene høsten 2026\n"
    "3. Fordeling av midler til koordinator\n"
    "4. Plan for behovsmeldingene 2027"
)
MINUTES = (
    "Til stede: eier (Hamar kommune), HINN, Utdanningsforbundet; Statsforvalteren uten "
    "stemmerett.\n"
    "Sak 2: Hamar og Stange la fram erfaringer med klasseledelse og lesing. HINN legger til "
    "rette for felles samlinger.\n"
    "Sak 3: Forumet stemte over koordinatorandelen.\n"
    "Sak 4: Behovsmeldingene sendes innen 1. februar."
)
DECISIONS = (
    (1, "Erfaringer høsten 2026", "Forumet tar erfaringene til orientering.", None),
    (
        2,
        "Koordinator",
        "Inntil 10 % av statstilskuddet brukes til en felles koordinator i 2027.",
        (3, 0, 0),
    ),
)


def build() -> dict[str, int]:
    forum = Forum.objects.get(programme=base.programme(), name=base.FORUM)
    held, created = ForumMeeting.objects.get_or_create(
        forum=forum,
        date=AUTUMN,
        defaults={"place": "Hamar rådhus", "agenda": AGENDA, "minutes": MINUTES},
    )
    if created:
        for order, title, text, counts in DECISIONS:
            decision = Decision(meeting=held, order=order, title=title, text=text)
            if counts:
                decision.method = DecisionMethod.VOTE
                decision.votes_for, decision.votes_against, decision.abstentions = counts
            decision.save()
    ForumMeeting.objects.get_or_create(
        forum=forum,
        date=JANUARY,
        defaults={
            "place": "Høgskolen i Innlandet, Hamar",
            "agenda": "1. Behovsmeldingene 2027\n2. Utkast til innstilling for 2027/2028",
        },
    )
    return {
        "forum meetings": forum.meetings.count(),
        "forum decisions": Decision.objects.filter(meeting__forum=forum).count(),
    }
