"""Write Samla's sample questionnaires as XLSForm workbooks next to this script.

Run ``python samla/surveys/library/build_library.py`` after changing the texts below. The
questions are written for Samla (not taken from any published survey). The output is
byte-for-byte the same on every run (fixed timestamps), so git shows only real changes.

Each form follows the conventions in :mod:`samla.surveys.xlsform`: labels in nb, nn and en;
a top-level group per page; Likert lists named 1..N (plus ``dk``); the index of each item in
``instance::scale`` and its name on the ``scales`` sheet; questions for young children with
``appearance`` ``symbols`` and a ``symbol`` per choice. Optional columns (``appearance``,
``symbol``) are written only in forms that use them.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

# Index codes shared between forms: the same construct seen by several groups, shown side by
# side on the results pages. Keep a code when the construct is the same; pick a new one when
# it is not (a teacher's own mastery is not the pupils' mastery).
#   trivsel         wellbeing (the child's)           pupil_5_7, pupil_8_10, guardian, kg_guardian
#   laererstotte    support from teachers             pupil_5_7, pupil_8_10
#   relasjon        teacher/adult–pupil relationship  pupil_8_10, teacher, assistant
#   arbeidsro       calm to work, classroom leadership pupil_5_7, pupil_8_10, teacher
#   stotte_hjemme   support from home                 pupil_8_10, guardian
#   hjem_skole      home–school cooperation           guardian, teacher
#   informasjon     information to guardians          guardian, kg_guardian
#   samarbeid       collaboration among staff         teacher, assistant, kg_staff
#   ledelse         leadership                        teacher, assistant, school_leader,
#                                                     kg_staff, kg_leader
#   eiersamarbeid   cooperation with the owner        school_leader, kg_leader
#   utvikling       collective development            school_leader, kg_leader
#   resultatbruk    use of results                    school_leader, kg_leader
#   lek_relasjoner  play and relationships            kg_staff, kg_guardian
#   hjem_barnehage  home–kindergarten cooperation     kg_staff, kg_guardian
# One form only: faglig_trivsel, mestring (pupil_8_10), egen_mestring (teacher), rolleklarhet
# (assistant), sprakarbeid (kg_staff), sprak and sosial (kg_child_rating). The child interview
# (kg_child) has no index: its 3-button symbol lists are not Likert lists (4 or 5 points), so
# its item codes (trivsel_*, lek_*, voksne_*) only prepare for one.

HERE = Path(__file__).resolve().parent
FIXED_TIME = (2026, 1, 1, 0, 0, 0)
LANGUAGES = ("nb", "nn", "en")
# Written only when some row of the form uses them, so older files keep their bytes.
OPTIONAL_SURVEY_COLUMNS = ("appearance",)
SURVEY_COLUMNS = (
    "type",
    "name",
    "label::nb",
    "label::nn",
    "label::en",
    "hint::nb",
    "hint::nn",
    "hint::en",
    "required",
    "relevant",
    "constraint",
    "appearance",
    "instance::scale",
    "instance::reversed",
)

# Texts are (nb, nn, en).
AGREE_4 = [
    ("1", ("Helt uenig", "Heilt usamd", "Strongly disagree")),
    ("2", ("Litt uenig", "Litt usamd", "Somewhat disagree")),
    ("3", ("Litt enig", "Litt samd", "Somewhat agree")),
    ("4", ("Helt enig", "Heilt samd", "Strongly agree")),
]
DONT_KNOW = ("dk", ("Vet ikke", "Veit ikkje", "Don't know"))
YES_NO = [("ja", ("Ja", "Ja", "Yes")), ("nei", ("Nei", "Nei", "No"))]
EXTENT_5 = [
    ("1", ("I svært liten grad", "I svært liten grad", "To a very small extent")),
    ("2", ("I liten grad", "I liten grad", "To a small extent")),
    ("3", ("I noen grad", "I nokon grad", "To some extent")),
    ("4", ("I stor grad", "I stor grad", "To a large extent")),
    ("5", ("I svært stor grad", "I svært stor grad", "To a very large extent")),
]


def page(name, title, *rows):
    return [{"type": "begin_group", "name": name, "label": title}, *rows, {"type": "end_group"}]


def likert(name, label, scale=None, *, choices="enig4", reversed_=False, relevant=None):
    return {
        "type": f"select_one {choices}",
        "name": name,
        "label": label,
        "instance::scale": scale,
        "instance::reversed": "yes" if reversed_ else None,
        "relevant": relevant,
        # A Likert item outside every index says so itself; the reader does not guess.
        "appearance": None if scale else "likert",
    }


PUPIL_5_7 = {
    "file": "elev_5_7.xlsx",
    "settings": {
        "form_id": "samla_elev_5_7",
        "version": "2026.1",
        "title": (
            "Samla – spørsmål til elever på 5.–7. trinn",
            "Samla – spørsmål til elevar på 5.–7. trinn",
            "Samla – questions for pupils in years 5–7",
        ),
        "respondent_group": "pupil_5_7",
    },
    "survey": [
        *page(
            "skolen",
            ("Skolen", "Skulen", "School"),
            likert(
                "trivsel_1",
                ("Jeg trives på skolen.", "Eg trivst på skulen.", "I like being at school."),
                "trivsel",
            ),
            likert(
                "trivsel_2",
                (
                    "Jeg har noen å være sammen med i friminuttene.",
                    "Eg har nokon å vere saman med i friminutta.",
                    "I have someone to be with during breaks.",
                ),
                "trivsel",
            ),
            likert(
                "trivsel_3",
                (
                    "Jeg gruer meg til å gå på skolen.",
                    "Eg gruar meg til å gå på skulen.",
                    "I dread going to school.",
                ),
                "trivsel",
                reversed_=True,
            ),
            likert(
                "trivsel_4",
                (
                    "Jeg føler meg trygg på skolen.",
                    "Eg kjenner meg trygg på skulen.",
                    "I feel safe at school.",
                ),
                "trivsel",
            ),
            likert(
                "voksne_griper_inn",
                (
                    "De voksne på skolen gjør noe når noen blir plaget.",
                    "Dei vaksne på skulen gjer noko når nokon blir plaga.",
                    "The adults at school do something when someone is being picked on.",
                ),
                choices="enig4_vetikke",
            ),
            {
                "type": "select_one ja_nei",
                "name": "ny_i_klassen",
                "label": (
                    "Begynte du i klassen din dette skoleåret?",
                    "Byrja du i klassen din dette skuleåret?",
                    "Did you join your class this school year?",
                ),
            },
        ),
        *page(
            "laererne",
            ("Lærerne og klassen", "Lærarane og klassen", "Teachers and class"),
            likert(
                "tatt_imot",
                (
                    "Jeg ble godt tatt imot da jeg begynte i klassen.",
                    "Eg vart godt teken imot då eg byrja i klassen.",
                    "I was made welcome when I joined the class.",
                ),
                relevant="${ny_i_klassen} = 'ja'",
            ),
            likert(
                "laerer_1",
                (
                    "Lærerne mine hjelper meg når jeg står fast.",
                    "Lærarane mine hjelper meg når eg står fast.",
                    "My teachers help me when I get stuck.",
                ),
                "laererstotte",
            ),
            likert(
                "laerer_2",
                (
                    "Lærerne mine har tro på at jeg kan lære mye.",
                    "Lærarane mine har tru på at eg kan lære mykje.",
                    "My teachers believe that I can learn a lot.",
                ),
                "laererstotte",
            ),
            likert(
                "laerer_3",
                (
                    "Lærerne mine forklarer slik at jeg forstår.",
                    "Lærarane mine forklarer slik at eg forstår.",
                    "My teachers explain things so that I understand.",
                ),
                "laererstotte",
            ),
            likert(
                "laerer_4",
                (
                    "Lærerne mine sier fra når jeg har gjort noe bra.",
                    "Lærarane mine seier frå når eg har gjort noko bra.",
                    "My teachers tell me when I have done something well.",
                ),
                "laererstotte",
            ),
        ),
        *page(
            "timene",
            ("I timene", "I timane", "In lessons"),
            likert(
                "arbeidsro_1",
                (
                    "Det er stille i klassen når vi skal jobbe hver for oss.",
                    "Det er stille i klassen når vi skal jobbe kvar for oss.",
                    "The class is quiet when we are meant to work on our own.",
                ),
                "arbeidsro",
            ),
            likert(
                "arbeidsro_2",
                (
                    "Timene kommer raskt i gang etter friminuttet.",
                    "Timane kjem raskt i gang etter friminuttet.",
                    "Lessons get going quickly after the break.",
                ),
                "arbeidsro",
            ),
            likert(
                "arbeidsro_3",
                (
                    "Det er lett å konsentrere seg i timene.",
                    "Det er lett å konsentrere seg i timane.",
                    "It is easy to concentrate in lessons.",
                ),
                "arbeidsro",
            ),
        ),
    ],
    "choices": {"enig4": AGREE_4, "enig4_vetikke": [*AGREE_4, DONT_KNOW], "ja_nei": YES_NO},
    "scales": [
        ("trivsel", ("Trivsel på skolen", "Trivsel på skulen", "Wellbeing at school")),
        ("laererstotte", ("Støtte fra lærer", "Støtte frå lærar", "Support from teachers")),
        ("arbeidsro", ("Arbeidsro i timene", "Arbeidsro i timane", "Calm to work in lessons")),
    ],
}


def extent(name, label, scale, *, reversed_=False):
    return likert(name, label, scale, choices="grad5", reversed_=reversed_)


CHILD_RATING = {
    "file": "barnehage_vurdering_barn.xlsx",
    "settings": {
        "form_id": "samla_barnehage_vurdering_barn",
        "version": "2026.1",
        "title": (
            "Samla – vurdering av barnets språk og sosiale kompetanse",
            "Samla – vurdering av språket og den sosiale kompetansen til barnet",
            "Samla – rating of the child's language and social competence",
        ),
        "respondent_group": "kg_child_rating",
    },
    "survey": [
        *page(
            "om_barnet",
            ("Om barnet", "Om barnet", "About the child"),
            {
                "type": "note",
                "name": "innledning",
                "label": (
                    "Tenk på hvordan barnet har vært i barnehagen de siste månedene.",
                    "Tenk på korleis barnet har vore i barnehagen dei siste månadene.",
                    "Think about how the child has been in the kindergarten in recent months.",
                ),
            },
            {
                "type": "integer",
                "name": "alder",
                "label": (
                    "Hvor gammelt er barnet?",
                    "Kor gammalt er barnet?",
                    "How old is the child?",
                ),
                "hint": ("Alder i hele år", "Alder i heile år", "Age in whole years"),
                "constraint": ". >= 1 and . <= 6",
            },
        ),
        *page(
            "sprak",
            ("Språk", "Språk", "Language"),
            extent(
                "sprak_1",
                (
                    "Barnet forteller om noe det har opplevd, slik at andre forstår.",
                    "Barnet fortel om noko det har opplevd, slik at andre forstår.",
                    "The child tells about something they have experienced so that others "
                    "understand.",
                ),
                "sprak",
            ),
            extent(
                "sprak_2",
                (
                    "Barnet forstår beskjeder som blir gitt til hele gruppen.",
                    "Barnet forstår beskjedar som blir gitt til heile gruppa.",
                    "The child understands instructions given to the whole group.",
                ),
                "sprak",
            ),
            extent(
                "sprak_3",
                (
                    "Barnet bruker et variert ordforråd for alderen sin.",
                    "Barnet bruker eit variert ordforråd for alderen sin.",
                    "The child uses a varied vocabulary for their age.",
                ),
                "sprak",
            ),
            extent(
                "sprak_4",
                (
                    "Barnet viser interesse for bøker, rim og fortellinger.",
                    "Barnet viser interesse for bøker, rim og forteljingar.",
                    "The child shows interest in books, rhymes and stories.",
                ),
                "sprak",
            ),
        ),
        *page(
            "sosial",
            ("Sosial kompetanse", "Sosial kompetanse", "Social competence"),
            extent(
                "sosial_1",
                (
                    "Barnet tar initiativ til lek med andre barn.",
                    "Barnet tek initiativ til leik med andre barn.",
                    "The child takes the initiative to play with other children.",
                ),
                "sosial",
            ),
            extent(
                "sosial_2",
                (
                    "Barnet venter på tur i lek og samtaler.",
                    "Barnet ventar på tur i leik og samtalar.",
                    "The child waits for their turn in play and conversation.",
                ),
                "sosial",
            ),
            extent(
                "sosial_3",
                (
                    "Barnet viser omsorg når et annet barn er lei seg.",
                    "Barnet viser omsorg når eit anna barn er lei seg.",
                    "The child shows care when another child is upset.",
                ),
                "sosial",
            ),
            extent(
                "sosial_4",
                (
                    "Barnet finner løsninger på uenighet uten hjelp fra voksne.",
                    "Barnet finn løysingar på usemje utan hjelp frå vaksne.",
                    "The child resolves disagreements without help from adults.",
                ),
                "sosial",
            ),
            extent(
                "sosial_5",
                (
                    "Barnet blir med når andre barn inviterer til lek.",
                    "Barnet blir med når andre barn inviterer til leik.",
                    "The child joins in when other children invite them to play.",
                ),
                "sosial",
            ),
        ),
    ],
    "choices": {"grad5": EXTENT_5},
    "scales": [
        ("sprak", ("Språklig kompetanse", "Språkleg kompetanse", "Language competence")),
        ("sosial", ("Sosial kompetanse", "Sosial kompetanse", "Social competence")),
    ],
}


def note(name, label):
    return {"type": "note", "name": name, "label": label}


def select(name, label, choices, *, relevant=None, multiple=False):
    kind = "select_multiple" if multiple else "select_one"
    return {"type": f"{kind} {choices}", "name": name, "label": label, "relevant": relevant}


def symbols(name, label, choices, *, relevant=None):
    """A question for young children: large buttons, each with a picture."""
    return {**select(name, label, choices, relevant=relevant), "appearance": "symbols"}


GRADE_BANDS = [
    ("t1_4", ("1.–4. trinn", "1.–4. trinn", "Years 1–4")),
    ("t5_7", ("5.–7. trinn", "5.–7. trinn", "Years 5–7")),
    ("t8_10", ("8.–10. trinn", "8.–10. trinn", "Years 8–10")),
]
# Named 1..5 so that "at least a few times a month" is ``>= 3`` in a condition; not an index.
FREQUENCY_5 = [
    ("1", ("Aldri", "Aldri", "Never")),
    ("2", ("En eller to ganger", "Ein eller to gonger", "Once or twice")),
    ("3", ("Noen ganger i måneden", "Nokre gonger i månaden", "A few times a month")),
    ("4", ("Omtrent hver uke", "Omtrent kvar veke", "About every week")),
    ("5", ("Flere ganger i uken", "Fleire gonger i veka", "Several times a week")),
]
YES_NO_FIRST_ROUND = [
    *YES_NO,
    ("forste", ("Dette er første runde", "Dette er første runden", "This is the first round")),
]

# --- pupils in years 8–10 ----------------------------------------------------------------

PUPIL_8_10 = {
    "file": "elev_8_10.xlsx",
    "settings": {
        "form_id": "samla_elev_8_10",
        "version": "2026.1",
        "title": (
            "Samla – spørsmål til elever på 8.–10. trinn",
            "Samla – spørsmål til elevar på 8.–10. trinn",
            "Samla – questions for pupils in years 8–10",
        ),
        "respondent_group": "pupil_8_10",
    },
    "survey": [
        *page(
            "skolen",
            ("Skolen og klassen", "Skulen og klassen", "School and class"),
            likert(
                "trivsel_1",
                (
                    "Jeg har minst én god venn på skolen.",
                    "Eg har minst éin god ven på skulen.",
                    "I have at least one good friend at school.",
                ),
                "trivsel",
            ),
            likert(
                "trivsel_2",
                (
                    "Jeg føler meg utenfor på skolen.",
                    "Eg kjenner meg utanfor på skulen.",
                    "I feel left out at school.",
                ),
                "trivsel",
                reversed_=True,
            ),
            likert(
                "trivsel_3",
                (
                    "Jeg kan være meg selv på skolen.",
                    "Eg kan vere meg sjølv på skulen.",
                    "I can be myself at school.",
                ),
                "trivsel",
            ),
            likert(
                "trivsel_4",
                (
                    "Jeg føler meg trygg både i timene og i friminuttene.",
                    "Eg kjenner meg trygg både i timane og i friminutta.",
                    "I feel safe both in lessons and during breaks.",
                ),
                "trivsel",
            ),
        ),
        *page(
            "skolearbeidet",
            ("Skolearbeidet", "Skulearbeidet", "Schoolwork"),
            likert(
                "faglig_1",
                (
                    "Jeg gleder meg til mange av timene.",
                    "Eg gler meg til mange av timane.",
                    "I look forward to many of my lessons.",
                ),
                "faglig_trivsel",
            ),
            likert(
                "faglig_2",
                (
                    "Det vi lærer på skolen, er interessant.",
                    "Det vi lærer på skulen, er interessant.",
                    "What we learn at school is interesting.",
                ),
                "faglig_trivsel",
            ),
            likert(
                "faglig_3",
                (
                    "Jeg kjeder meg i de fleste timene.",
                    "Eg kjeder meg i dei fleste timane.",
                    "I am bored in most lessons.",
                ),
                "faglig_trivsel",
                reversed_=True,
            ),
            likert(
                "mestring_1",
                (
                    "Jeg klarer det meste av skolearbeidet hvis jeg prøver.",
                    "Eg klarer det meste av skulearbeidet om eg prøver.",
                    "I can manage most of my schoolwork if I try.",
                ),
                "mestring",
            ),
            likert(
                "mestring_2",
                (
                    "Jeg gir ikke opp selv om en oppgave er vanskelig.",
                    "Eg gir ikkje opp sjølv om ei oppgåve er vanskeleg.",
                    "I keep going even when a task is hard.",
                ),
                "mestring",
            ),
            likert(
                "mestring_3",
                (
                    "Jeg vet hva jeg må gjøre for å bli bedre i fagene.",
                    "Eg veit kva eg må gjere for å bli betre i faga.",
                    "I know what I need to do to improve in my subjects.",
                ),
                "mestring",
            ),
        ),
        *page(
            "laererne",
            ("Lærerne", "Lærarane", "Teachers"),
            likert(
                "laerer_1",
                (
                    "Lærerne gir meg tilbakemeldinger jeg kan bruke.",
                    "Lærarane gir meg tilbakemeldingar eg kan bruke.",
                    "My teachers give me feedback I can use.",
                ),
                "laererstotte",
            ),
            likert(
                "laerer_2",
                (
                    "Lærerne forklarer på en annen måte når jeg ikke forstår.",
                    "Lærarane forklarer på ein annan måte når eg ikkje forstår.",
                    "My teachers explain in another way when I don't understand.",
                ),
                "laererstotte",
            ),
            likert(
                "laerer_3",
                (
                    "Jeg får hjelp i timene når jeg trenger det.",
                    "Eg får hjelp i timane når eg treng det.",
                    "I get help in lessons when I need it.",
                ),
                "laererstotte",
            ),
            likert(
                "relasjon_1",
                (
                    "Lærerne bryr seg om hvordan jeg har det.",
                    "Lærarane bryr seg om korleis eg har det.",
                    "My teachers care about how I am doing.",
                ),
                "relasjon",
            ),
            likert(
                "relasjon_2",
                (
                    "Jeg stoler på lærerne mine.",
                    "Eg stolar på lærarane mine.",
                    "I trust my teachers.",
                ),
                "relasjon",
            ),
            likert(
                "relasjon_3",
                (
                    "Jeg synes det er vanskelig å snakke med lærerne mine.",
                    "Eg synest det er vanskeleg å snakke med lærarane mine.",
                    "I find it hard to talk to my teachers.",
                ),
                "relasjon",
                reversed_=True,
            ),
        ),
        *page(
            "timene",
            ("I timene", "I timane", "In lessons"),
            likert(
                "arbeidsro_1",
                (
                    "Det er ro i klassen når læreren snakker.",
                    "Det er ro i klassen når læraren snakkar.",
                    "The class is calm when the teacher is speaking.",
                ),
                "arbeidsro",
            ),
            likert(
                "arbeidsro_2",
                (
                    "Vi kan jobbe uten å bli forstyrret av uro.",
                    "Vi kan jobbe utan å bli forstyrra av uro.",
                    "We can work without being disturbed by noise.",
                ),
                "arbeidsro",
            ),
            likert(
                "arbeidsro_3",
                (
                    "Mye av tiden i timene går bort til bråk.",
                    "Mykje av tida i timane går bort til bråk.",
                    "A lot of lesson time is lost to noise and disruption.",
                ),
                "arbeidsro",
                reversed_=True,
            ),
        ),
        *page(
            "plaging",
            ("Plaging og mobbing", "Plaging og mobbing", "Bullying"),
            note(
                "plaging_intro",
                (
                    "Tenk på tiden siden skolestart i høst.",
                    "Tenk på tida sidan skulestart i haust.",
                    "Think about the time since school started this autumn.",
                ),
            ),
            select(
                "plaget_elever",
                (
                    "Hvor ofte har andre elever plaget deg, truet deg eller holdt deg utenfor?",
                    "Kor ofte har andre elevar plaga deg, truga deg eller halde deg utanfor?",
                    "How often have other pupils picked on you, threatened you or left you out?",
                ),
                "hyppighet5",
            ),
            select(
                "plaget_digitalt",
                (
                    "Hvor ofte har noen fra skolen plaget deg på nett eller mobil?",
                    "Kor ofte har nokon frå skulen plaga deg på nett eller mobil?",
                    "How often has someone from school picked on you online or by phone?",
                ),
                "hyppighet5",
            ),
            select(
                "plaget_voksne",
                (
                    "Hvor ofte har en voksen på skolen sagt eller gjort noe som såret deg?",
                    "Kor ofte har ein vaksen på skulen sagt eller gjort noko som såra deg?",
                    "How often has an adult at school said or done something that hurt you?",
                ),
                "hyppighet5",
            ),
            select(
                "voksne_vet",
                (
                    "Vet en voksen på skolen om det som har skjedd?",
                    "Veit ein vaksen på skulen om det som har hendt?",
                    "Does an adult at school know about what has happened?",
                ),
                "ja_nei",
                relevant=(
                    "${plaget_elever} >= 2 or ${plaget_digitalt} >= 2 or ${plaget_voksne} >= 2"
                ),
            ),
            likert(
                "vet_hvem",
                (
                    "Jeg vet hvem jeg kan si fra til hvis noen blir plaget.",
                    "Eg veit kven eg kan seie frå til dersom nokon blir plaga.",
                    "I know who to tell if someone is being picked on.",
                ),
            ),
        ),
        *page(
            "hjemme",
            ("Hjemme", "Heime", "At home"),
            likert(
                "hjemme_1",
                (
                    "De voksne hjemme er interessert i hva jeg gjør på skolen.",
                    "Dei vaksne heime er interesserte i kva eg gjer på skulen.",
                    "The adults at home are interested in what I do at school.",
                ),
                "stotte_hjemme",
            ),
            likert(
                "hjemme_2",
                (
                    "Jeg kan få hjelp hjemme når jeg står fast med skolearbeidet.",
                    "Eg kan få hjelp heime når eg står fast med skulearbeidet.",
                    "I can get help at home when I am stuck with schoolwork.",
                ),
                "stotte_hjemme",
            ),
            likert(
                "hjemme_3",
                (
                    "De voksne hjemme oppmuntrer meg når skolen er vanskelig.",
                    "Dei vaksne heime oppmuntrar meg når skulen er vanskeleg.",
                    "The adults at home encourage me when school is hard.",
                ),
                "stotte_hjemme",
            ),
        ),
    ],
    "choices": {"enig4": AGREE_4, "hyppighet5": FREQUENCY_5, "ja_nei": YES_NO},
    "scales": [
        ("trivsel", ("Trivsel på skolen", "Trivsel på skulen", "Wellbeing at school")),
        ("faglig_trivsel", ("Faglig trivsel", "Fagleg trivsel", "Enjoyment of schoolwork")),
        (
            "mestring",
            ("Motivasjon og mestring", "Motivasjon og meistring", "Motivation and mastery"),
        ),
        ("laererstotte", ("Støtte fra lærer", "Støtte frå lærar", "Support from teachers")),
        (
            "relasjon",
            (
                "Relasjon mellom lærer og elev",
                "Relasjon mellom lærar og elev",
                "Teacher–pupil relationship",
            ),
        ),
        ("arbeidsro", ("Arbeidsro i timene", "Arbeidsro i timane", "Calm to work in lessons")),
        ("stotte_hjemme", ("Støtte hjemmefra", "Støtte heimanfrå", "Support from home")),
    ],
}

# --- guardians of school pupils ----------------------------------------------------------

GUARDIAN_SCHOOL = {
    "file": "foresatte_skole.xlsx",
    "settings": {
        "form_id": "samla_foresatte_skole",
        "version": "2026.1",
        "title": (
            "Samla – spørsmål til foresatte i skolen",
            "Samla – spørsmål til føresette i skulen",
            "Samla – questions for parents and guardians of school pupils",
        ),
        "respondent_group": "guardian",
    },
    "survey": [
        *page(
            "barnet",
            ("Barnet ditt", "Barnet ditt", "Your child"),
            note(
                "innledning",
                (
                    "Tenk på barnet ditt og skolen det går på nå. Svar «Vet ikke» hvis du ikke "
                    "har grunnlag for å svare.",
                    "Tenk på barnet ditt og skulen det går på no. Svar «Veit ikkje» dersom du "
                    "ikkje har grunnlag for å svare.",
                    "Think about your child and the school they attend now. Answer "
                    "\u201cDon't know\u201d if you have no basis for answering.",
                ),
            ),
            select(
                "trinn",
                (
                    "Hvilket trinn går barnet ditt på?",
                    "Kva trinn går barnet ditt på?",
                    "Which year is your child in?",
                ),
                "trinn",
            ),
            likert(
                "trivsel_1",
                (
                    "Barnet mitt trives på skolen.",
                    "Barnet mitt trivst på skulen.",
                    "My child is happy at school.",
                ),
                "trivsel",
                choices="enig4_vetikke",
            ),
            likert(
                "trivsel_2",
                (
                    "Barnet mitt har venner å være sammen med på skolen.",
                    "Barnet mitt har vener å vere saman med på skulen.",
                    "My child has friends to spend time with at school.",
                ),
                "trivsel",
                choices="enig4_vetikke",
            ),
            likert(
                "trivsel_3",
                (
                    "Barnet mitt gruer seg til å gå på skolen.",
                    "Barnet mitt gruar seg til å gå på skulen.",
                    "My child dreads going to school.",
                ),
                "trivsel",
                choices="enig4_vetikke",
                reversed_=True,
            ),
            likert(
                "trivsel_4",
                (
                    "Barnet mitt er trygt på skolen.",
                    "Barnet mitt er trygt på skulen.",
                    "My child is safe at school.",
                ),
                "trivsel",
                choices="enig4_vetikke",
            ),
        ),
        *page(
            "bekymring",
            ("Hvis du har vært bekymret", "Om du har vore uroleg", "If you have been worried"),
            select(
                "bekymret",
                (
                    "Har du vært bekymret for hvordan barnet ditt har det på skolen dette "
                    "skoleåret?",
                    "Har du vore uroleg for korleis barnet ditt har det på skulen dette skuleåret?",
                    "Have you been worried about how your child is doing at school this school "
                    "year?",
                ),
                "ja_nei",
            ),
            select(
                "tatt_opp",
                (
                    "Har du tatt det opp med skolen?",
                    "Har du teke det opp med skulen?",
                    "Have you raised it with the school?",
                ),
                "ja_nei",
                relevant="${bekymret} = 'ja'",
            ),
            likert(
                "fulgt_opp",
                (
                    "Skolen fulgte opp det jeg tok opp, på en god måte.",
                    "Skulen følgde opp det eg tok opp, på ein god måte.",
                    "The school followed up what I raised in a good way.",
                ),
                choices="enig4_vetikke",
                relevant="${tatt_opp} = 'ja'",
            ),
        ),
        *page(
            "samarbeid",
            ("Samarbeid med skolen", "Samarbeid med skulen", "Working with the school"),
            likert(
                "hjem_skole_1",
                (
                    "Jeg blir tatt med på råd om det som gjelder barnet mitt.",
                    "Eg blir teken med på råd om det som gjeld barnet mitt.",
                    "I am consulted on matters that concern my child.",
                ),
                "hjem_skole",
                choices="enig4_vetikke",
            ),
            likert(
                "hjem_skole_2",
                (
                    "Det er lett å ta kontakt med lærerne.",
                    "Det er lett å ta kontakt med lærarane.",
                    "It is easy to get in touch with the teachers.",
                ),
                "hjem_skole",
                choices="enig4_vetikke",
            ),
            likert(
                "hjem_skole_3",
                (
                    "Skolen lytter til det jeg forteller om barnet mitt.",
                    "Skulen lyttar til det eg fortel om barnet mitt.",
                    "The school listens to what I tell them about my child.",
                ),
                "hjem_skole",
                choices="enig4_vetikke",
            ),
            likert(
                "hjem_skole_4",
                (
                    "Jeg opplever at skolen og hjemmet drar i hver sin retning.",
                    "Eg opplever at skulen og heimen dreg i kvar si retning.",
                    "I feel that school and home pull in different directions.",
                ),
                "hjem_skole",
                choices="enig4_vetikke",
                reversed_=True,
            ),
        ),
        *page(
            "informasjon",
            ("Informasjon", "Informasjon", "Information"),
            likert(
                "info_1",
                (
                    "Jeg får vite hva barnet mitt skal lære i fagene.",
                    "Eg får vite kva barnet mitt skal lære i faga.",
                    "I am told what my child is going to learn in each subject.",
                ),
                "informasjon",
                choices="enig4_vetikke",
            ),
            likert(
                "info_2",
                (
                    "Jeg får god informasjon om hvordan barnet mitt ligger an faglig.",
                    "Eg får god informasjon om korleis barnet mitt ligg an fagleg.",
                    "I get good information about how my child is doing in their subjects.",
                ),
                "informasjon",
                choices="enig4_vetikke",
            ),
            likert(
                "info_3",
                (
                    "Jeg får beskjed raskt hvis noe har skjedd med barnet mitt på skolen.",
                    "Eg får melding raskt dersom noko har hendt med barnet mitt på skulen.",
                    "I am told quickly if something has happened to my child at school.",
                ),
                "informasjon",
                choices="enig4_vetikke",
            ),
            likert(
                "info_4",
                (
                    "Det er vanskelig å finne fram i beskjedene fra skolen.",
                    "Det er vanskeleg å finne fram i meldingane frå skulen.",
                    "It is hard to find my way through the messages from school.",
                ),
                "informasjon",
                choices="enig4_vetikke",
                reversed_=True,
            ),
        ),
        *page(
            "hjemme",
            ("Hjemme", "Heime", "At home"),
            likert(
                "hjemme_1",
                (
                    "Jeg spør barnet mitt om hva det har gjort på skolen.",
                    "Eg spør barnet mitt om kva det har gjort på skulen.",
                    "I ask my child what they have done at school.",
                ),
                "stotte_hjemme",
            ),
            likert(
                "hjemme_2",
                (
                    "Jeg har tid til å hjelpe barnet mitt med skolearbeid når det trenger det.",
                    "Eg har tid til å hjelpe barnet mitt med skulearbeid når det treng det.",
                    "I have time to help my child with schoolwork when they need it.",
                ),
                "stotte_hjemme",
            ),
            likert(
                "hjemme_3",
                (
                    "Jeg vet hvordan jeg kan støtte barnet mitt i skolearbeidet.",
                    "Eg veit korleis eg kan støtte barnet mitt i skulearbeidet.",
                    "I know how I can support my child with schoolwork.",
                ),
                "stotte_hjemme",
            ),
            likert(
                "hjemme_4",
                (
                    "Jeg viser barnet mitt at skolen er viktig.",
                    "Eg viser barnet mitt at skulen er viktig.",
                    "I show my child that school matters.",
                ),
                "stotte_hjemme",
            ),
        ),
    ],
    "choices": {
        "enig4": AGREE_4,
        "enig4_vetikke": [*AGREE_4, DONT_KNOW],
        "ja_nei": YES_NO,
        "trinn": GRADE_BANDS,
    },
    "scales": [
        ("trivsel", ("Barnets trivsel", "Trivselen til barnet", "The child's wellbeing")),
        (
            "hjem_skole",
            (
                "Samarbeid mellom hjem og skole",
                "Samarbeid mellom heim og skule",
                "Home–school cooperation",
            ),
        ),
        (
            "informasjon",
            ("Informasjon fra skolen", "Informasjon frå skulen", "Information from the school"),
        ),
        ("stotte_hjemme", ("Støtte hjemmefra", "Støtte heimanfrå", "Support from home")),
    ],
}

# --- teachers ------------------------------------------------------------------------------

TEACHER = {
    "file": "laerer.xlsx",
    "settings": {
        "form_id": "samla_laerer",
        "version": "2026.1",
        "title": (
            "Samla – spørsmål til lærere",
            "Samla – spørsmål til lærarar",
            "Samla – questions for teachers",
        ),
        "respondent_group": "teacher",
    },
    "survey": [
        *page(
            "kolleger",
            ("Samarbeid med kolleger", "Samarbeid med kollegaer", "Working with colleagues"),
            select(
                "trinn",
                (
                    "Hvilke trinn underviser du mest på?",
                    "Kva trinn underviser du mest på?",
                    "Which years do you mostly teach?",
                ),
                "trinn",
            ),
            likert(
                "samarbeid_1",
                (
                    "Vi lærere planlegger undervisningen sammen.",
                    "Vi lærarar planlegg undervisninga saman.",
                    "We teachers plan our teaching together.",
                ),
                "samarbeid",
            ),
            likert(
                "samarbeid_2",
                (
                    "Vi deler erfaringer om hva som virker for elevene.",
                    "Vi deler erfaringar om kva som verkar for elevane.",
                    "We share experience of what works for the pupils.",
                ),
                "samarbeid",
            ),
            likert(
                "samarbeid_3",
                (
                    "Jeg får nyttige innspill fra kolleger på min egen undervisning.",
                    "Eg får nyttige innspel frå kollegaer på mi eiga undervisning.",
                    "I get useful input from colleagues on my own teaching.",
                ),
                "samarbeid",
            ),
            likert(
                "samarbeid_4",
                (
                    "Jeg står mye alene med utfordringer i klassen.",
                    "Eg står mykje åleine med utfordringar i klassen.",
                    "I am often left alone with challenges in my class.",
                ),
                "samarbeid",
                reversed_=True,
            ),
        ),
        *page(
            "klasserommet",
            ("I klasserommet", "I klasserommet", "In the classroom"),
            likert(
                "arbeidsro_1",
                (
                    "Jeg har tydelige regler og rutiner som elevene kjenner.",
                    "Eg har tydelege reglar og rutinar som elevane kjenner.",
                    "I have clear rules and routines that the pupils know.",
                ),
                "arbeidsro",
            ),
            likert(
                "arbeidsro_2",
                (
                    "Timene mine kommer raskt i gang.",
                    "Timane mine kjem raskt i gang.",
                    "My lessons get going quickly.",
                ),
                "arbeidsro",
            ),
            likert(
                "arbeidsro_3",
                (
                    "Elevene kan arbeide i ro i timene mine.",
                    "Elevane kan arbeide i ro i timane mine.",
                    "Pupils can work in peace in my lessons.",
                ),
                "arbeidsro",
            ),
            likert(
                "arbeidsro_4",
                (
                    "Jeg bruker mye tid på å få ro i klassen.",
                    "Eg bruker mykje tid på å få ro i klassen.",
                    "I spend a lot of time getting the class to settle.",
                ),
                "arbeidsro",
                reversed_=True,
            ),
        ),
        *page(
            "elevene",
            ("Elevene", "Elevane", "The pupils"),
            likert(
                "relasjon_1",
                (
                    "Jeg kjenner elevene mine godt.",
                    "Eg kjenner elevane mine godt.",
                    "I know my pupils well.",
                ),
                "relasjon",
            ),
            likert(
                "relasjon_2",
                (
                    "Elevene kommer til meg når noe er vanskelig.",
                    "Elevane kjem til meg når noko er vanskeleg.",
                    "Pupils come to me when something is difficult.",
                ),
                "relasjon",
            ),
            likert(
                "relasjon_3",
                (
                    "Det er elever jeg ikke får kontakt med.",
                    "Det er elevar eg ikkje får kontakt med.",
                    "There are pupils I cannot reach.",
                ),
                "relasjon",
                reversed_=True,
            ),
        ),
        *page(
            "ledelsen",
            ("Skoleledelsen", "Skuleleiinga", "School leadership"),
            likert(
                "ledelse_1",
                (
                    "Skoleledelsen har en tydelig retning for arbeidet på skolen.",
                    "Skuleleiinga har ei tydeleg retning for arbeidet på skulen.",
                    "The school's leaders set a clear direction for the work at the school.",
                ),
                "ledelse",
            ),
            likert(
                "ledelse_2",
                (
                    "Ledelsen følger opp det vi har blitt enige om.",
                    "Leiinga følgjer opp det vi har vorte samde om.",
                    "The leaders follow up what we have agreed on.",
                ),
                "ledelse",
            ),
            likert(
                "ledelse_3",
                (
                    "Jeg får støtte fra ledelsen når jeg står i vanskelige saker.",
                    "Eg får støtte frå leiinga når eg står i vanskelege saker.",
                    "I get support from the leaders when I am dealing with difficult cases.",
                ),
                "ledelse",
            ),
            likert(
                "ledelse_4",
                (
                    "Ledelsen legger til rette for at vi lærer av hverandre.",
                    "Leiinga legg til rette for at vi lærer av kvarandre.",
                    "The leaders make room for us to learn from each other.",
                ),
                "ledelse",
            ),
        ),
        *page(
            "hjemmet",
            ("Samarbeid med hjemmet", "Samarbeid med heimen", "Working with families"),
            likert(
                "hjem_skole_1",
                (
                    "Jeg har god kontakt med de foresatte til elevene mine.",
                    "Eg har god kontakt med dei føresette til elevane mine.",
                    "I have good contact with my pupils' parents and guardians.",
                ),
                "hjem_skole",
            ),
            likert(
                "hjem_skole_2",
                (
                    "Foresatte tar kontakt med meg når de lurer på noe.",
                    "Føresette tek kontakt med meg når dei lurer på noko.",
                    "Parents and guardians get in touch with me when they wonder about something.",
                ),
                "hjem_skole",
            ),
            likert(
                "hjem_skole_3",
                (
                    "Jeg spør foresatte om råd når en elev strever.",
                    "Eg spør føresette om råd når ein elev strevar.",
                    "I ask parents and guardians for advice when a pupil is struggling.",
                ),
                "hjem_skole",
            ),
            likert(
                "hjem_skole_4",
                (
                    "Det er vanskelig å få til et godt samarbeid med noen av hjemmene.",
                    "Det er vanskeleg å få til eit godt samarbeid med nokre av heimane.",
                    "It is hard to work well with some of the families.",
                ),
                "hjem_skole",
                reversed_=True,
            ),
        ),
        *page(
            "mestring",
            ("Din egen mestring", "Di eiga meistring", "Your own sense of mastery"),
            likert(
                "egen_mestring_1",
                (
                    "Jeg får til å tilpasse undervisningen til elever som trenger det.",
                    "Eg får til å tilpasse undervisninga til elevar som treng det.",
                    "I manage to adapt my teaching for pupils who need it.",
                ),
                "egen_mestring",
            ),
            likert(
                "egen_mestring_2",
                (
                    "Jeg vet hva jeg kan gjøre når en elev ikke kommer videre.",
                    "Eg veit kva eg kan gjere når ein elev ikkje kjem vidare.",
                    "I know what to do when a pupil is making no progress.",
                ),
                "egen_mestring",
            ),
            likert(
                "egen_mestring_3",
                (
                    "Jeg har overskudd i arbeidsdagen.",
                    "Eg har overskot i arbeidsdagen.",
                    "I have energy to spare in my working day.",
                ),
                "egen_mestring",
            ),
            likert(
                "egen_mestring_4",
                (
                    "Jeg føler meg ofte utilstrekkelig som lærer.",
                    "Eg kjenner meg ofte utilstrekkeleg som lærar.",
                    "I often feel inadequate as a teacher.",
                ),
                "egen_mestring",
                reversed_=True,
            ),
        ),
    ],
    "choices": {"enig4": AGREE_4, "trinn": GRADE_BANDS},
    "scales": [
        (
            "samarbeid",
            (
                "Samarbeid mellom lærere",
                "Samarbeid mellom lærarar",
                "Collaboration between teachers",
            ),
        ),
        (
            "arbeidsro",
            ("Klasseledelse og arbeidsro", "Klasseleiing og arbeidsro", "Classroom leadership"),
        ),
        ("relasjon", ("Relasjon til elevene", "Relasjon til elevane", "Relationship with pupils")),
        ("ledelse", ("Skoleledelse", "Skuleleiing", "School leadership")),
        (
            "hjem_skole",
            (
                "Samarbeid mellom hjem og skole",
                "Samarbeid mellom heim og skule",
                "Home–school cooperation",
            ),
        ),
        ("egen_mestring", ("Egen mestring", "Eiga meistring", "Own sense of mastery")),
    ],
}

# --- assistants ----------------------------------------------------------------------------

ASSISTANT = {
    "file": "assistent.xlsx",
    "settings": {
        "form_id": "samla_assistent",
        "version": "2026.1",
        "title": (
            "Samla – spørsmål til assistenter i skolen",
            "Samla – spørsmål til assistentar i skulen",
            "Samla – questions for teaching assistants",
        ),
        "respondent_group": "assistant",
    },
    "survey": [
        *page(
            "samarbeid",
            ("Samarbeid med lærerne", "Samarbeid med lærarane", "Working with teachers"),
            select(
                "arbeidssted",
                (
                    "Hvor arbeider du mest?",
                    "Kvar arbeider du mest?",
                    "Where do you mostly work?",
                ),
                "arbeidssted",
            ),
            likert(
                "kjenner_planen",
                (
                    "Jeg vet hva læreren har planlagt for timene jeg er med i.",
                    "Eg veit kva læraren har planlagt for timane eg er med i.",
                    "I know what the teacher has planned for the lessons I take part in.",
                ),
                relevant="${arbeidssted} != 'sfo'",
            ),
            likert(
                "samarbeid_2",
                (
                    "Lærerne og jeg har tid til å snakke sammen om elevene.",
                    "Lærarane og eg har tid til å snakke saman om elevane.",
                    "The teachers and I have time to talk about the pupils.",
                ),
                "samarbeid",
            ),
            likert(
                "samarbeid_3",
                (
                    "Lærerne tar hensyn til det jeg ser og forteller om elevene.",
                    "Lærarane tek omsyn til det eg ser og fortel om elevane.",
                    "The teachers take account of what I notice and tell them about the pupils.",
                ),
                "samarbeid",
            ),
            likert(
                "samarbeid_4",
                (
                    "Jeg blir satt til oppgaver uten å vite hvorfor.",
                    "Eg blir sett til oppgåver utan å vite kvifor.",
                    "I am given tasks without knowing why.",
                ),
                "samarbeid",
                reversed_=True,
            ),
        ),
        *page(
            "rollen",
            ("Rollen din", "Rolla di", "Your role"),
            likert(
                "rolle_1",
                (
                    "Jeg vet hva som er mitt ansvar i arbeidet med elevene.",
                    "Eg veit kva som er ansvaret mitt i arbeidet med elevane.",
                    "I know what I am responsible for in my work with pupils.",
                ),
                "rolleklarhet",
            ),
            likert(
                "rolle_2",
                (
                    "Jeg vet hva jeg skal gjøre hvis en elev blir utrygg eller urolig.",
                    "Eg veit kva eg skal gjere om ein elev blir utrygg eller uroleg.",
                    "I know what to do if a pupil becomes anxious or restless.",
                ),
                "rolleklarhet",
            ),
            likert(
                "rolle_3",
                (
                    "Jeg får motstridende beskjeder om hva jeg skal gjøre.",
                    "Eg får motstridande beskjedar om kva eg skal gjere.",
                    "I get conflicting instructions about what to do.",
                ),
                "rolleklarhet",
                reversed_=True,
            ),
            likert(
                "rolle_4",
                (
                    "Jeg får den opplæringen jobben krever.",
                    "Eg får den opplæringa jobben krev.",
                    "I get the training my job requires.",
                ),
                "rolleklarhet",
            ),
        ),
        *page(
            "elevene",
            ("Elevene", "Elevane", "The pupils"),
            likert(
                "relasjon_1",
                (
                    "Jeg kjenner elevene jeg arbeider med, godt.",
                    "Eg kjenner elevane eg arbeider med, godt.",
                    "I know the pupils I work with well.",
                ),
                "relasjon",
            ),
            likert(
                "relasjon_2",
                (
                    "Elevene kommer til meg når de trenger en voksen.",
                    "Elevane kjem til meg når dei treng ein vaksen.",
                    "Pupils turn to me when they need an adult.",
                ),
                "relasjon",
            ),
            likert(
                "relasjon_3",
                (
                    "Det er elever jeg ikke får kontakt med.",
                    "Det er elevar eg ikkje får kontakt med.",
                    "There are pupils I cannot reach.",
                ),
                "relasjon",
                reversed_=True,
            ),
        ),
        *page(
            "ledelsen",
            ("Ledelsen", "Leiinga", "Leadership"),
            likert(
                "ledelse_1",
                (
                    "Ledelsen ser arbeidet jeg gjør.",
                    "Leiinga ser arbeidet eg gjer.",
                    "The leaders notice the work I do.",
                ),
                "ledelse",
                choices="enig4_vetikke",
            ),
            likert(
                "ledelse_2",
                (
                    "Ledelsen gjør det klart hva som forventes av assistentene.",
                    "Leiinga gjer det klart kva som er venta av assistentane.",
                    "The leaders make clear what is expected of assistants.",
                ),
                "ledelse",
                choices="enig4_vetikke",
            ),
            likert(
                "ledelse_3",
                (
                    "Jeg får støtte fra ledelsen når jeg står i vanskelige saker.",
                    "Eg får støtte frå leiinga når eg står i vanskelege saker.",
                    "I get support from the leaders when I am dealing with difficult cases.",
                ),
                "ledelse",
                choices="enig4_vetikke",
            ),
            likert(
                "ledelse_4",
                (
                    "Assistentene blir tatt med når skolen utvikler arbeidet sitt.",
                    "Assistentane blir tekne med når skulen utviklar arbeidet sitt.",
                    "Assistants are included when the school develops its work.",
                ),
                "ledelse",
                choices="enig4_vetikke",
            ),
        ),
    ],
    "choices": {
        "enig4": AGREE_4,
        "enig4_vetikke": [*AGREE_4, DONT_KNOW],
        "arbeidssted": [
            ("skole", ("I undervisningen", "I undervisninga", "In lessons")),
            ("sfo", ("I SFO/AKS", "I SFO/AKS", "In after-school care (SFO/AKS)")),
            ("begge", ("Begge deler", "Begge delar", "Both")),
        ],
    },
    "scales": [
        (
            "samarbeid",
            ("Samarbeid med lærerne", "Samarbeid med lærarane", "Collaboration with teachers"),
        ),
        ("rolleklarhet", ("Tydelig rolle", "Tydeleg rolle", "Role clarity")),
        ("relasjon", ("Relasjon til elevene", "Relasjon til elevane", "Relationship with pupils")),
        ("ledelse", ("Ledelse", "Leiing", "Leadership")),
    ],
}

# --- leaders (school and kindergarten) -----------------------------------------------------


def results_use(first):
    """Use of results, shared by the two leader forms; ``first`` is the wording of item 1."""
    return [
        extent("resultat_1", first, "resultatbruk"),
        extent(
            "resultat_2",
            (
                "Resultatene blir brukt når vi velger tiltak.",
                "Resultata blir brukte når vi vel tiltak.",
                "The results are used when we choose what to do.",
            ),
            "resultatbruk",
        ),
        extent(
            "resultat_3",
            (
                "Vi ser etter om tiltakene har hatt virkning.",
                "Vi ser etter om tiltaka har hatt verknad.",
                "We check whether what we did has had an effect.",
            ),
            "resultatbruk",
        ),
        extent(
            "resultat_4",
            (
                "Resultatene blir liggende uten at noe skjer.",
                "Resultata blir liggjande utan at noko skjer.",
                "Results are left lying without anything happening.",
            ),
            "resultatbruk",
            reversed_=True,
        ),
        select(
            "brukt_samla",
            (
                "Har dere brukt resultater fra forrige Samla-runde i utviklingsarbeidet?",
                "Har de brukt resultat frå førre Samla-runde i utviklingsarbeidet?",
                "Have you used results from the previous Samla round in your development work?",
            ),
            "ja_nei_forste",
        ),
        select(
            "brukt_til",
            (
                "Hva brukte dere resultatene til?",
                "Kva brukte de resultata til?",
                "What did you use the results for?",
            ),
            "brukt_til",
            relevant="${brukt_samla} = 'ja'",
            multiple=True,
        ),
    ]


def used_for(goals, measures):
    """The choices of ``brukt_til``."""
    return [
        ("mal", goals),
        ("tiltak", measures),
        (
            "kompetanse",
            (
                "Kompetanseutvikling for de ansatte",
                "Kompetanseutvikling for dei tilsette",
                "Professional development for staff",
            ),
        ),
        (
            "foresatte",
            (
                "Samarbeidet med foresatte",
                "Samarbeidet med føresette",
                "Cooperation with parents and guardians",
            ),
        ),
        ("annet", ("Annet", "Anna", "Other")),
    ]


SCHOOL_LEADER = {
    "file": "skoleleder.xlsx",
    "settings": {
        "form_id": "samla_skoleleder",
        "version": "2026.1",
        "title": (
            "Samla – spørsmål til skoleledere",
            "Samla – spørsmål til skuleleiarar",
            "Samla – questions for school leaders",
        ),
        "respondent_group": "school_leader",
    },
    "survey": [
        *page(
            "ledelse",
            ("Ledelse av skolen", "Leiing av skulen", "Leading the school"),
            select(
                "rolle",
                ("Hvilken rolle har du?", "Kva rolle har du?", "What is your role?"),
                "rolle",
            ),
            likert(
                "ledelse_1",
                (
                    "Vi i ledelsen har en tydelig retning for arbeidet på skolen.",
                    "Vi i leiinga har ei tydeleg retning for arbeidet på skulen.",
                    "We in the leadership team set a clear direction for the work at the school.",
                ),
                "ledelse",
            ),
            likert(
                "ledelse_2",
                (
                    "Vi følger opp det vi har blitt enige om med personalet.",
                    "Vi følgjer opp det vi har vorte samde om med personalet.",
                    "We follow up what we have agreed on with the staff.",
                ),
                "ledelse",
            ),
            likert(
                "ledelse_3",
                (
                    "Jeg har tid til å lede det pedagogiske arbeidet.",
                    "Eg har tid til å leie det pedagogiske arbeidet.",
                    "I have time to lead the work on teaching and learning.",
                ),
                "ledelse",
            ),
            likert(
                "ledelse_4",
                (
                    "Administrative oppgaver tar tid fra den pedagogiske ledelsen.",
                    "Administrative oppgåver tek tid frå den pedagogiske leiinga.",
                    "Administrative tasks take time away from leading teaching and learning.",
                ),
                "ledelse",
                reversed_=True,
            ),
        ),
        *page(
            "eier",
            (
                "Samarbeid med skoleeier",
                "Samarbeid med skuleeigaren",
                "Working with the school owner",
            ),
            extent(
                "eier_1",
                (
                    "Skoleeier kjenner utfordringene på skolen vår.",
                    "Skuleeigaren kjenner utfordringane på skulen vår.",
                    "The school owner knows the challenges at our school.",
                ),
                "eiersamarbeid",
            ),
            extent(
                "eier_2",
                (
                    "Skoleeier gir oss støtte til å nå målene vi har satt oss.",
                    "Skuleeigaren gir oss støtte til å nå måla vi har sett oss.",
                    "The school owner supports us in reaching the goals we have set.",
                ),
                "eiersamarbeid",
            ),
            extent(
                "eier_3",
                (
                    "Dialogen med skoleeier handler om elevenes læring og trivsel.",
                    "Dialogen med skuleeigaren handlar om læringa og trivselen til elevane.",
                    "Our dialogue with the school owner is about pupils' learning and wellbeing.",
                ),
                "eiersamarbeid",
            ),
            extent(
                "eier_4",
                (
                    "Forventningene fra skoleeier er tydelige.",
                    "Forventningane frå skuleeigaren er tydelege.",
                    "The school owner's expectations are clear.",
                ),
                "eiersamarbeid",
            ),
        ),
        *page(
            "utvikling",
            ("Utvikling i personalet", "Utvikling i personalet", "Developing as a staff"),
            extent(
                "utvikling_1",
                (
                    "Lærerne arbeider i faste grupper der de lærer av hverandre.",
                    "Lærarane arbeider i faste grupper der dei lærer av kvarandre.",
                    "Teachers work in regular groups where they learn from each other.",
                ),
                "utvikling",
            ),
            extent(
                "utvikling_2",
                (
                    "Utviklingsarbeidet bygger på en felles forståelse av elevenes behov.",
                    "Utviklingsarbeidet byggjer på ei felles forståing av behova til elevane.",
                    "Development work builds on a shared understanding of the pupils' needs.",
                ),
                "utvikling",
            ),
            extent(
                "utvikling_3",
                (
                    "Det vi prøver ut, blir fulgt opp over tid.",
                    "Det vi prøver ut, blir følgt opp over tid.",
                    "What we try out is followed up over time.",
                ),
                "utvikling",
            ),
            extent(
                "utvikling_4",
                (
                    "Hele personalet tar del i utviklingsarbeidet.",
                    "Heile personalet tek del i utviklingsarbeidet.",
                    "The whole staff takes part in development work.",
                ),
                "utvikling",
            ),
        ),
        *page(
            "resultater",
            ("Bruk av resultater", "Bruk av resultat", "Using results"),
            *results_use(
                (
                    "Vi går gjennom resultater fra kartlegginger og undersøkelser sammen i "
                    "personalet.",
                    "Vi går gjennom resultat frå kartleggingar og undersøkingar saman i "
                    "personalet.",
                    "We review results from assessments and surveys together as a staff.",
                )
            ),
        ),
    ],
    "choices": {
        "enig4": AGREE_4,
        "grad5": EXTENT_5,
        "ja_nei_forste": YES_NO_FIRST_ROUND,
        "brukt_til": used_for(
            ("Mål for skolen", "Mål for skulen", "Goals for the school"),
            (
                "Tiltak i klasser eller grupper",
                "Tiltak i klassar eller grupper",
                "Measures in classes or groups",
            ),
        ),
        "rolle": [
            ("rektor", ("Rektor", "Rektor", "Head teacher")),
            ("ass_rektor", ("Assisterende rektor", "Assisterande rektor", "Deputy head")),
            ("avdelingsleder", ("Avdelingsleder", "Avdelingsleiar", "Head of department")),
            ("annen", ("Annen lederrolle", "Anna leiarrolle", "Other leadership role")),
        ],
    },
    "scales": [
        ("ledelse", ("Skoleledelse", "Skuleleiing", "School leadership")),
        (
            "eiersamarbeid",
            ("Samarbeid med skoleeier", "Samarbeid med skuleeigaren", "Cooperation with the owner"),
        ),
        ("utvikling", ("Kollektiv utvikling", "Kollektiv utvikling", "Collective development")),
        ("resultatbruk", ("Bruk av resultater", "Bruk av resultat", "Use of results")),
    ],
}

# --- kindergarten: the child's own answers -----------------------------------------------

# Three big buttons a 4–5-year-old can point at. Named 1..3 (3 = the happy end) so the answers
# can be counted in order; not an index, since Samla's indices need 4 or 5 points.
FACES_3 = [
    ("1", ("Lei meg", "Lei meg", "Sad"), "sad"),
    ("2", ("Midt imellom", "Midt imellom", "In between"), "neutral"),
    ("3", ("Glad", "Glad", "Happy"), "happy"),
]
YES_SOMETIMES_NO_3 = [
    ("1", ("Nei", "Nei", "No"), "no"),
    ("2", ("Av og til", "Av og til", "Sometimes"), "unsure"),
    ("3", ("Ja", "Ja", "Yes"), "yes"),
]

KG_CHILD = {
    "file": "barnehage_barnesamtale.xlsx",
    "settings": {
        "form_id": "samla_barnehage_barnesamtale",
        "version": "2026.1",
        "title": (
            "Samla – samtale med barnet",
            "Samla – samtale med barnet",
            "Samla – conversation with the child",
        ),
        "respondent_group": "kg_child",
    },
    "survey": [
        *page(
            "start",
            ("Før vi begynner", "Før vi byrjar", "Before we start"),
            note(
                "til_den_voksne",
                (
                    "Til den voksne: Les spørsmålene høyt og la barnet trykke på svaret selv. "
                    "Si at det ikke finnes riktige eller gale svar. Barnet kan hoppe over et "
                    "spørsmål og slutte når det vil.",
                    "Til den vaksne: Les spørsmåla høgt og la barnet trykkje på svaret sjølv. "
                    "Sei at det ikkje finst rette eller gale svar. Barnet kan hoppe over eit "
                    "spørsmål og slutte når det vil.",
                    "For the adult: Read the questions aloud and let the child press the answer "
                    "themselves. Say that there are no right or wrong answers. The child may "
                    "skip a question and stop whenever they like.",
                ),
            ),
            symbols(
                "ove",
                ("Liker du is?", "Likar du is?", "Do you like ice cream?"),
                "ja_nei_barn",
            ),
        ),
        *page(
            "barnehagen",
            ("I barnehagen", "I barnehagen", "At kindergarten"),
            symbols(
                "trivsel_1",
                (
                    "Liker du å være i barnehagen?",
                    "Likar du å vere i barnehagen?",
                    "Do you like being at kindergarten?",
                ),
                "ja_nei_barn",
            ),
            symbols(
                "trivsel_2",
                (
                    "Hvordan har du det når du kommer i barnehagen om morgenen?",
                    "Korleis har du det når du kjem i barnehagen om morgonen?",
                    "How do you feel when you arrive at kindergarten in the morning?",
                ),
                "fjes",
            ),
        ),
        *page(
            "voksne",
            ("De voksne", "Dei vaksne", "The grown-ups"),
            symbols(
                "voksne_1",
                (
                    "Er de voksne snille med deg?",
                    "Er dei vaksne snille med deg?",
                    "Are the grown-ups kind to you?",
                ),
                "ja_nei_barn",
            ),
            symbols(
                "voksne_2",
                (
                    "Hjelper de voksne deg når du er lei deg?",
                    "Hjelper dei vaksne deg når du er lei deg?",
                    "Do the grown-ups help you when you are sad?",
                ),
                "ja_nei_barn",
            ),
        ),
        *page(
            "venner",
            ("Venner", "Vener", "Friends"),
            symbols(
                "lek_1",
                (
                    "Har du noen å leke med i barnehagen?",
                    "Har du nokon å leike med i barnehagen?",
                    "Do you have someone to play with at kindergarten?",
                ),
                "ja_nei_barn",
            ),
            symbols(
                "lek_2",
                (
                    "Får du være med når de andre barna leker?",
                    "Får du vere med når dei andre borna leikar?",
                    "Do you get to join in when the other children are playing?",
                ),
                "ja_nei_barn",
            ),
        ),
        *page(
            "leken",
            ("Lek", "Leik", "Play"),
            symbols(
                "lek_3",
                (
                    "Hvordan har du det når du leker ute?",
                    "Korleis har du det når du leikar ute?",
                    "How do you feel when you play outside?",
                ),
                "fjes",
            ),
            symbols(
                "lek_4",
                (
                    "Får du leke det du har lyst til?",
                    "Får du leike det du har lyst til?",
                    "Do you get to play what you want to play?",
                ),
                "ja_nei_barn",
            ),
        ),
        *page(
            "erting",
            ("Hvis noen er slemme", "Om nokon er slemme", "If someone is mean"),
            symbols(
                "slemme",
                (
                    "Er det noen som er slemme mot deg i barnehagen?",
                    "Er det nokon som er slemme mot deg i barnehagen?",
                    "Is anyone mean to you at kindergarten?",
                ),
                "ja_nei_barn",
            ),
            symbols(
                "sier_fra",
                (
                    "Sier du fra til en voksen da?",
                    "Seier du frå til ein vaksen då?",
                    "Do you tell a grown-up when that happens?",
                ),
                "ja_nei_barn",
                relevant="${slemme} >= 2",
            ),
        ),
        *page(
            "slutt",
            ("Til slutt", "Til slutt", "Finally"),
            symbols(
                "trivsel_3",
                (
                    "Hvordan har du det i barnehagen i dag?",
                    "Korleis har du det i barnehagen i dag?",
                    "How do you feel at kindergarten today?",
                ),
                "fjes",
            ),
            note(
                "takk",
                (
                    "Takk for at du svarte! Nå er vi ferdige.",
                    "Takk for at du svarte! No er vi ferdige.",
                    "Thank you for answering! We are finished now.",
                ),
            ),
        ),
    ],
    "choices": {"fjes": FACES_3, "ja_nei_barn": YES_SOMETIMES_NO_3},
    "scales": [],
}

# --- kindergarten staff --------------------------------------------------------------------

KG_STAFF = {
    "file": "barnehage_ansatte.xlsx",
    "settings": {
        "form_id": "samla_barnehage_ansatte",
        "version": "2026.1",
        "title": (
            "Samla – spørsmål til ansatte i barnehagen",
            "Samla – spørsmål til tilsette i barnehagen",
            "Samla – questions for kindergarten staff",
        ),
        "respondent_group": "kg_staff",
    },
    "survey": [
        *page(
            "samarbeid",
            ("Samarbeid i personalet", "Samarbeid i personalet", "Working together"),
            select(
                "stilling",
                (
                    "Hva slags stilling har du?",
                    "Kva slags stilling har du?",
                    "What is your position?",
                ),
                "stilling",
            ),
            likert(
                "samarbeid_1",
                (
                    "Vi på avdelingen planlegger arbeidet sammen.",
                    "Vi på avdelinga planlegg arbeidet saman.",
                    "We in the department plan our work together.",
                ),
                "samarbeid",
            ),
            likert(
                "samarbeid_2",
                (
                    "Vi snakker sammen om hvordan hvert enkelt barn har det.",
                    "Vi snakkar saman om korleis kvart enkelt barn har det.",
                    "We talk together about how each child is doing.",
                ),
                "samarbeid",
            ),
            likert(
                "samarbeid_3",
                (
                    "Jeg får hjelp fra kolleger når jeg trenger det.",
                    "Eg får hjelp frå kollegaer når eg treng det.",
                    "I get help from colleagues when I need it.",
                ),
                "samarbeid",
            ),
            likert(
                "samarbeid_4",
                (
                    "Vi voksne gjør ting på hver vår måte uten å snakke om det.",
                    "Vi vaksne gjer ting på kvar vår måte utan å snakke om det.",
                    "We adults each do things our own way without talking about it.",
                ),
                "samarbeid",
                reversed_=True,
            ),
        ),
        *page(
            "ledelse",
            ("Ledelse", "Leiing", "Leadership"),
            likert(
                "ledelse_1",
                (
                    "Styreren gir en tydelig retning for det pedagogiske arbeidet i barnehagen.",
                    "Styraren gir ei tydeleg retning for det pedagogiske arbeidet i barnehagen.",
                    "The head of the kindergarten sets a clear direction for its educational work.",
                ),
                "ledelse",
            ),
            likert(
                "ledelse_2",
                (
                    "Den pedagogiske lederen gir dagen på avdelingen en klar struktur.",
                    "Den pedagogiske leiaren gir dagen på avdelinga ein klar struktur.",
                    "The pedagogical leader gives the day in the department a clear structure.",
                ),
                "ledelse",
            ),
            likert(
                "ledelse_3",
                (
                    "Jeg får tilbakemeldinger som hjelper meg i arbeidet med barna.",
                    "Eg får tilbakemeldingar som hjelper meg i arbeidet med borna.",
                    "I get feedback that helps me in my work with the children.",
                ),
                "ledelse",
            ),
            likert(
                "ledelse_4",
                (
                    "Ledelsen følger opp det vi har blitt enige om.",
                    "Leiinga følgjer opp det vi har vorte samde om.",
                    "The leaders follow up what we have agreed on.",
                ),
                "ledelse",
            ),
            likert(
                "tid_til_veiledning",
                (
                    "Jeg har tid til å veilede de andre voksne på avdelingen.",
                    "Eg har tid til å rettleie dei andre vaksne på avdelinga.",
                    "I have time to guide the other adults in my department.",
                ),
                relevant="${stilling} = 'ped_leder'",
            ),
        ),
        *page(
            "lek",
            ("Lek og relasjoner", "Leik og relasjonar", "Play and relationships"),
            likert(
                "lek_1",
                (
                    "Vi voksne er med i leken til barna.",
                    "Vi vaksne er med i leiken til borna.",
                    "We adults take part in the children's play.",
                ),
                "lek_relasjoner",
            ),
            likert(
                "lek_2",
                (
                    "Alle barna på avdelingen har noen å leke med.",
                    "Alle borna på avdelinga har nokon å leike med.",
                    "All the children in the department have someone to play with.",
                ),
                "lek_relasjoner",
            ),
            likert(
                "lek_3",
                (
                    "Vi gir rom for lek som kan vare lenge.",
                    "Vi gir rom for leik som kan vare lenge.",
                    "We make room for play that can go on for a long time.",
                ),
                "lek_relasjoner",
            ),
            likert(
                "lek_4",
                (
                    "Noen barn på avdelingen blir ofte holdt utenfor leken.",
                    "Nokre born på avdelinga blir ofte haldne utanfor leiken.",
                    "Some children in the department are often left out of play.",
                ),
                "lek_relasjoner",
                reversed_=True,
            ),
        ),
        *page(
            "sprak",
            ("Språkarbeid", "Språkarbeid", "Work with language"),
            likert(
                "sprakarbeid_1",
                (
                    "Vi setter ord på det vi gjør sammen med barna gjennom dagen.",
                    "Vi set ord på det vi gjer saman med borna gjennom dagen.",
                    "We put words to what we do with the children throughout the day.",
                ),
                "sprakarbeid",
            ),
            likert(
                "sprakarbeid_2",
                (
                    "Vi leser og forteller for barna hver dag.",
                    "Vi les og fortel for borna kvar dag.",
                    "We read and tell stories to the children every day.",
                ),
                "sprakarbeid",
            ),
            likert(
                "sprakarbeid_3",
                (
                    "Vi følger med på hvordan språket til hvert barn utvikler seg.",
                    "Vi følgjer med på korleis språket til kvart barn utviklar seg.",
                    "We keep track of how each child's language is developing.",
                ),
                "sprakarbeid",
            ),
            likert(
                "sprakarbeid_4",
                (
                    "Barn med et annet morsmål får god støtte til å lære norsk.",
                    "Born med eit anna morsmål får god støtte til å lære norsk.",
                    "Children with another first language get good support in learning Norwegian.",
                ),
                "sprakarbeid",
            ),
        ),
        *page(
            "foresatte",
            ("Samarbeid med foresatte", "Samarbeid med føresette", "Working with parents"),
            likert(
                "hjem_bhg_1",
                (
                    "Jeg har god kontakt med de foresatte til barna på avdelingen.",
                    "Eg har god kontakt med dei føresette til borna på avdelinga.",
                    "I have good contact with the parents of the children in my department.",
                ),
                "hjem_barnehage",
            ),
            likert(
                "hjem_bhg_2",
                (
                    "Foresatte forteller oss det vi trenger å vite om barnet sitt.",
                    "Føresette fortel oss det vi treng å vite om barnet sitt.",
                    "Parents tell us what we need to know about their child.",
                ),
                "hjem_barnehage",
            ),
            likert(
                "hjem_bhg_3",
                (
                    "Vi sier fra til foresatte tidlig når vi er bekymret for et barn.",
                    "Vi seier frå til føresette tidleg når vi er urolege for eit barn.",
                    "We tell parents early when we are worried about a child.",
                ),
                "hjem_barnehage",
            ),
        ),
    ],
    "choices": {
        "enig4": AGREE_4,
        "stilling": [
            ("ped_leder", ("Pedagogisk leder", "Pedagogisk leiar", "Pedagogical leader")),
            ("barnehagelaerer", ("Barnehagelærer", "Barnehagelærar", "Kindergarten teacher")),
            (
                "fagarbeider",
                ("Barne- og ungdomsarbeider", "Barne- og ungdomsarbeidar", "Childcare worker"),
            ),
            ("assistent", ("Assistent", "Assistent", "Assistant")),
            ("annen", ("Annen stilling", "Anna stilling", "Other position")),
        ],
    },
    "scales": [
        (
            "samarbeid",
            ("Samarbeid i personalet", "Samarbeid i personalet", "Collaboration among staff"),
        ),
        ("ledelse", ("Pedagogisk ledelse", "Pedagogisk leiing", "Pedagogical leadership")),
        ("lek_relasjoner", ("Lek og relasjoner", "Leik og relasjonar", "Play and relationships")),
        ("sprakarbeid", ("Språkarbeid", "Språkarbeid", "Work with language")),
        (
            "hjem_barnehage",
            (
                "Samarbeid mellom hjem og barnehage",
                "Samarbeid mellom heim og barnehage",
                "Home–kindergarten cooperation",
            ),
        ),
    ],
}

# --- kindergarten leaders ------------------------------------------------------------------

KG_LEADER = {
    "file": "barnehage_leder.xlsx",
    "settings": {
        "form_id": "samla_barnehage_leder",
        "version": "2026.1",
        "title": (
            "Samla – spørsmål til ledere i barnehagen",
            "Samla – spørsmål til leiarar i barnehagen",
            "Samla – questions for kindergarten leaders",
        ),
        "respondent_group": "kg_leader",
    },
    "survey": [
        *page(
            "ledelse",
            ("Ledelse av barnehagen", "Leiing av barnehagen", "Leading the kindergarten"),
            select(
                "rolle",
                ("Hvilken rolle har du?", "Kva rolle har du?", "What is your role?"),
                "rolle",
            ),
            likert(
                "ledelse_1",
                (
                    "Vi i ledelsen har en tydelig retning for det pedagogiske arbeidet.",
                    "Vi i leiinga har ei tydeleg retning for det pedagogiske arbeidet.",
                    "We in the leadership set a clear direction for the educational work.",
                ),
                "ledelse",
            ),
            likert(
                "ledelse_2",
                (
                    "Jeg følger opp de pedagogiske lederne i arbeidet deres.",
                    "Eg følgjer opp dei pedagogiske leiarane i arbeidet deira.",
                    "I follow up the pedagogical leaders in their work.",
                ),
                "ledelse",
            ),
            likert(
                "ledelse_3",
                (
                    "Jeg har tid til å være til stede på avdelingene.",
                    "Eg har tid til å vere til stades på avdelingane.",
                    "I have time to be present in the departments.",
                ),
                "ledelse",
            ),
            likert(
                "ledelse_4",
                (
                    "Administrative oppgaver tar tid fra den pedagogiske ledelsen.",
                    "Administrative oppgåver tek tid frå den pedagogiske leiinga.",
                    "Administrative tasks take time away from leading the educational work.",
                ),
                "ledelse",
                reversed_=True,
            ),
        ),
        *page(
            "eier",
            (
                "Samarbeid med barnehageeier",
                "Samarbeid med barnehageeigaren",
                "Working with the kindergarten owner",
            ),
            extent(
                "eier_1",
                (
                    "Barnehageeier kjenner utfordringene i barnehagen vår.",
                    "Barnehageeigaren kjenner utfordringane i barnehagen vår.",
                    "The owner knows the challenges in our kindergarten.",
                ),
                "eiersamarbeid",
            ),
            extent(
                "eier_2",
                (
                    "Barnehageeier gir oss støtte til å nå målene vi har satt oss.",
                    "Barnehageeigaren gir oss støtte til å nå måla vi har sett oss.",
                    "The owner supports us in reaching the goals we have set.",
                ),
                "eiersamarbeid",
            ),
            extent(
                "eier_3",
                (
                    "Dialogen med barnehageeier handler om barnas trivsel og utvikling.",
                    "Dialogen med barnehageeigaren handlar om trivselen og utviklinga til borna.",
                    "Our dialogue with the owner is about the children's wellbeing and "
                    "development.",
                ),
                "eiersamarbeid",
            ),
            extent(
                "eier_4",
                (
                    "Forventningene fra barnehageeier er tydelige.",
                    "Forventningane frå barnehageeigaren er tydelege.",
                    "The owner's expectations are clear.",
                ),
                "eiersamarbeid",
            ),
        ),
        *page(
            "utvikling",
            ("Utvikling i personalet", "Utvikling i personalet", "Developing as a staff"),
            extent(
                "utvikling_1",
                (
                    "De ansatte arbeider i faste grupper der de lærer av hverandre.",
                    "Dei tilsette arbeider i faste grupper der dei lærer av kvarandre.",
                    "Staff work in regular groups where they learn from each other.",
                ),
                "utvikling",
            ),
            extent(
                "utvikling_2",
                (
                    "Utviklingsarbeidet bygger på en felles forståelse av barnas behov.",
                    "Utviklingsarbeidet byggjer på ei felles forståing av behova til borna.",
                    "Development work builds on a shared understanding of the children's needs.",
                ),
                "utvikling",
            ),
            extent(
                "utvikling_3",
                (
                    "Det vi prøver ut, blir fulgt opp over tid.",
                    "Det vi prøver ut, blir følgt opp over tid.",
                    "What we try out is followed up over time.",
                ),
                "utvikling",
            ),
            extent(
                "utvikling_4",
                (
                    "Både barnehagelærere og assistenter tar del i utviklingsarbeidet.",
                    "Både barnehagelærarar og assistentar tek del i utviklingsarbeidet.",
                    "Both kindergarten teachers and assistants take part in development work.",
                ),
                "utvikling",
            ),
        ),
        *page(
            "resultater",
            ("Bruk av resultater", "Bruk av resultat", "Using results"),
            *results_use(
                (
                    "Vi går gjennom resultater fra observasjoner og undersøkelser sammen i "
                    "personalet.",
                    "Vi går gjennom resultat frå observasjonar og undersøkingar saman i "
                    "personalet.",
                    "We review results from observations and surveys together as a staff.",
                )
            ),
        ),
    ],
    "choices": {
        "enig4": AGREE_4,
        "grad5": EXTENT_5,
        "ja_nei_forste": YES_NO_FIRST_ROUND,
        "brukt_til": used_for(
            ("Mål for barnehagen", "Mål for barnehagen", "Goals for the kindergarten"),
            ("Tiltak på avdelingene", "Tiltak på avdelingane", "Measures in the departments"),
        ),
        "rolle": [
            ("styrer", ("Styrer", "Styrar", "Head of kindergarten")),
            ("ass_styrer", ("Assisterende styrer", "Assisterande styrar", "Deputy head")),
            ("annen", ("Annen lederrolle", "Anna leiarrolle", "Other leadership role")),
        ],
    },
    "scales": [
        ("ledelse", ("Ledelse av barnehagen", "Leiing av barnehagen", "Kindergarten leadership")),
        (
            "eiersamarbeid",
            (
                "Samarbeid med barnehageeier",
                "Samarbeid med barnehageeigaren",
                "Cooperation with the owner",
            ),
        ),
        ("utvikling", ("Kollektiv utvikling", "Kollektiv utvikling", "Collective development")),
        ("resultatbruk", ("Bruk av resultater", "Bruk av resultat", "Use of results")),
    ],
}

# --- kindergarten guardians ----------------------------------------------------------------

KG_GUARDIAN = {
    "file": "barnehage_foresatte.xlsx",
    "settings": {
        "form_id": "samla_barnehage_foresatte",
        "version": "2026.1",
        "title": (
            "Samla – spørsmål til foresatte i barnehagen",
            "Samla – spørsmål til føresette i barnehagen",
            "Samla – questions for parents and guardians in kindergarten",
        ),
        "respondent_group": "kg_guardian",
    },
    "survey": [
        *page(
            "barnet",
            ("Barnet ditt", "Barnet ditt", "Your child"),
            note(
                "innledning",
                (
                    "Tenk på barnet ditt og barnehagen det går i nå. Svar «Vet ikke» hvis du "
                    "ikke har grunnlag for å svare.",
                    "Tenk på barnet ditt og barnehagen det går i no. Svar «Veit ikkje» dersom du "
                    "ikkje har grunnlag for å svare.",
                    "Think about your child and their kindergarten now. Answer \u201cDon't "
                    "know\u201d if you have no basis for answering.",
                ),
            ),
            {
                "type": "integer",
                "name": "alder",
                "label": (
                    "Hvor gammelt er barnet ditt?",
                    "Kor gammalt er barnet ditt?",
                    "How old is your child?",
                ),
                "hint": ("Alder i hele år", "Alder i heile år", "Age in whole years"),
                "constraint": ". >= 0 and . <= 6",
            },
            select(
                "ny",
                (
                    "Begynte barnet ditt i denne barnehagen dette barnehageåret?",
                    "Byrja barnet ditt i denne barnehagen dette barnehageåret?",
                    "Did your child start at this kindergarten this year?",
                ),
                "ja_nei",
            ),
            likert(
                "god_start",
                (
                    "Barnet mitt fikk en god start i barnehagen.",
                    "Barnet mitt fekk ein god start i barnehagen.",
                    "My child had a good start at the kindergarten.",
                ),
                choices="enig4_vetikke",
                relevant="${ny} = 'ja'",
            ),
        ),
        *page(
            "trivsel",
            ("Trivsel", "Trivsel", "Wellbeing"),
            likert(
                "trivsel_1",
                (
                    "Barnet mitt trives i barnehagen.",
                    "Barnet mitt trivst i barnehagen.",
                    "My child is happy at kindergarten.",
                ),
                "trivsel",
                choices="enig4_vetikke",
            ),
            likert(
                "trivsel_2",
                (
                    "Barnet mitt er trygt på de voksne i barnehagen.",
                    "Barnet mitt er trygt på dei vaksne i barnehagen.",
                    "My child feels secure with the adults at kindergarten.",
                ),
                "trivsel",
                choices="enig4_vetikke",
            ),
            likert(
                "trivsel_3",
                (
                    "Barnet mitt vil ofte ikke gå i barnehagen.",
                    "Barnet mitt vil ofte ikkje gå i barnehagen.",
                    "My child often does not want to go to kindergarten.",
                ),
                "trivsel",
                choices="enig4_vetikke",
                reversed_=True,
            ),
            likert(
                "trivsel_4",
                (
                    "De voksne ser barnet mitt og det det trenger.",
                    "Dei vaksne ser barnet mitt og det barnet treng.",
                    "The adults notice my child and what my child needs.",
                ),
                "trivsel",
                choices="enig4_vetikke",
            ),
        ),
        *page(
            "lek",
            ("Lek og vennskap", "Leik og venskap", "Play and friendship"),
            likert(
                "lek_1",
                (
                    "Barnet mitt har minst én venn i barnehagen.",
                    "Barnet mitt har minst éin ven i barnehagen.",
                    "My child has at least one friend at kindergarten.",
                ),
                "lek_relasjoner",
                choices="enig4_vetikke",
            ),
            likert(
                "lek_2",
                (
                    "Barnet mitt forteller om lek med andre barn.",
                    "Barnet mitt fortel om leik med andre born.",
                    "My child talks about playing with other children.",
                ),
                "lek_relasjoner",
                choices="enig4_vetikke",
            ),
            likert(
                "lek_3",
                (
                    "Barnehagen gir barna god tid til lek.",
                    "Barnehagen gir borna god tid til leik.",
                    "The kindergarten gives the children plenty of time to play.",
                ),
                "lek_relasjoner",
                choices="enig4_vetikke",
            ),
            likert(
                "lek_4",
                (
                    "Jeg er bekymret for at barnet mitt blir holdt utenfor.",
                    "Eg er uroleg for at barnet mitt blir halde utanfor.",
                    "I am worried that my child is left out.",
                ),
                "lek_relasjoner",
                choices="enig4_vetikke",
                reversed_=True,
            ),
        ),
        *page(
            "samarbeid",
            (
                "Samarbeid med barnehagen",
                "Samarbeid med barnehagen",
                "Working with the kindergarten",
            ),
            likert(
                "hjem_bhg_1",
                (
                    "Det er lett å ta opp ting med de ansatte.",
                    "Det er lett å ta opp ting med dei tilsette.",
                    "It is easy to raise things with the staff.",
                ),
                "hjem_barnehage",
                choices="enig4_vetikke",
            ),
            likert(
                "hjem_bhg_2",
                (
                    "De ansatte lytter til det jeg forteller om barnet mitt.",
                    "Dei tilsette lyttar til det eg fortel om barnet mitt.",
                    "The staff listen to what I tell them about my child.",
                ),
                "hjem_barnehage",
                choices="enig4_vetikke",
            ),
            likert(
                "hjem_bhg_3",
                (
                    "Jeg blir tatt med på råd om det som gjelder barnet mitt.",
                    "Eg blir teken med på råd om det som gjeld barnet mitt.",
                    "I am consulted on matters that concern my child.",
                ),
                "hjem_barnehage",
                choices="enig4_vetikke",
            ),
        ),
        *page(
            "informasjon",
            ("Informasjon", "Informasjon", "Information"),
            likert(
                "info_1",
                (
                    "Jeg får vite hva barnet mitt har opplevd i løpet av dagen.",
                    "Eg får vite kva barnet mitt har opplevd i løpet av dagen.",
                    "I hear about what my child has experienced during the day.",
                ),
                "informasjon",
                choices="enig4_vetikke",
            ),
            likert(
                "info_2",
                (
                    "Jeg får informasjon om hva barnehagen arbeider med.",
                    "Eg får informasjon om kva barnehagen arbeider med.",
                    "I get information about what the kindergarten is working on.",
                ),
                "informasjon",
                choices="enig4_vetikke",
            ),
            likert(
                "info_3",
                (
                    "Jeg får beskjed raskt hvis noe har skjedd med barnet mitt.",
                    "Eg får melding raskt dersom noko har hendt med barnet mitt.",
                    "I am told quickly if something has happened to my child.",
                ),
                "informasjon",
                choices="enig4_vetikke",
            ),
        ),
    ],
    "choices": {"enig4_vetikke": [*AGREE_4, DONT_KNOW], "ja_nei": YES_NO},
    "scales": [
        ("trivsel", ("Barnets trivsel", "Trivselen til barnet", "The child's wellbeing")),
        ("lek_relasjoner", ("Lek og vennskap", "Leik og venskap", "Play and friendship")),
        (
            "hjem_barnehage",
            (
                "Samarbeid mellom hjem og barnehage",
                "Samarbeid mellom heim og barnehage",
                "Home–kindergarten cooperation",
            ),
        ),
        (
            "informasjon",
            (
                "Informasjon fra barnehagen",
                "Informasjon frå barnehagen",
                "Information from the kindergarten",
            ),
        ),
    ],
}

# The self-assessment (Ståsted style): a unit's staff rate statements about their own
# practice. Each page is a block; the first ("hoved") is the main block every
# self-assessment takes, the others are chosen by the unit leader. Read by
# samla.selfassessment, which keeps its answers apart from the surveys' rounds.
TRUE_4 = [
    ("1", ("Stemmer ikke", "Stemmer ikkje", "Not true")),
    ("2", ("Stemmer litt", "Stemmer litt", "Slightly true")),
    ("3", ("Stemmer ganske godt", "Stemmer ganske godt", "Mostly true")),
    ("4", ("Stemmer helt", "Stemmer heilt", "Completely true")),
]


def statement(name, label):
    return likert(name, label, choices="stemmer4")


SELF_ASSESSMENT = {
    "file": "egenvurdering_skole.xlsx",
    "settings": {
        "form_id": "samla_egenvurdering_skole",
        "version": "2026.1",
        "title": (
            "Samla – egenvurdering av praksis",
            "Samla – eigenvurdering av praksis",
            "Samla – self-assessment of practice",
        ),
        "respondent_group": "teacher",
    },
    "survey": [
        *page(
            "hoved",
            ("Profesjonsfellesskapet", "Profesjonsfellesskapet", "The professional community"),
            statement(
                "hoved_1",
                (
                    "Vi har et felles bilde av hva som kjennetegner god undervisning hos oss.",
                    "Vi har eit felles bilete av kva som kjenneteiknar god undervising hos oss.",
                    "We share a picture of what good teaching looks like at our school.",
                ),
            ),
            statement(
                "hoved_2",
                (
                    "Vi bruker tid på å drøfte elevenes læring sammen.",
                    "Vi bruker tid på å drøfte læringa til elevane saman.",
                    "We spend time discussing the pupils' learning together.",
                ),
            ),
            statement(
                "hoved_3",
                (
                    "Vi prøver ut nye måter å arbeide på og ser på hva det gir.",
                    "Vi prøver ut nye måtar å arbeide på og ser på kva det gir.",
                    "We try out new ways of working and look at what they bring.",
                ),
            ),
            statement(
                "hoved_4",
                (
                    "Vi deler erfaringer og opplegg med hverandre.",
                    "Vi deler erfaringar og opplegg med kvarandre.",
                    "We share experiences and lesson plans with each other.",
                ),
            ),
            statement(
                "hoved_5",
                (
                    "Vi gir hverandre ærlige tilbakemeldinger på praksis.",
                    "Vi gir kvarandre ærlege tilbakemeldingar på praksis.",
                    "We give each other honest feedback on our practice.",
                ),
            ),
            statement(
                "hoved_6",
                (
                    "Det vi bestemmer sammen, blir fulgt opp i klasserommet.",
                    "Det vi bestemmer saman, blir følgt opp i klasserommet.",
                    "What we agree on together is followed up in the classroom.",
                ),
            ),
        ),
        *page(
            "laeringsmiljo",
            ("Læringsmiljø", "Læringsmiljø", "Learning environment"),
            statement(
                "miljo_1",
                (
                    "Vi arbeider systematisk med gode relasjoner mellom elever og voksne.",
                    "Vi arbeider systematisk med gode relasjonar mellom elevar og vaksne.",
                    "We work systematically on good relations between pupils and adults.",
                ),
            ),
            statement(
                "miljo_2",
                (
                    "Vi har felles regler og rutiner som alle voksne følger.",
                    "Vi har felles reglar og rutinar som alle vaksne følgjer.",
                    "We have shared rules and routines that all adults follow.",
                ),
            ),
            statement(
                "miljo_3",
                (
                    "Vi griper inn raskt når en elev blir holdt utenfor eller plaget.",
                    "Vi grip inn raskt når ein elev blir halden utanfor eller plaga.",
                    "We step in quickly when a pupil is left out or bullied.",
                ),
            ),
            statement(
                "miljo_4",
                (
                    "Elevene har arbeidsro i timene.",
                    "Elevane har arbeidsro i timane.",
                    "The pupils have calm to work in lessons.",
                ),
            ),
            statement(
                "miljo_5",
                (
                    "Elevene får være med på å forme læringsmiljøet.",
                    "Elevane får vere med på å forme læringsmiljøet.",
                    "The pupils help shape the learning environment.",
                ),
            ),
        ),
        *page(
            "ledelse_samarbeid",
            ("Ledelse og samarbeid", "Leiing og samarbeid", "Leadership and collaboration"),
            statement(
                "ledelse_1",
                (
                    "Ledelsen gir tydelig retning for utviklingsarbeidet.",
                    "Leiinga gir tydeleg retning for utviklingsarbeidet.",
                    "The leadership gives clear direction to the development work.",
                ),
            ),
            statement(
                "ledelse_2",
                (
                    "Ledelsen følger opp det vi har blitt enige om.",
                    "Leiinga følgjer opp det vi har blitt samde om.",
                    "The leadership follows up what we have agreed on.",
                ),
            ),
            statement(
                "ledelse_3",
                (
                    "Møtetiden brukes mest på pedagogiske spørsmål.",
                    "Møtetida blir mest brukt på pedagogiske spørsmål.",
                    "Meeting time is spent mostly on teaching and learning.",
                ),
            ),
            statement(
                "ledelse_4",
                (
                    "Vi samarbeider godt på tvers av trinn og fag.",
                    "Vi samarbeider godt på tvers av trinn og fag.",
                    "We work well together across year groups and subjects.",
                ),
            ),
            statement(
                "ledelse_5",
                (
                    "Alle ansatte blir tatt med når vi velger hva vi skal utvikle.",
                    "Alle tilsette blir tekne med når vi vel kva vi skal utvikle.",
                    "All staff are involved when we choose what to develop.",
                ),
            ),
        ),
        *page(
            "vurdering",
            ("Vurdering for læring", "Vurdering for læring", "Assessment for learning"),
            statement(
                "vurdering_1",
                (
                    "Elevene vet hva de skal lære og hva som er forventet av dem.",
                    "Elevane veit kva dei skal lære og kva som er venta av dei.",
                    "The pupils know what they are to learn and what is expected of them.",
                ),
            ),
            statement(
                "vurdering_2",
                (
                    "Elevene får tilbakemeldinger som sier hva de kan gjøre videre.",
                    "Elevane får tilbakemeldingar som seier kva dei kan gjere vidare.",
                    "The pupils get feedback that tells them what to do next.",
                ),
            ),
            statement(
                "vurdering_3",
                (
                    "Elevene vurderer sitt eget arbeid.",
                    "Elevane vurderer sitt eige arbeid.",
                    "The pupils assess their own work.",
                ),
            ),
            statement(
                "vurdering_4",
                (
                    "Vi bruker det vi ser av elevenes læring til å justere undervisningen.",
                    "Vi bruker det vi ser av læringa til elevane til å justere undervisinga.",
                    "We use what we see of the pupils' learning to adjust our teaching.",
                ),
            ),
            statement(
                "vurdering_5",
                (
                    "Vi har en felles forståelse av hva god måloppnåelse er.",
                    "Vi har ei felles forståing av kva god måloppnåing er.",
                    "We share an understanding of what good attainment is.",
                ),
            ),
        ),
        *page(
            "lesing_skriving",
            ("Lesing og skriving", "Lesing og skriving", "Reading and writing"),
            statement(
                "lesing_1",
                (
                    "Vi arbeider med lesing og skriving i alle fag.",
                    "Vi arbeider med lesing og skriving i alle fag.",
                    "We work on reading and writing in every subject.",
                ),
            ),
            statement(
                "lesing_2",
                (
                    "Vi lærer elevene strategier for å forstå det de leser.",
                    "Vi lærer elevane strategiar for å forstå det dei les.",
                    "We teach the pupils strategies for understanding what they read.",
                ),
            ),
            statement(
                "lesing_3",
                (
                    "Vi følger opp elever som strever med lesing, tidlig.",
                    "Vi følgjer opp elevar som strevar med lesing, tidleg.",
                    "We follow up pupils who struggle with reading early.",
                ),
            ),
            statement(
                "lesing_4",
                (
                    "Elevene skriver ofte, og for ulike formål.",
                    "Elevane skriv ofte, og for ulike føremål.",
                    "The pupils write often and for different purposes.",
                ),
            ),
            statement(
                "lesing_5",
                (
                    "Vi bruker kartlegginger av lesing til å planlegge undervisningen.",
                    "Vi bruker kartleggingar av lesing til å planleggje undervisinga.",
                    "We use reading assessments to plan our teaching.",
                ),
            ),
        ),
    ],
    "choices": {"stemmer4": TRUE_4},
    "scales": [],
}

FORMS = (
    PUPIL_5_7,
    CHILD_RATING,
    PUPIL_8_10,
    GUARDIAN_SCHOOL,
    TEACHER,
    ASSISTANT,
    SCHOOL_LEADER,
    KG_CHILD,
    KG_STAFF,
    KG_LEADER,
    KG_GUARDIAN,
    SELF_ASSESSMENT,
)


def _sheet(workbook, title, header, rows):
    sheet = workbook.create_sheet(title)
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 70)
    sheet.freeze_panes = "A2"


def _survey_columns(form):
    return [
        column
        for column in SURVEY_COLUMNS
        if column not in OPTIONAL_SURVEY_COLUMNS or any(e.get(column) for e in form["survey"])
    ]


def _survey_row(entry, columns):
    row = []
    for column in columns:
        kind, _, language = column.partition("::")
        if kind in ("label", "hint") and language in LANGUAGES:
            texts = entry.get(kind)
            row.append(texts[LANGUAGES.index(language)] if texts else None)
        else:
            row.append(entry.get(column))
    return row


def workbook_bytes(form) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    columns = _survey_columns(form)
    _sheet(workbook, "survey", columns, [_survey_row(e, columns) for e in form["survey"]])
    # A choice is (value, texts) or (value, texts, symbol); the symbol column only when used.
    choices = [
        (list_name, *choice) for list_name, entries in form["choices"].items() for choice in entries
    ]
    with_symbols = any(len(choice) > 3 for choice in choices)
    _sheet(
        workbook,
        "choices",
        (
            "list_name",
            "name",
            *(f"label::{lang}" for lang in LANGUAGES),
            *(("symbol",) if with_symbols else ()),
        ),
        [
            (list_name, value, *texts, *((rest[0] if rest else None,) if with_symbols else ()))
            for list_name, value, texts, *rest in choices
        ],
    )
    settings = form["settings"]
    _sheet(
        workbook,
        "settings",
        (
            "form_id",
            "version",
            *(f"form_title::{lang}" for lang in LANGUAGES),
            "default_language",
            "respondent_group",
        ),
        [
            (
                settings["form_id"],
                settings["version"],
                *settings["title"],
                "nb",
                settings["respondent_group"],
            )
        ],
    )
    _sheet(
        workbook,
        "scales",
        ("scale", *(f"label::{lang}" for lang in LANGUAGES)),
        [(code, *texts) for code, texts in form["scales"]],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _reproducible(buffer.getvalue())


def _reproducible(data: bytes) -> bytes:
    """The same workbook with fixed timestamps, so a re-run changes no bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*",
                    rb"\g<1>2026-01-01T00:00:00Z",
                    content,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return out.getvalue()


def main(directory: Path = HERE) -> list[Path]:
    written = []
    for form in FORMS:
        path = directory / form["file"]
        path.write_bytes(workbook_bytes(form))
        written.append(path)
    return written


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(path)
