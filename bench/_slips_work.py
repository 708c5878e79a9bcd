"""The slips bench's work inside the bench's Django environment (see slips.py).

python bench/_slips_work.py setup <classes> <pupils> <info.json>
python bench/_slips_work.py measure <info.json> <repeats>

``setup`` makes a programme, a school with ``classes`` classes of grades 5–7 sharing
``pupils`` pupils (their sizes known), its leader and an open round asking the pupils'
5–7 questionnaire. ``measure`` posts the slips form as the leader through Django's test
client, in this process: the baseline (one class of 20, what the per-class form made) and
the whole school (every class, its size as the number), ``repeats`` times each, in wall and
CPU seconds; then the school's steps once by themselves, in CPU seconds (issue the codes,
the slips' HTML, WeasyPrint's layout and PDF). Prints one JSON line.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import django

LEADER = "bench-rektor"
CODE_LENGTH = 13


def setup(classes: int, pupils: int, out: str) -> None:
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from samla.org.models import (
        Enrolment,
        Group,
        GroupKind,
        Level,
        Membership,
        Owner,
        OwnerKind,
        Person,
        Programme,
        Role,
        Unit,
        UnitKind,
    )
    from samla.surveys import services
    from samla.surveys.models import Round, RoundInstrument

    began = time.perf_counter()
    programme = Programme.objects.create(name="Bench", slug="bench", level=Level.PRIMARY)
    owner = Owner.objects.create(name="Bench kommune", kind=OwnerKind.MUNICIPALITY)
    school = Unit.objects.create(name="Benk skole", kind=UnitKind.PRIMARY, owner=owner)
    Enrolment.objects.create(unit=school, programme=programme)
    base, extra = divmod(pupils, classes)
    Group.objects.bulk_create(
        Group(
            unit=school,
            name=f"{5 + n % 3}{chr(ord('A') + n // 3)}",
            kind=GroupKind.CLASS,
            grade=5 + n % 3,
            size=base + (1 if n < extra else 0),
        )
        for n in range(classes)
    )
    leader = Person.objects.create_user(username=LEADER, password=None)
    Membership.objects.create(person=leader, role=Role.UNIT_LEADER, unit=school)
    library = Path(settings.BASE_DIR) / "samla" / "surveys" / "library"
    version = services.publish_instrument((library / "elev_5_7.xlsx").read_bytes())
    now = timezone.now()
    round = Round.objects.create(
        programme=programme,
        name="T1",
        slug="bench-t1",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        published=True,
    )
    round.units.add(school)
    RoundInstrument.objects.create(round=round, respondent_group="pupil_5_7", version=version)
    info = {
        "round": round.slug,
        "unit": school.pk,
        "classes": classes,
        "pupils": sum(school.groups.values_list("size", flat=True)),
        "organisation_s": time.perf_counter() - began,
    }
    Path(out).write_text(json.dumps(info))


def _post(client, url: str, groups) -> tuple[float, float, bytes]:
    """Wall and CPU seconds of one request (CPU: this process's, the figure other work on
    the machine does not inflate), and the PDF."""
    data = {"respondent_group": "pupil_5_7", "group": [group.pk for group, _n in groups]}
    data |= {f"count_{group.pk}": count for group, count in groups}
    began, cpu = time.perf_counter(), time.process_time()
    response = client.post(url, data)
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    if response.status_code != 200 or response["Content-Type"] != "application/pdf":
        raise RuntimeError(f"the slips page answered {response.status_code}")
    return seconds, cpu, response.content


def _printed_codes(pdf: bytes) -> tuple[int, int] | None:
    """(pages, codes printed) read back with pdftotext, or None without it."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        try:
            text = subprocess.run(
                ["pdftotext", file.name, "-"], capture_output=True, text=True, check=True
            ).stdout
        except FileNotFoundError:
            return None
    pages = [page for page in text.split("\f") if page.strip()]
    codes = sum(
        1
        for word in text.split()
        if len(word) == CODE_LENGTH and word.count("-") == 2 and word.replace("-", "").isalnum()
    )
    return len(pages), codes


def measure(out: str, repeats: int) -> None:
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from samla.core.pdf import STATIC_SOURCE, render_html
    from samla.org.models import Group, Person, Unit
    from samla.portal.views import slips
    from samla.surveys import codes as access_codes
    from samla.surveys import queries
    from samla.surveys.models import Round
    from samla.surveys.services import issuing

    info = json.loads(Path(out).read_text())
    round = Round.objects.get(slug=info["round"])
    unit = Unit.objects.get(pk=info["unit"])
    groups = [(group, group.size) for group in Group.objects.filter(unit=unit)]
    url = reverse("portal:code_slips", kwargs={"slug": round.slug})
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(Person.objects.get(username=LEADER))

    _post(client, url, [(groups[0][0], 20)])  # the first request loads WeasyPrint and fonts
    baseline = [_post(client, url, [(groups[0][0], 20)]) for _ in range(repeats)]
    school = [_post(client, url, groups) for _ in range(repeats)]
    pdf = school[-1][2]
    read_back = _printed_codes(pdf)

    # The school's steps by themselves, as the view runs them.
    from weasyprint import HTML

    translation.activate("nb")
    answer_url = "http://127.0.0.1/svar/"
    began = time.process_time()
    issued = issuing.issue_class_codes(round, unit, "pupil_5_7", groups)
    issue_s = time.process_time() - began
    began = time.process_time()
    qr = access_codes.address_qr(answer_url)
    html = render_html(
        "surveys/slips_pdf.html",
        {
            "round": round,
            "unit": unit,
            "sections": [{"group": g, "slips": [{"code": c} for c in made]} for g, made in issued],
            "questionnaire": queries.group_label("pupil_5_7"),
            "answer_url": answer_url,
            "qr": qr,
            "last_day": slips.last_day(round),
            "language": "nb",
        },
    )
    html_s = time.process_time() - began
    began = time.process_time()
    document = HTML(string=html, base_url=STATIC_SOURCE.as_uri() + "/").render()
    layout_s = time.process_time() - began
    began = time.process_time()
    document.write_pdf(pdf_variant="pdf/ua-1")
    write_s = time.process_time() - began

    result = {
        "slips": sum(count for _group, count in groups),
        "classes": len(groups),
        "baseline_s": statistics.median(wall for wall, _cpu, _pdf in baseline),
        "baseline_cpu_s": statistics.median(cpu for _wall, cpu, _pdf in baseline),
        "school_s": statistics.median(wall for wall, _cpu, _pdf in school),
        "school_cpu_s": statistics.median(cpu for _wall, cpu, _pdf in school),
        "school_runs_s": [round_s(wall) for wall, _cpu, _pdf in school],
        "pdf_bytes": len(pdf),
        "pages": read_back[0] if read_back else None,
        "codes_printed": read_back[1] if read_back else None,
        "steps_s": {
            "issue": issue_s,
            "html": html_s,
            "layout": layout_s,
            "write_pdf": write_s,
        },
    }
    print(json.dumps(result))


def round_s(seconds: float) -> float:
    return float(f"{seconds:.3f}")


if __name__ == "__main__":
    django.setup()
    if len(sys.argv) == 5 and sys.argv[1] == "setup":
        setup(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif len(sys.argv) == 4 and sys.argv[1] == "measure":
        measure(sys.argv[2], int(sys.argv[3]))
    else:
        raise SystemExit(__doc__)
