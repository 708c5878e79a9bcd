"""A real county in a real browser: the administrator imports the school register and
the staff workbook through the import pages (the task worker checks and applies them),
gives a newcomer the unit leader's role at a school from the register and invites her;
she activates her account from the e-mail, logs in and sees her school. Then the
programme is rolled into the next school year, and last year's results still open."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

import samla
from samla.core.time import school_year_of
from samla.org import demo
from samla.org.models import Group, ImportState, OrgImport, Person, Unit, UnitSource
from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import DemoOrg

pytestmark = pytest.mark.browser

SAMPLES = Path(samla.__file__).resolve().parent / "demo" / "samples"


def run_the_worker() -> int:
    """What ``db_worker`` does with the import's tasks that are due (without its loop, which
    would close the test's database connection; the notifications job, which ``migrate``
    queues, is left waiting). Returns how many ran."""
    worker = Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="browser", excluded_queue_names=[],
    )  # fmt: skip
    ran = 0
    imports = DBTaskResult.objects.ready().filter(task_path__startswith="samla.org.")
    for result in imports.order_by("enqueued_at"):
        result.claim("browser")
        worker.run_task(result)
        ran += 1
    return ran


def upload_and_apply(page, base: str, slug: str, kind: str, path: Path, scope: str = "") -> None:
    page.goto(f"{base}/program/{slug}/import/")
    assert_accessible(page)
    page.locator("select[name=kind]").select_option(kind)
    if scope:
        page.locator("select[name=scope]").select_option(scope)
    page.locator("input[type=file]").set_input_files(str(path))
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_load_state()
    # The upload waits for the task worker: the page shows its progress.
    assert page.locator("progress#import-progress").count() == 1
    assert_accessible(page)
    assert run_the_worker() == 1
    page.reload()
    assert page.locator("progress").count() == 0
    assert_accessible(page)  # the preview
    upload = OrgImport.objects.latest("pk")
    assert upload.state == ImportState.CHECKED, upload.preview
    page.locator("button[name=action][value=apply]").click()
    page.wait_for_load_state()
    assert run_the_worker() == 1
    page.reload()
    upload.refresh_from_db()
    assert upload.state == ImportState.APPLIED, upload.error
    assert page.locator("#outcome-heading").count() == 1
    assert_accessible(page)


def test_a_county_comes_in_and_rolls_into_a_new_school_year(
    live_server, transactional_db, page, browser
):
    demo.build_organisation()
    org = DemoOrg()
    last_years_round = org.results_round()
    old_class_names = set(org.school.groups.values_list("name", flat=True))
    base, slug = live_server.url, org.school_programme.slug

    log_in(page, base, "admin")
    page.goto(f"{base}/program/{slug}/")
    page.locator(f"main a[href='/program/{slug}/organisasjon/']").click()
    page.wait_for_load_state()
    assert_accessible(page)

    # The school register: new schools, changed ones and a closed one.
    before = set(Unit.objects.values_list("pk", flat=True))
    upload_and_apply(page, base, slug, "nsr", SAMPLES / "nsr-innlandet.json")
    new_schools = Unit.objects.exclude(pk__in=before).filter(source=UnitSource.NSR)
    assert new_schools.exists()
    assert Unit.objects.filter(closed_on__isnull=False).exists()
    school = new_schools.order_by("name").first()

    # The staff workbook of the demo school: a new class 7C and its new teacher.
    upload_and_apply(
        page, base, slug, "workbook", SAMPLES / "ansatte-og-klasser.xlsx",
        scope=f"unit-{org.school.pk}",
    )  # fmt: skip
    newcomer = Person.objects.get(email="solveig.lunde@bjorkely.demo.samla.invalid")
    assert Group.objects.open().filter(unit=org.school, name="7C").exists()

    # The newcomer becomes the leader of a school from the register, and is invited.
    page.goto(f"{base}/program/{slug}/organisasjon/personer/?q=Solveig")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Solveig")).first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.locator("select[name=role]").select_option("unit_leader")
    page.locator("select[name=place]").select_option(f"unit:{school.pk}")
    page.locator(f"form[action$='/personer/{newcomer.pk}/gi-rolle/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert newcomer.memberships.filter(role="unit_leader", unit=school).exists()
    page.locator(f"a[href$='/personer/{newcomer.pk}/inviter/']").click()
    page.wait_for_load_state()
    assert_accessible(page)
    mail.outbox.clear()
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state()
    assert len(mail.outbox) == 1
    (link,) = re.findall(r"https?://\S+/aktiver/\S+/", mail.outbox[0].body)
    assert "samla-demo" not in mail.outbox[0].body  # no password is ever sent

    # She opens the link in her own browser, chooses a password and is in.
    her = browser.new_context()
    her.set_default_timeout(10_000)
    her_page = her.new_page()
    her_page.goto(base + link[link.index("/aktiver/") :])
    assert_accessible(her_page)
    her_page.locator("input[name=password1]").fill("Skoleåret-2027!")
    her_page.locator("input[name=password2]").fill("Skoleåret-2027!")
    her_page.locator("main form button[type=submit]").click()
    her_page.wait_for_load_state()
    assert her_page.url.rstrip("/") == base
    assert school.name in her_page.locator("main").inner_text()
    her_page.goto(f"{base}/enheter/{school.pk}/")
    assert her_page.locator("h1").inner_text().startswith(school.name)
    assert_accessible(her_page)
    her.close()
    newcomer.refresh_from_db()
    assert newcomer.has_usable_password() and newcomer.invitations.get().accepted_at

    # A new school year: the administrator looks over the roll and confirms it.
    next_year = int(school_year_of(timezone.localdate())[:4]) + 1
    page.goto(f"{base}/program/{slug}/nytt-skolear/?aar={next_year}")
    assert_accessible(page)
    page.locator("input[name=confirm]").check()
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert not org.school.groups.open().filter(name="7A", school_year=None).exists()
    assert org.school.groups.open().filter(name="7A", school_year=next_year).exists()

    # Last year's results open with the classes as they were.
    page.goto(f"{base}/resultater/{last_years_round.slug}/unit/{org.school.pk}/")
    assert page.locator("h1").inner_text().startswith(org.school.name)
    shown = page.locator("main").inner_text()
    assert any(name in shown for name in old_class_names)
    assert_accessible(page)
