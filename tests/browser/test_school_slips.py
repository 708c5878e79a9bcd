"""A school's code slips in a real browser: the leader's form is refused while it holds
classes outside the questionnaire's grades, keeps what was typed, and then gives one PDF
with a section per class. Each page state checked with axe."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from samla.org import demo
from samla.surveys.models import AccessCode
from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import DemoOrg

pytestmark = pytest.mark.browser
CODE = re.compile(r"\b[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{3}\b")


@pytest.fixture
def site(live_server, transactional_db):
    demo.build_organisation()
    return live_server.url


def test_leader_is_refused_for_young_classes_then_gets_one_pdf(site, page, tmp_path):
    org = DemoOrg()
    round = org.survey_round()
    classes = {group.name: group for group in org.school.groups.open()}
    before = AccessCode.objects.count()
    log_in(page, site, "rektor")
    page.goto(f"{site}{reverse('portal:code_slips', kwargs={'slug': round.slug})}")
    assert_accessible(page)
    boxes = page.locator("input[type=checkbox][name=group]")
    assert boxes.count() == len(classes)
    assert all(boxes.nth(n).is_checked() for n in range(boxes.count()))

    # Every class ticked with the 5–7 questionnaire: the young classes are refused.
    for group in classes.values():
        page.locator(f"input[name=count_{group.pk}]").fill("2")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    alert = page.get_by_role("alert")
    assert alert.locator("li").count() == 8  # 1A … 4B
    assert "1A" in alert.inner_text() and "5A" not in alert.inner_text()
    assert page.locator(f"input[name=count_{classes['6A'].pk}]").input_value() == "2"
    assert AccessCode.objects.count() == before
    assert_accessible(page)

    # Untick grades 1–4 and make 6A's number 3: one PDF, a section per class.
    for name, group in classes.items():
        if group.grade < 5:
            page.get_by_label(name, exact=True).uncheck()
    page.locator(f"input[name=count_{classes['6A'].pk}]").fill("3")
    with page.expect_download() as info:
        page.locator("main form button[type=submit]").click()
    pdf = info.value.path()
    assert info.value.suggested_filename.endswith(".pdf")
    assert AccessCode.objects.count() == before + 2 * 6 + 1
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is missing")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [page_text for page_text in text.split("\f") if page_text.strip()]
    headings = [re.search(r"^(\d[AB]) · ", page_text, re.M)[1] for page_text in pages]
    assert headings == ["5A", "5B", "6A", "6B", "7A", "7B"]
    assert [len(CODE.findall(page_text)) for page_text in pages] == [2, 2, 3, 2, 2, 2]
