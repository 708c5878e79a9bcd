"""The programme administrator keeps the catalogue, the multi-year plan and the
conditions; everyone in the programme reads them. The Word and PDF of the plan are in
``test_plan_exports``."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
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
        url("module_action", demo_org, pk=package.pk, module_pk=first.pk),
        {"action": "delete", "confirm": "yes"},
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
    response = admin.post(
        url("package_delete", demo_org, pk=package.pk), {"confirm": "yes"}, follow=True
    )
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
    assert not MultiYearPlanEntry.objects.exists()
    response = client_for("eier").post(url("conditions", demo_org), {"action": "add", "text": "Z"})
    assert response.status_code == 403
    assert not demo_org.school_programme.conditions.exists()
    response = client_for("laerer").post(
        url("package_edit", demo_org, pk=package.pk),
        {"title": "Nytt navn", "level": "grunnskole", "audience": "leaders"},
    )
    assert response.status_code == 403
    package.refresh_from_db()
    assert package.title == "Klasseledelse i praksis"


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
    admin.post(
        url("multi_year_plan", demo_org), {"action": "remove", "entry": entry.pk, "confirm": "yes"}
    )
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
    admin.post(
        url("conditions", demo_org), {"action": "remove", "condition": second.pk, "confirm": "yes"}
    )
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


def test_admin_changes_a_package_and_a_module(demo_org):
    package = demo_org.learning_package()
    first, second, third = package.modules.order_by("number")
    admin = client_for("admin")
    form = admin.get(url("package_edit", demo_org, pk=package.pk)).content.decode()
    assert 'value="Klasseledelse i praksis"' in form

    response = admin.post(
        url("package_edit", demo_org, pk=package.pk),
        {"title": "Klasseledelse", "level": "grunnskole", "audience": "leaders",
         "links": "https://example.org/a\nhttps://example.org/b"},
    )  # fmt: skip
    assert response.status_code == 302
    response = admin.post(
        url("module_edit", demo_org, pk=package.pk, module_pk=second.pk),
        {"title": "Relasjoner", "kind": "analysis", "minutes": 60,
         "reflection_questions": "Hva virker?"},
    )  # fmt: skip
    assert response.status_code == 302
    admin.post(
        url("module_action", demo_org, pk=package.pk, module_pk=first.pk), {"action": "down"}
    )

    package.refresh_from_db()
    assert (package.title, package.audience, package.links) == (
        "Klasseledelse", "leaders", ["https://example.org/a", "https://example.org/b"]
    )  # fmt: skip
    assert list(package.modules.order_by("number").values_list("pk", "number")) == [
        (second.pk, 1), (first.pk, 2), (third.pk, 3)
    ]  # fmt: skip
    second.refresh_from_db()
    assert (second.title, second.kind, second.minutes) == ("Relasjoner", "analysis", 60)
    page = client_for("laerer").get(url("package", demo_org, pk=package.pk)).content.decode()
    assert "Hva virker?" in page and "https://example.org/b" in page


def test_a_package_of_another_programme_is_not_found(demo_org):
    other = services.save_package(
        demo_org.kindergarten_programme,
        services.PackageInput(title="Lek og læring", level="barnehage"),
    )
    admin = client_for("admin")  # administers both programmes
    assert admin.get(url("package", demo_org, pk=other.pk)).status_code == 404
    assert admin.get(url("package_edit", demo_org, pk=other.pk)).status_code == 404
    response = admin.post(
        url("multi_year_plan", demo_org),
        {"audience": "leaders", "school_year": "2026/2027", "package": other.pk},
    )
    assert response.status_code == 200  # not among the choices: refused on the form
    assert not MultiYearPlanEntry.objects.exists()


def test_a_reader_sees_the_catalogue_without_keeper_links(demo_org):
    package = demo_org.learning_package()
    page = client_for("laerer").get(url("packages", demo_org)).content.decode()
    assert package.title in page
    assert url("package_new", demo_org) not in page
    assert (
        url("package_new", demo_org)
        in client_for("admin").get(url("packages", demo_org)).content.decode()
    )


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def _more_packages(org, count):
    programme = org.school_programme
    for n in range(count):
        package = services.save_package(
            programme, services.PackageInput(title=f"Pakke {n}", level="grunnskole")
        )
        services.save_module(package, services.ModuleInput(title="Modul", kind="subject"))
        for year in ("2018/2019", "2019/2020"):
            services.add_plan_entry(programme, "leaders", year, package)


@pytest.mark.parametrize("page", ["packages", "multi_year_plan", "package"])
def test_the_pages_make_the_same_queries_for_one_item_and_for_three(demo_org, page):
    package = demo_org.learning_package()
    services.add_plan_entry(demo_org.school_programme, "all_staff", "2018/2019", package)
    kwargs = {"pk": package.pk} if page == "package" else {}
    admin = client_for("admin")
    one = _queries(admin, url(page, demo_org, **kwargs))
    _more_packages(demo_org, 2)
    for title in ("Fire", "Fem"):
        services.save_module(package, services.ModuleInput(title=title, kind="subject"))
    assert _queries(admin, url(page, demo_org, **kwargs)) == one
