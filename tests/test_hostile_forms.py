"""Hostile values in every field of every form, as every role that reaches it (issue 14,
point 4): no answer is a 5xx, and a refused post (4xx) leaves every table as it was.

The role matrix knows every URL and who gets 200 there. For each such page and role the
crawler reads the page's ``<form method="post">`` elements (inputs, text areas, selects,
named submit buttons) and posts each form as the page fills it, then with one field at a
time replaced by each hostile value of its kind: a field the page fills with a number (an
id, a count) gets text, a negative, a huge number and "1x"; any other field gets a NUL
byte, 10 000 characters and odd Unicode. A form that several roles see alike (the same
target, fields and buttons) gets the field-by-field values from the first of them and,
from each of the others, the form as filled and with every field hostile at once — so the
crawl covers every role without posting every combination, and stays around a minute.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve, reverse

from tests.conftest import client_for
from tests.core.db_state import row_counts
from tests.test_role_matrix import ALL_CASES

FOR_NUMBERS = ["abc", "-1", "99999999999999999999999", "1x"]
FOR_TEXT = ["a\x00b", "x" * 10_000, "\u202eEngtun\u200b skole \U0001f600 e\u0301 \ufeff\U0010ffff"]

# Forms that end the session or only switch the language: posting them tells nothing and
# would log the crawler out.
SKIPPED_ACTIONS = {"account_logout", "set_language"}
# Files (Word, PDF, Excel, JSON, calendars) hold no forms.
DOWNLOAD = re.compile(r"\.[a-z]{2,7}$")


@dataclass
class Form:
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # as the page fills them
    buttons: list[tuple[str, str]] = field(default_factory=list)  # named submit buttons
    numeric: set[str] = field(default_factory=set)  # type="number"

    def signature(self, target: str) -> tuple:
        return (target, tuple(sorted({n for n, _ in self.fields})), tuple(self.buttons))


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._radios: set[str] = set()
        self._select: str | None = None
        self._select_value: str | None = None
        self._in_option = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self._form, self._radios = Form(a.get("action", "")), set()
            return
        form, name = self._form, a.get("name")
        if form is None:
            return
        if tag == "input" and name:
            self._input(form, name, a)
        elif tag == "button" and name and a.get("type", "submit").lower() == "submit":
            form.buttons.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._select_value = name, None
        elif tag == "option" and self._select:
            self._in_option, self._text = "value" not in a, []
            if "value" in a and (self._select_value is None or "selected" in a):
                self._select_value = a["value"]

    def _input(self, form: Form, name: str, a: dict) -> None:
        kind = a.get("type", "text").lower()
        if kind in ("submit", "image", "button"):
            form.buttons.append((name, a.get("value", "")))
        elif kind in ("checkbox", "radio"):
            first_radio = kind == "radio" and name not in self._radios
            if "checked" in a or first_radio:
                if kind == "radio":  # the checked one, else the first
                    form.fields = [(n, v) for n, v in form.fields if n != name]
                    self._radios.add(name)
                form.fields.append((name, a.get("value", "on")))
        elif kind not in ("reset", "file"):
            form.fields.append((name, a.get("value", "")))
            if kind == "number":
                form.numeric.add(name)

    def handle_data(self, data) -> None:
        if self._textarea or self._in_option:
            self._text.append(data)

    def handle_endtag(self, tag) -> None:
        form = self._form
        if form is None:
            return
        if tag == "form":
            self.forms.append(form)
            self._form = None
        elif tag == "textarea" and self._textarea:
            form.fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None
        elif tag == "option" and self._in_option:
            self._in_option = False
            if self._select_value is None:
                self._select_value = "".join(self._text).strip()
        elif tag == "select" and self._select:
            form.fields.append((self._select, self._select_value or ""))
            self._select = None


def post_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def _target(page: str, form: Form) -> str | None:
    """The form's action as a path of this site; None for one we do not post."""
    parts = urlsplit(urljoin(page, form.action or page))
    if parts.netloc not in ("", "testserver"):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.view_name in SKIPPED_ACTIONS:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _hostile_for(form: Form, name: str, value: str) -> list[str]:
    numeric = name in form.numeric or re.fullmatch(r"-?[0-9]+", value.strip() or "x")
    return FOR_NUMBERS if numeric else FOR_TEXT


def _variants(form: Form, every_field: bool) -> list[tuple[str, dict]]:
    """(what was changed, the data): the form as filled, then hostile values — field by
    field with ``every_field``, else all fields at once."""
    variants = []
    for button in form.buttons or [None]:
        filled: dict[str, list[str]] = {}
        for name, value in form.fields:
            filled.setdefault(name, []).append(value)
        if button is not None:
            filled.setdefault(button[0], []).append(button[1])
        label = f"{button[0]}={button[1]}" if button else "as filled"
        variants.append((label, filled))
        names = [n for n in filled if n != "csrfmiddlewaretoken"]
        if every_field:
            for name in names:
                for value in _hostile_for(form, name, filled[name][0]):
                    variants.append((f"{label}, {name}={value[:12]!r}", {**filled, name: [value]}))
        elif names:
            hostile = {n: [_hostile_for(form, n, filled[n][0])[0]] for n in names}
            variants.append((f"{label}, every field hostile", {**filled, **hostile}))
    return variants


@dataclass
class Finding:
    role: str
    page: str
    target: str
    change: str
    problem: str

    def __str__(self) -> str:
        return f"{self.role} {self.page} → POST {self.target} [{self.change}]: {self.problem}"


def crawl(pages) -> tuple[list[Finding], dict[str, int]]:
    findings: list[Finding] = []
    figures = {"pages": 0, "forms": 0, "posts": 0}
    seen: set[tuple] = set()
    for page, roles in pages:
        for role in roles:
            client, who = client_for(role), role or "anonymous"
            try:
                response = client.get(page)
            except Exception as error:
                findings.append(Finding(who, page, "", "GET", _raised(error)))
                continue
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            figures["pages"] += 1
            for form in post_forms(response.content.decode()):
                target = _target(page, form)
                if target is None:
                    continue
                figures["forms"] += 1
                first = form.signature(target) not in seen
                seen.add(form.signature(target))
                for change, data in _variants(form, every_field=first):
                    figures["posts"] += 1
                    if problem := _post(client, target, data):
                        findings.append(Finding(who, page, target, change, problem))
    return findings, figures


def _post(client: Client, target: str, data: dict) -> str:
    before = row_counts()
    try:
        response = client.post(target, data)
    except Exception as error:
        return _raised(error)
    if response.status_code >= 500:
        return str(response.status_code)
    if response.status_code >= 400 and (after := row_counts()) != before:
        return f"{response.status_code}, yet {sorted(t for t in after if after[t] != before[t])}"
    return ""


def _raised(error: Exception) -> str:
    ours = [f for f in traceback.extract_tb(error.__traceback__) if "/samla/" in f.filename]
    where = f" ({ours[-1].filename.split('/samla/')[-1]}:{ours[-1].lineno})" if ours else ""
    return f"500 {type(error).__name__}: {str(error)[:160]}{where}"


def _pages(org) -> list[tuple[str, list[str | None]]]:
    """Every page of the matrix with the roles that get it (200), files left out."""
    pages = []
    for case in ALL_CASES:
        roles = [role for role, status in case.expected.items() if status == 200]
        url = reverse(case.url_name, kwargs=case.kwargs(org)) if roles else ""
        if roles and not DOWNLOAD.search(url):
            pages.append((url, roles))
    return pages


def _with_something_on_every_list(org) -> None:
    """Forms that act on a row of a list (a child, a condition, a plan entry) are only on
    the page when the list has a row."""
    from samla.learning import services as learning
    from samla.surveys import services as surveys

    programme = org.school_programme
    surveys.add_children(org.school.groups.get(name="6A"), ["Ada L.", "Bo K."])
    learning.add_condition(programme, "Rektor deltar i ledermøtene.")
    learning.add_plan_entry(programme, "all_staff", org.school_year, org.learning_package())


def test_hostile_values_in_every_form_never_give_a_5xx_or_half_stored_data(demo_org):
    pages = _pages(demo_org)
    _with_something_on_every_list(demo_org)

    findings, figures = crawl(pages)

    print(figures, *findings, sep="\n")  # the crawl's size, for whoever runs it with -s
    assert [str(f) for f in findings] == []
    assert figures["forms"] > 100  # the crawl did find the forms
