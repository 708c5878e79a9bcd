"""Plans built through the services for the export tests, and a Word file like seed 000."""

from __future__ import annotations

import io

import docx

from samla.plans.services import (
    ActivityInput,
    add_activity,
    get_or_create_plan,
    set_activity_status,
    set_session,
)

HEADINGS = ["Når", "Aktiviteter", "Ansvar", "Målgruppe"]


def region(programme, short_name):
    return programme.regions.get(short_name=short_name)


def add(plan, title, when="", term="", **fields):
    return add_activity(plan, ActivityInput(title=title, when_text=when, term=term, **fields))


def build_plan(programme, school_year):
    """A plan with every kind of time the plans write, in both terms (nine activities)."""
    plan, _created = get_or_create_plan(programme, school_year)
    owners = add(
        plan,
        "Regionale eiermøter",
        term="autumn",
        details=(
            {"kind": "heading", "text": "Samarbeidsformen Kultur for læring"},
            {"kind": "bullet", "text": "Oppvekstforum sin oppsummering"},
            {"kind": "bullet", "text": "Hva innebærer arbeidsformen i vår region?"},
            {"kind": "paragraph", "text": "Forberedelse til kartlegging T3"},
        ),
        responsible="Regionene",
        audience="Kommunene, Statsforvalteren, SePU",
    )
    for short_name, text in (("NØR", "19/8"), ("SØR", ""), ("HR", "20/8")):
        set_session(owners, region(programme, short_name), text)
    add(plan, "Regionale work-shop", "Uke 34", "autumn", responsible="Regionene og SePU")
    add(plan, "Samling for skoleledere", "22.09.21 kl.14-16", "autumn", location="Hamar")
    add(plan, "Gjennomføring spørreundersøkelsen", "15. oktober – 30. november", "autumn")
    november = add(plan, "Regional work-shop, felles barnehage skole", "November", "autumn")
    for short_name, text in (("NØR", "18/11"), ("SØR", "20/11"), ("KR", "4/12"), ("HR", "19/11")):
        set_session(november, region(programme, short_name), text)
    add(plan, "Resultatportalen åpnes", "10.01.22", "spring", audience="Skolene")
    add(plan, "Innlandskonferanse", "Februar?", "spring")
    set_activity_status(add(plan, "Kurs i analyse", "15.03.22", "spring"), "cancelled")
    add(plan, "Lærende nettverk", "Fra og med 20.04.22", "spring")
    return plan


def seed_like_docx() -> bytes:
    """A plan written as seed 000 is: term rows, region lines in the time cell, bullets."""
    rows = [
        ("Høst 2021",),
        (
            "NØR: 19/8\nSØR:\nKR:\nHR: 20/8",
            "Regionale eiermøter:\n-Oppsummering\nPlan",
            "Regionene",
        ),
        (
            "Regionale work-shop\n(Foreløpig utsatt)\nNØR:\nHR:",
            "Samarbeidsformen\n-Modellering",
            "SePU",
        ),
        ("Uke 34-35", "Regionale work-shop\nOppfølging av tolkningsarbeid", "Regionene og SePU"),
        ("22.09.21 kl.14-16", "Samling for skoleledere", "SePU"),
        ("15. oktober – 30. november", "Gjennomføring spørreundersøkelsen", "SePU og skolene"),
        ("November\nNØR: 18/11\nSØR: 20/11\nKR: 4/12\nHR: 19/11", "Regional work-shop", "SePU"),
        ("Vår 2022",),
        ("Januar", "Resultatportalen åpnes\nSkoleeier følger opp", "Conexus & SePU\nSkoleeier"),
        ("Februar?", "Innlandskonferanse", "Statsforvalteren"),
    ]
    document = docx.Document()
    table = document.add_table(rows=1, cols=4)
    for cell, heading in zip(table.rows[0].cells, HEADINGS, strict=True):
        cell.text = heading
    for row in rows:
        cells = table.add_row().cells
        if len(row) == 1:
            cells[0].merge(cells[3]).text = row[0]
            continue
        for cell, text in zip(cells, [*row, "Skoleledere, PP-tjenesten"], strict=True):
            for index, line in enumerate(text.split("\n")):
                paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
                if line.startswith("-"):
                    paragraph.style, line = "List Bullet", line[1:]
                paragraph.add_run(line)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
