"""The org-import bench's work inside the bench's Django environment (see org_import.py).

python bench/_org_import_work.py county <slug> <units> <classes> <staff> <seed>

Makes a programme with its regions, writes a register file (NSR's JSON shape) with
``units`` invented schools and Samla's workbook with ``classes`` classes and ``staff``
staff over them, and takes both through the import runner as the task worker does
(start_import → run_check → request_apply → run_apply). Prints one JSON line of timings.
"""

from __future__ import annotations

import io
import json
import random
import sys
import time

import django

MUNICIPALITIES = [f"34{n:02d}" for n in range(1, 31)]


def org_number(rng: random.Random, taken: set[str]) -> str:
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    while True:
        digits = f"{rng.randrange(80_000_000, 99_999_999):08d}"
        remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
        check = 0 if remainder == 0 else 11 - remainder
        if check == 10:
            continue
        number = digits + str(check)
        if number not in taken:
            taken.add(number)
            return number


def register_file(slug: str, units: int, rng: random.Random) -> tuple[bytes, list[dict]]:
    taken: set[str] = set()
    entries = []
    for n in range(units):
        municipality = MUNICIPALITIES[n % len(MUNICIPALITIES)]
        highest = 7 if n % 3 else 10
        entries.append(
            {
                "Orgnr": org_number(rng, taken),
                "Navn": f"{slug} skole {n + 1}",
                "Kommune": {"Kommunenr": municipality, "Navn": f"Kommune {municipality}"},
                "Fylke": {"Fylkesnr": "34", "Navn": "Innlandet"},
                "ErAktiv": True,
                "ErSkole": True,
                "ErGrunnskole": True,
                "ErVideregaaendeSkole": False,
                "ErPrivatskole": False,
                "ErOffentligSkole": True,
                "SkoletrinnGSFra": 1,
                "SkoletrinnGSTil": highest,
                "Maalform": {"Id": "B" if n % 5 else "N"},
                "Utgaattype": None,
                "UtgaattDato": None,
                "ForeldreRelasjoner": [],
            }
        )
    page = {"Sidenummer": 1, "AntallPerSide": units, "AntallSider": 1, "Enheter": entries}
    return json.dumps(page, ensure_ascii=False).encode(), entries


def workbook_file(entries: list[dict], classes: int, staff: int, slug: str) -> bytes:
    from openpyxl import Workbook

    from samla.org.imports.workbook_read import (
        CLASS_COLUMNS,
        CLASS_SHEET,
        STAFF_COLUMNS,
        STAFF_SHEET,
    )

    book = Workbook(write_only=True)
    class_sheet = book.create_sheet(CLASS_SHEET)
    class_sheet.append(list(CLASS_COLUMNS.values()))
    names: list[tuple[dict, str]] = []
    for n in range(classes):
        unit = entries[n % len(entries)]
        grade = 1 + (n // len(entries)) % unit["SkoletrinnGSTil"]
        name = f"{grade}{chr(65 + n // (len(entries) * unit['SkoletrinnGSTil']))}"
        names.append((unit, name))
        class_sheet.append([unit["Navn"], unit["Orgnr"], "klasse", name, grade, 18 + n % 10])
    staff_sheet = book.create_sheet(STAFF_SHEET)
    staff_sheet.append(list(STAFF_COLUMNS.values()))
    for n in range(staff):
        unit, name = names[n % len(names)]
        role = "rektor" if n < len(entries) else "lærer"
        unit = entries[n % len(entries)] if role == "rektor" else unit
        staff_sheet.append(
            [
                f"Fornavn{n}",
                f"Etternavn{n}",
                f"ansatt{n}@{slug}.example",
                unit["Navn"],
                unit["Orgnr"],
                role,
                "" if role == "rektor" else name,
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def through_the_runner(programme, admin, kind: str, name: str, content: bytes) -> dict:
    from samla.org.imports import runner
    from samla.org.models import ImportState, OrgImport

    began = time.perf_counter()
    upload = runner.start_import(
        programme=programme, kind=kind, file_name=name, content=content, actor=admin,
        language="nb",
    )  # fmt: skip
    runner.run_check(upload.pk)
    checked = time.perf_counter()
    upload = OrgImport.objects.get(pk=upload.pk)
    if upload.state != ImportState.CHECKED:
        raise SystemExit(
            f"{name}: {upload.state} {upload.error} {upload.preview.get('rows', [])[:3]}"
        )
    runner.request_apply(upload, confirm_removals=False)
    runner.run_apply(upload.pk)
    applied = time.perf_counter()
    upload = OrgImport.objects.get(pk=upload.pk)
    if upload.state != ImportState.APPLIED:
        raise SystemExit(f"{name}: not applied ({upload.state}) {upload.error}")
    return {
        "check_s": round(checked - began, 2),
        "apply_s": round(applied - checked, 2),
        "counts": upload.preview.get("counts", {}),
        "bytes": len(content),
    }


def county(slug: str, units: int, classes: int, staff: int, seed: int) -> None:
    from samla.org.models import Level, Person, Region
    from samla.org.services import set_up_programme

    rng = random.Random(seed)
    programme = set_up_programme(
        slug=slug, name=f"Bench {slug}", level=Level.PRIMARY, admin_username=f"{slug}-admin"
    )
    admin = Person.objects.get(username=f"{slug}-admin")
    for n in range(4):
        Region.objects.get_or_create(
            programme=programme,
            name=f"Region {n + 1}",
            defaults={"short_name": f"R{n + 1}", "municipality_numbers": MUNICIPALITIES[n::4]},
        )
    began = time.perf_counter()
    register, entries = register_file(slug, units, rng)
    workbook = workbook_file(entries, classes, staff, slug)
    written = time.perf_counter() - began
    result = {
        "units": units,
        "classes": classes,
        "staff": staff,
        "files_written_s": round(written, 2),
        "register": through_the_runner(programme, admin, "nsr", "nsr.json", register),
        "workbook": through_the_runner(programme, admin, "workbook", "ansatte.xlsx", workbook),
    }
    result["total_s"] = round(
        sum(
            result[step][part]
            for step in ("register", "workbook")
            for part in ("check_s", "apply_s")
        ),
        2,
    )
    print(json.dumps(result))


if __name__ == "__main__":
    django.setup()
    if len(sys.argv) == 7 and sys.argv[1] == "county":
        county(sys.argv[2], *(int(value) for value in sys.argv[3:]))
    else:
        raise SystemExit(__doc__)
