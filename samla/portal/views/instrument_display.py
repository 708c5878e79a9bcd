"""An instrument as the questionnaire pages show it: a summary, every page in a language
with each question's conditions in words, and the changes since an earlier version."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.formats import localize
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from samla.core.text import label_in
from samla.surveys.conditions import AllOf, AnyOf, Compare, Condition, Selected
from samla.surveys.instrument import Instrument, Item, compare
from samla.surveys.models import InstrumentVersion
from samla.surveys.queries import group_label

# Shown in their own language, like the language switcher.
LANGUAGE_NAMES = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}


def _question(instrument: Instrument, code: str, language: str) -> str:
    if code not in instrument.items_by_code:
        return code
    return label_in(instrument.item(code).label, language, instrument.default_language)


def _answer(instrument: Instrument, code: str, value, language: str) -> str:
    item = instrument.items_by_code.get(code)
    for choice in item.choices if item else ():
        if choice.value == str(value):
            return label_in(choice.label, language, instrument.default_language)
    return str(value)


def readable_condition(condition: Condition, instrument: Instrument, language: str) -> str:
    """A relevance condition in words, with the questions' and answers' own labels."""
    if isinstance(condition, AllOf):
        return f" {_('and')} ".join(
            f"({readable_condition(part, instrument, language)})"
            if isinstance(part, AnyOf)
            else readable_condition(part, instrument, language)
            for part in condition.parts
        )
    if isinstance(condition, AnyOf):
        return f" {_('or')} ".join(
            readable_condition(part, instrument, language) for part in condition.parts
        )
    question = _question(instrument, condition.code, language)
    if isinstance(condition, Selected):
        answer = _answer(instrument, condition.code, condition.value, language)
        return _("“%(answer)s” is ticked for “%(question)s”") % {
            "answer": answer,
            "question": question,
        }
    assert isinstance(condition, Compare)
    if condition.op in ("=", "!="):
        answer = _answer(instrument, condition.code, condition.value, language)
        if condition.op == "=":
            return _("the answer to “%(question)s” is “%(answer)s”") % {
                "question": question,
                "answer": answer,
            }
        return _("the answer to “%(question)s” is not “%(answer)s”") % {
            "question": question,
            "answer": answer,
        }
    phrase = {
        "<": _("the answer to “%(question)s” is less than %(number)s"),
        "<=": _("the answer to “%(question)s” is at most %(number)s"),
        ">": _("the answer to “%(question)s” is more than %(number)s"),
        ">=": _("the answer to “%(question)s” is at least %(number)s"),
    }[condition.op]
    number = str(condition.value)
    label = _answer(instrument, condition.code, condition.value, language)
    if label != number:  # a Likert point: its label says what the number means
        number = f"{number} (“{label}”)"
    return phrase % {"question": question, "number": number}


def _shown_when(condition: Condition | None, instrument: Instrument, language: str) -> dict | None:
    if condition is None:
        return None
    return {
        "text": readable_condition(condition, instrument, language),
        "expression": str(condition),
    }


def _bounds(item: Item) -> str:
    """What a typed question takes, with its bounds (empty for other kinds)."""
    if item.kind == "date":
        return _("A date.")
    if item.kind not in ("integer", "decimal"):
        return ""
    bounds = {"minimum": localize(item.minimum), "maximum": localize(item.maximum)}
    if item.kind == "decimal":
        if item.minimum is not None and item.maximum is not None:
            text = _("A number with two decimals at most, from %(minimum)s to %(maximum)s.")
            return text % bounds
        if item.minimum is not None:
            return _("A number with two decimals at most, at least %(minimum)s.") % bounds
        if item.maximum is not None:
            return _("A number with two decimals at most, at most %(maximum)s.") % bounds
        return _("A number with two decimals at most.")
    if item.minimum is not None and item.maximum is not None:
        return _("A whole number from %(minimum)s to %(maximum)s.") % bounds
    if item.minimum is not None:
        return _("A whole number, at least %(minimum)s.") % bounds
    if item.maximum is not None:
        return _("A whole number, at most %(maximum)s.") % bounds
    return _("A whole number.")


def _pages(instrument: Instrument, language: str, changed: dict[str, str]) -> list[dict]:
    scale_labels = {
        scale.code: label_in(scale.label, get_language(), instrument.default_language)
        for scale in instrument.scales
    }
    pages = []
    for number, page in enumerate(instrument.pages, start=1):
        items = []
        for code in page.item_codes:
            item = instrument.item(code)
            items.append(
                {
                    "code": code,
                    "kind": item.kind,
                    "label": label_in(item.label, language, instrument.default_language),
                    "hint": label_in(item.hint, language, None) if item.hint else "",
                    "choices": [
                        {
                            "label": label_in(c.label, language, instrument.default_language),
                            "is_dont_know": c.is_dont_know,
                        }
                        for c in item.choices
                    ],
                    "bounds": _bounds(item),
                    "shown_when": _shown_when(item.relevant, instrument, language),
                    "scale": scale_labels.get(item.scale or ""),
                    "reversed": item.reversed,
                    "required": item.required,
                    "change": changed.get(code, ""),
                }
            )
        pages.append(
            {
                "number": number,
                "name": page.name,
                "title": label_in(page.title, language, instrument.default_language),
                "shown_when": _shown_when(page.relevant, instrument, language),
                "items": items,
            }
        )
    return pages


def _summary(instrument: Instrument) -> dict:
    language = get_language()
    return {
        "title": label_in(instrument.title, language, instrument.default_language),
        "form_id": instrument.form_id,
        "version": instrument.version,
        "respondent_group": group_label(instrument.respondent_group),
        "languages": [
            {"code": code, "name": LANGUAGE_NAMES.get(code, code)} for code in instrument.languages
        ],
        "page_count": len(instrument.pages),
        "question_count": sum(1 for item in instrument.items if item.kind != "note"),
        "index_count": len(instrument.scales),
        "indices": [
            {
                "code": scale.code,
                "label": label_in(scale.label, language, instrument.default_language),
                "items": [
                    {
                        "code": code,
                        "label": _question(instrument, code, language),
                        "reversed": instrument.item(code).reversed,
                    }
                    for code in scale.item_codes
                ],
            }
            for scale in instrument.scales
        ],
    }


def changes_since(old: InstrumentVersion, new: Instrument) -> dict:
    """What differs from ``old``, item by item, for the table of changes."""
    language = get_language()
    before = old.instrument()
    rows = []
    counts = {"added": 0, "removed": 0, "changed": 0, "same": 0}
    for change in compare(before, new):
        if change.comparable:
            counts["same"] += 1
            continue
        what = []
        if change.status == "added":
            what.append(_("added"))
        elif change.status == "removed":
            what.append(_("removed"))
        else:
            if change.wording:
                what.append(_("wording (%(languages)s)") % {"languages": ", ".join(change.wording)})
            if change.choices:
                what.append(_("answer options"))
            if change.scale:
                what.append(_("index or reversal"))
            if change.relevance:
                what.append(_("who is asked"))
            if change.order:
                what.append(_("moved"))
        counts[change.status if change.status != "kept" else "changed"] += 1
        source = before if change.status == "removed" else new
        rows.append(
            {
                "code": change.code,
                "label": _question(source, change.code, language),
                "status": change.status,
                "what": what,
            }
        )
    return {"old": old, "rows": rows, **counts}


def preview_language(request: HttpRequest, instrument: Instrument) -> str:
    wanted = request.GET.get("sprak") or get_language()
    return wanted if wanted in instrument.languages else instrument.default_language


def shown(instrument: Instrument, language: str, changes: dict | None) -> dict:
    """What the preview and the version page both show."""
    changed = {row["code"]: row["status"] for row in changes["rows"]} if changes else {}
    return {
        "summary": _summary(instrument),
        "changes": changes,
        "preview_language": language,
        "language_links": [
            {"code": code, "name": LANGUAGE_NAMES.get(code, code), "current": code == language}
            for code in instrument.languages
        ],
        "pages": _pages(instrument, language, changed),
    }
