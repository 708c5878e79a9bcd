"""Write Samla's sample questionnaires as XLSForm workbooks next to this script.

Run ``python samla/surveys/library/build_library.py`` after changing the texts below. The
questions are written for Samla (not taken from any published survey). The output is
byte-for-byte the same on every run (fixed timestamps), so git shows only real changes.

Each form follows the conventions in :mod:`samla.surveys.xlsform`: labels in nb, nn and en;
a top-level group per page; Likert lists named 1..N (plus ``dk``); the index of each item in
``instance::scale`` and its name on the ``scales`` sheet.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
FIXED_TIME = (2026, 1, 1, 0, 0, 0)
LANGUAGES = ("nb", "nn", "en")
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


def extent(name, label, scale):
    return likert(name, label, scale, choices="grad5")


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

FORMS = (PUPIL_5_7, CHILD_RATING)


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


def _survey_row(entry):
    row = []
    for column in SURVEY_COLUMNS:
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
    _sheet(workbook, "survey", SURVEY_COLUMNS, [_survey_row(e) for e in form["survey"]])
    _sheet(
        workbook,
        "choices",
        ("list_name", "name", *(f"label::{lang}" for lang in LANGUAGES)),
        [
            (list_name, value, *texts)
            for list_name, choices in form["choices"].items()
            for value, texts in choices
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
