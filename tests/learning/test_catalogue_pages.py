"""The programme administrator keeps the catalogue, the multi-year plan and the
conditions; everyone in the programme reads them; Word and PDF of the plan."""

from __future__ import annotations

import io
import shutil
import subprocess

import docx
import pytest
from django.urls import reverse

from samla.learning import plan_exports, services
from samla.learning.models import LearningSettings, Module, MultiYearPlanEntry, Package
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def url(name, org, **kwargs):
    return reverse(f"portal:{name}", kwargs={"slug": org.school_programme.slug, **kwargs})


def test_admin_writes_a_package_with_modules(demo_org):
    admin = client_for("admin")
    response = admin.post(
        url("package_new", demo_org),
        {
            "title": "Lesing i alle fag",
            "theme": "Lesing",
            "level": "grunnskole",
            "audience": "all_staff",
            "description": "Om lesing.",
            "links": "https://example.org/lesing\n",
        },
    )
    assert response.status_code == 302
    package = Package.objects.get(title="Lesing i alle fag")
    assert package.links == ["https://example.org/lesing"]
    for title in ("Forberedelse", "Lesestrategier"):
        response = admin.post(
            url("module_new", demo_org, pk=package.pk),
            {"title": title, "kind": "subject", "minutes": 90, "purpose": "Hvorfor"},
        )
        assert response.status_code == 302
    first, second = package.modules.order_by("number")
    admin.post(url("module_action", demo_org, pk=package.pk, module_pk=second.pk), {"action": "up"})
    assert list(package.modules.order_by("number").values_list("title", flat=True)) == [
        "Lesestrategier", "Forberedelse"
    ]  # fmt: skip
    admin.post(
        url("module_action", demo_org, pk=package.pk, module_pk=first.pk), {"action": "delete"}
    )
    assert list(package.modules.values_list("number", flat=True)) == [1]
    page = client_for("laerer").get(url("package", demo_org, pk=package.pk)).content.decode()
    assert "Lesestrategier" in page and "Hvorfor" in page
    assert reverse("portal:package_edit", kwargs={"slug": demo_org.school_programme.slug,
                                                   "pk": package.pk}) not in page  # fmt: skip


def test_bad_links_and_refusals_are_shown(demo_org):
    admin = client_for("admin")
    response = admin.post(
        url("package_new", demo_org),
        {"title": "X", "level": "grunnskole", "audience": "leaders", "links": "ikke en lenke"},
    )
    assert response.status_code == 200
    assert "ikke en lenke" in response.content.decode()
    package = demo_org.learning_package()
    services.choose_package(demo_org.school, package, demo_org.school_year, None)
    response = admin.post(url("package_delete", demo_org, pk=package.pk), follow=True)
    assert Package.objects.filter(pk=package.pk).exists()
    assert "message--error" in response.content.decode()


def test_only_admins_change_the_catalogue(demo_org):
    package = demo_org.learning_package()
    response = client_for("rektor").post(
        url("module_new", demo_org, pk=package.pk), {"title": "Y", "kind": "subject", "minutes": 90}
    )
    assert response.status_code == 403
    assert not Module.objects.filter(title="Y").exists()
    response = client_for("rektor").post(
        url("multi_year_plan", demo_org),
        {"audience": "leaders", "school_year": "2026/2027", "package": package.pk},
    )
    assert response.status_code == 403
    response = client_for("eier").post(url("conditions", demo_org), {"action": "add", "text": "Z"})
    assert response.status_code == 403


def test_multi_year_plan_matrix(demo_org):
    package = demo_org.learning_package()
    admin = client_for("admin")
    for audience, year in (("all_staff", "2018/2019"), ("leaders", "2019/2020")):
        response = admin.post(
            url("multi_year_plan", demo_org),
            {"audience": audience, "school_year": year, "package": package.pk},
        )
        assert response.status_code == 302
    plan = plan_exports.multi_year_plan(demo_org.school_programme)
    assert plan["years"] == ["2018/2019", "2019/2020"]
    rows = {row["audience"]: row["cells"] for row in plan["rows"]}
    assert [[i["title"] for i in cell] for cell in rows["all_staff"]] == [[package.title], []]
    assert [[i["title"] for i in cell] for cell in rows["leaders"]] == [[], [package.title]]
    response = admin.post(
        url("multi_year_plan", demo_org),
        {"audience": "leaders", "school_year": "2019/2021", "package": package.pk},
    )
    assert response.status_code == 200  # not two following years: refused, shown
    entry = MultiYearPlanEntry.objects.get(audience="leaders")
    admin.post(url("multi_year_plan", demo_org), {"action": "remove", "entry": entry.pk})
    assert not MultiYearPlanEntry.objects.filter(pk=entry.pk).exists()
    assert client_for("laerer").get(url("multi_year_plan", demo_org)).status_code == 200


def test_conditions_and_rule(demo_org):
    admin = client_for("admin")
    admin.post(url("conditions", demo_org), {"action": "add", "text": "Alle ansatte er informert"})
    admin.post(url("conditions", demo_org), {"action": "add", "text": "Hele ledelsen deltar"})
    first, second = demo_org.school_programme.conditions.all()
    admin.post(
        url("conditions", demo_org),
        {"action": "update", "condition": first.pk, "text": "Alle ansatte kjenner programmet"},
    )
    admin.post(url("conditions", demo_org), {"action": "remove", "condition": second.pk})
    assert list(demo_org.school_programme.conditions.values_list("text", flat=True)) == [
        "Alle ansatte kjenner programmet"
    ]
    response = admin.post(
        url("conditions", demo_org),
        {"action": "rule", "meetings_per_semester": 5, "minutes_per_meeting": 60},
    )
    assert response.status_code == 302
    settings = LearningSettings.objects.get(programme=demo_org.school_programme)
    assert (settings.meetings_per_semester, settings.minutes_per_meeting) == (5, 60)
    response = admin.post(
        url("conditions", demo_org),
        {"action": "rule", "meetings_per_semester": 0, "minutes_per_meeting": 60},
    )
    assert response.status_code == 200
    page = client_for("rektor").get(url("conditions", demo_org)).content.decode()
    assert "Alle ansatte kjenner programmet" in page


def _plan(demo_org):
    package = demo_org.learning_package()
    for year in ("2018/2019", "2019/2020", "2020/2021"):
        services.add_plan_entry(demo_org.school_programme, "all_staff", year, package)
    other = services.save_package(
        demo_org.school_programme,
        services.PackageInput(title="Å lede læringsgrupper", level="grunnskole",
                              audience="group_leaders"),
    )  # fmt: skip
    services.add_plan_entry(demo_org.school_programme, "group_leaders", "2019/2020", other)
    return package, other


def test_multi_year_plan_as_word(demo_org, django_assert_num_queries):
    package, other = _plan(demo_org)
    with django_assert_num_queries(2):
        content = plan_exports.multi_year_plan_to_docx(demo_org.school_programme)
    table = docx.Document(io.BytesIO(content)).tables[0]
    assert [c.text for c in table.rows[0].cells][1:] == ["2018/2019", "2019/2020", "2020/2021"]
    cells = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in table.rows[1:]}
    staff_row = next(v for k, v in cells.items() if v[0])
    assert staff_row == [package.title] * 3
    assert [package.title, "", ""] != staff_row
    assert other.title in [text for row in cells.values() for text in row]
    response = client_for("laerer").get(url("multi_year_plan_export", demo_org, fmt="docx"))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.docx"')


def test_multi_year_plan_as_pdf(demo_org):
    package, _other = _plan(demo_org)
    response = client_for("laerer").get(url("multi_year_plan_export", demo_org, fmt="pdf"))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()
        assert package.title in text and "2020/2021" in text
