"""A page's questions as HTML in the respondent's language, with their answers filled in:
rendered once per questionnaire version, page, language and set of visible questions, then
given each respondent's answers (ticked choices, typed numbers, dates and text)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samla.core.text import label_in
from samla.surveys.instrument import Instrument, Item
from samla.surveys.posted import Refusal

# The unit beside a number's box, by (form id, item code). No XLSForm column declares a
# unit, so a number shows one only where a questionnaire of Samla's library states it in the
# question's hint ("Alder i hele år"); every other number shows none.
NUMBER_UNITS = {("samla_barnehage_vurdering_barn", "alder"): gettext_lazy("years")}


def _number(value) -> str:
    """A bound or a decimal answer as the respondent writes it: 10,5 in Norwegian, 3 not
    3.0, never grouped (people type it back into the field)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    return text.replace(".", formats.get_format("DECIMAL_SEPARATOR"))


def _format_hint(item: Item) -> str:
    """What to type, for the questions the browser cannot offer choices for."""
    if item.kind == "date":
        return _("If no calendar opens, write the date like this: dd.mm.yyyy.")
    if item.kind != "decimal":
        return ""
    bounds = {"minimum": _number(item.minimum), "maximum": _number(item.maximum)}
    if item.minimum is not None and item.maximum is not None:
        return _("A number from %(minimum)s to %(maximum)s, with at most two decimals.") % bounds
    if item.minimum is not None:
        return _("A number of at least %(minimum)s, with at most two decimals.") % bounds
    if item.maximum is not None:
        return _("A number of at most %(maximum)s, with at most two decimals.") % bounds
    return _("A number with at most two decimals, for example 3,5.")


def _refusal_text(refusal: Refusal) -> str:
    params = {name: _number(value) for name, value in refusal.params.items()}
    return _(refusal.msgid) % params if params else _(refusal.msgid)


def _items_for(
    instrument: Instrument, visible: tuple[str, ...], language: str, refused: dict | None = None
) -> list[dict]:
    """The given (visible) questions in the respondent's language, without their answers;
    ``refused`` (item code -> Refusal) puts an error message with a typed question."""
    fallback = instrument.languages[0]
    refused = refused or {}
    items = []
    for code in visible:
        item = instrument.item(code)
        hint = label_in(item.hint, language, fallback) if item.hint else ""
        format_hint = _format_hint(item)
        number = item.kind in ("integer", "decimal")
        unit = str(NUMBER_UNITS.get((instrument.form_id, code), "")) if number else ""
        error = _refusal_text(refused[code]) if code in refused else ""
        described = (("help", hint), ("unit", unit), ("format", format_hint), ("error", error))
        items.append(
            {
                "code": code,
                "kind": item.kind,
                "label": label_in(item.label, language, fallback),
                "hint": hint,
                "format": format_hint,
                "unit": unit,
                "error": error,
                "described_by": " ".join(f"q-{code}-{part}" for part, text in described if text),
                "appearance": item.appearance,
                "choices": [
                    {
                        "value": choice.value,
                        "symbol": choice.symbol,
                        "label": label_in(choice.label, language, fallback),
                    }
                    for choice in item.choices
                ],
                "minimum": item.minimum,
                "maximum": item.maximum,
            }
        )
    return items


# Rendered questions by (version hash, page, language, visible questions); a page has few
# variants, so this stays small. Rendering the template was the largest part of a page view.
_RENDERED: dict[tuple, tuple[str, tuple[str, ...]]] = {}
_RENDERED_MAX = 2000


def page_questions(session, number: int, language: str, posted=None, refused=None) -> str:
    """The page's questions as HTML, with this respondent's answers filled in; with
    ``refused`` (item code -> Refusal), those questions show what was typed (from
    ``posted``) and why it was not kept."""
    instrument, answers = session.instrument, session.draft.answers
    visible = tuple(
        code
        for code in instrument.pages[number].item_codes
        if instrument.item(code).relevant is None
        or instrument.item(code).relevant.evaluate(answers)
    )
    if refused:  # rare, and different every time: not cached
        items = _items_for(instrument, visible, language, refused)
        html = render_to_string("answer/includes/questions.html", {"items": items})
        answers = {**answers, **{code: posted.get(code, "") for code in refused}}
        return mark_safe(with_answers(html, instrument, visible, answers))
    key = (session.draft.version.content_hash, number, language, visible)
    html = _RENDERED.get(key)
    if html is None:
        if len(_RENDERED) >= _RENDERED_MAX:
            _RENDERED.clear()
        items = _items_for(instrument, visible, language)
        html = _RENDERED[key] = render_to_string("answer/includes/questions.html", {"items": items})
    return mark_safe(with_answers(html, instrument, visible, answers))


def with_answers(html: str, instrument: Instrument, visible: tuple, answers: dict) -> str:
    """Tick the chosen choices and fill in typed values in the rendered questions. The
    places are found by the ids the template gives every input (item codes are XLSForm
    names, so they need no escaping); typed values are escaped."""
    for code in visible:
        value = answers.get(code)
        if value in (None, "", []):
            continue
        item = instrument.item(code)
        if item.kind in ("single", "multiple"):
            chosen = set(value) if isinstance(value, list | tuple) else {value}
            for index, choice in enumerate(item.choices):
                if choice.value in chosen:
                    anchor = f'id="q-{code}-{index}"'
                    html = html.replace(anchor, f"{anchor} checked", 1)
        elif item.kind in ("integer", "decimal", "date"):
            # A stored decimal is a float (3.5 shows as 3,5 in Norwegian); a stored date is
            # ISO, as <input type="date"> wants it; a refused value is shown as typed.
            shown = _number(value) if isinstance(value, float) else value
            anchor = f'id="q-{code}" value=""'
            html = html.replace(anchor, f'id="q-{code}" value="{escape(shown)}"', 1)
        elif item.kind == "text":
            anchor = f'id="q-{code}" rows="4"></textarea>'
            html = html.replace(anchor, f'id="q-{code}" rows="4">{escape(value)}</textarea>', 1)
    return html
