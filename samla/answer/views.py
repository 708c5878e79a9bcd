"""The respondent's pages: type the code, answer page by page, submit. No login.

Between requests the respondent's browser keeps only the code's HMAC and the draft secret
derived from the code (``surveys.services.AccessKey``), in a signed, HttpOnly cookie that
lasts until the browser closes (a shared Chromebook forgets it) and is dropped on submit:
never the code itself, and nothing in the server's sessions. The answers are kept by
``surveys.services`` in a draft sealed under that secret. Entering codes
costs a client only when it fails (``samla.answer.guessing``); the client address is used
only as a counter's key and is never stored with anything."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from samla.answer.guessing import CODE_ENTRY
from samla.core.clients import counting_key, request_ip
from samla.core.text import label_in
from samla.surveys import services
from samla.surveys.instrument import Instrument, Item
from samla.surveys.posted import Refusal, page_refusals
from samla.surveys.services import CollectionError
from samla.surveys.services.respondent import child_named

COOKIE = "samla_svar"
COOKIE_SALT = "samla.answer.key"
LANGUAGES = [("nb", "Bokmål"), ("nn", "Nynorsk"), ("en", "English")]
# The voice the browser's speech synthesis should use for each language (BCP 47).
SPEECH_LANGUAGES = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}
# The unit beside a number's box, by (form id, item code). No XLSForm column declares a
# unit, so a number shows one only where a questionnaire of Samla's library states it in the
# question's hint ("Alder i hele år"); every other number shows none.
NUMBER_UNITS = {("samla_barnehage_vurdering_barn", "alder"): gettext_lazy("years")}


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Your code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        help_text=gettext_lazy("The code is on the slip you were given, e.g. ABCD-EFGH-JKM."),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        choices=LANGUAGES,
        initial="nb",
        widget=forms.RadioSelect,
    )


def _message(error: CollectionError) -> str:
    when = ""
    if error.round is not None:
        opens = formats.date_format(error.round.opens_at, "DATETIME_FORMAT")
        when = opens
    messages = {
        "malformed": _(
            "That does not look like a code. Check the slip: a code has 11 letters and digits."
        ),
        "unknown": _(
            "We did not find that code. Check that every character is right and try again."
        ),
        "spent": _("This code has already been used to answer. Thank you!"),
        "revoked": _("This code no longer works. Ask your teacher or the school for help."),
        "not_open_yet": _("The survey has not opened yet. It opens %(when)s.") % {"when": when},
        "closed": _("The survey has closed. Thank you for wanting to answer."),
        "not_started": _("Start the questionnaire before you send it."),
        "no_such_page": _("That page does not exist."),
    }
    return messages.get(error.reason, _("Something went wrong. Try again."))


def _keep_key(response: HttpResponse, key: services.AccessKey) -> None:
    # The code's HMAC finds the code; the draft secret finds and opens the sealed draft and
    # exists nowhere on the server. Stolen, the cookie opens this one questionnaire (as the
    # code would, until it is submitted) and this draft's leftovers in database files: no
    # other respondent's, and nothing once the answers are submitted and the draft gone.
    response.set_signed_cookie(
        COOKIE,
        key.to_text(),
        salt=COOKIE_SALT,
        httponly=True,
        samesite="Lax",
        secure=settings.HTTPS,
        path="/svar/",
    )


def _key_of(request: HttpRequest) -> services.AccessKey | None:
    value = request.get_signed_cookie(COOKIE, default=None, salt=COOKIE_SALT)
    return services.AccessKey.from_text(value) if value else None


def _stopped(request: HttpRequest, failure: CollectionError) -> HttpResponse:
    response = render(request, "answer/stopped.html", {"message": _message(failure)})
    response.delete_cookie(COOKIE, path="/svar/")
    return response


def _with_language(response: HttpResponse, language: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax", secure=settings.HTTPS
    )
    return response


@never_cache
def enter(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or None, initial={"language": translation.get_language()})
    error = ""
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        translation.activate(language)
        client = counting_key(request_ip(request))
        spent = CODE_ENTRY.exhausted(client)
        if spent is not None and spent.seconds > 3600:
            error = _(
                "Too many wrong codes have been entered from this network today. Try again "
                "tomorrow, or ask your teacher or the school for help."
            )
        elif spent is not None:
            error = _("Too many tries in a short time. Wait ten minutes and try again.")
        else:
            try:
                session = services.start(form.cleaned_data["code"], language)
            except CollectionError as failure:
                # Only a well-formed code that matches nothing is a guess; a slip caught as
                # malformed, or a code that exists, costs the client nothing.
                if failure.reason == "unknown":
                    CODE_ENTRY.fail(client)
                error = _message(failure)
            else:
                response = _where_to_go_on(session)
                _keep_key(response, session.key)
                return _with_language(response, language)
    chosen = form["language"].value() if form.is_bound else translation.get_language()
    return render(
        request,
        "answer/enter.html",
        {"form": form, "error": error, "languages": LANGUAGES, "chosen_language": chosen or "nb"},
    )


# The query parameter of a page opened for a respondent who came back with their code.
WELCOME_BACK = "tilbake"


def _where_to_go_on(session: services.Session) -> HttpResponse:
    """To the first page not yet answered (page 1 for a new draft), or to sending when every
    page is; a respondent who comes back with their code is greeted there."""
    instrument, draft = session.instrument, session.draft
    page = first_unanswered(instrument, draft.answers, draft.page)
    target = reverse("answer:confirm") if page is None else reverse("answer:page", args=[page])
    return redirect(f"{target}?{WELCOME_BACK}=1" if session.returning else target)


def first_unanswered(instrument: Instrument, answers: dict, furthest: int) -> int | None:
    """The first page shown to this respondent that they have not answered, or None when
    there is none. ``furthest`` is the furthest page saved (the draft's page): the pages
    before it were passed on the way, answered or skipped on purpose; a page with any
    answer is answered; a page with no questions counts once it is reached."""
    for index in _visible_pages(instrument, answers):
        codes = instrument.pages[index].item_codes
        answered = any(answers.get(code) not in (None, "", []) for code in codes)
        asks = any(instrument.item(code).kind != "note" for code in codes)
        if not (index < furthest or answered or (index == furthest and not asks)):
            return index
    return None


def _visible_pages(instrument: Instrument, answers: dict) -> list[int]:
    return [
        index
        for index, page in enumerate(instrument.pages)
        if page.relevant is None or page.relevant.evaluate(answers)
    ]


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


def _questions(session, number: int, language: str, posted=None, refused=None) -> str:
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
        return mark_safe(_with_answers(html, instrument, visible, answers))
    key = (session.draft.version.content_hash, number, language, visible)
    html = _RENDERED.get(key)
    if html is None:
        if len(_RENDERED) >= _RENDERED_MAX:
            _RENDERED.clear()
        items = _items_for(instrument, visible, language)
        html = _RENDERED[key] = render_to_string("answer/includes/questions.html", {"items": items})
    return mark_safe(_with_answers(html, instrument, visible, answers))


def _with_answers(html: str, instrument: Instrument, visible: tuple, answers: dict) -> str:
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


@never_cache
def page(request: HttpRequest, number: int) -> HttpResponse:
    key = _key_of(request)
    if key is None:
        return redirect("answer:enter")
    try:
        if request.method == "POST":
            session = services.save_page(key, number, request.POST)
        else:
            session = services.resume(key)
    except CollectionError as failure:
        return _stopped(request, failure)
    instrument = session.instrument
    answers = session.draft.answers
    visible = _visible_pages(instrument, answers)
    if number not in visible:
        later = [n for n in visible if n > number]
        return redirect("answer:page", number=later[0]) if later else redirect("answer:confirm")
    position = visible.index(number)
    refused = page_refusals(instrument, number, request.POST) if request.method == "POST" else {}
    if request.method == "POST" and not refused:
        if request.POST.get("go") == "back" and position > 0:
            return redirect("answer:page", number=visible[position - 1])
        if position + 1 < len(visible):
            return redirect("answer:page", number=visible[position + 1])
        return redirect("answer:confirm")
    language = session.draft.language or translation.get_language()
    translation.activate(language)
    return render(
        request,
        "answer/page.html",
        {
            "title": label_in(instrument.title, language, instrument.default_language),
            "page_title": label_in(
                instrument.pages[number].title, language, instrument.default_language
            ),
            "questions": _questions(session, number, language, request.POST, refused),
            "number": number,
            "position": position + 1,
            "count": len(visible),
            "has_back": position > 0,
            "child": child_named(session),
            "welcome_back": request.method == "GET" and WELCOME_BACK in request.GET,
            "language": language,
            "speech_language": SPEECH_LANGUAGES.get(language, language),
        },
    )


@never_cache
def confirm(request: HttpRequest) -> HttpResponse:
    key = _key_of(request)
    if key is None:
        return redirect("answer:enter")
    try:
        if request.method == "POST":
            services.submit(key)
            response = redirect("answer:done")
            response.delete_cookie(COOKIE, path="/svar/")
            return response
        session = services.resume(key)
    except CollectionError as failure:
        return _stopped(request, failure)
    visible = _visible_pages(session.instrument, session.draft.answers)
    return render(
        request,
        "answer/confirm.html",
        {
            "last_page": visible[-1] if visible else 0,
            "count": len(visible),
            "child": child_named(session),
            "welcome_back": WELCOME_BACK in request.GET,
        },
    )


def done(request: HttpRequest) -> HttpResponse:
    return render(request, "answer/done.html")
