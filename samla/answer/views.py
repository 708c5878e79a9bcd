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
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from samla.answer import shells
from samla.answer.guessing import CODE_ENTRY
from samla.answer.progress import first_unanswered, visible_pages
from samla.answer.questions import page_questions
from samla.core.clients import counting_key, request_ip
from samla.core.text import label_in
from samla.surveys import services
from samla.surveys.posted import page_refusals
from samla.surveys.services import CollectionError
from samla.surveys.services.respondent import child_named

COOKIE = "samla_svar"
COOKIE_SALT = "samla.answer.key"
LANGUAGES = (("nb", "Bokmål"), ("nn", "Nynorsk"), ("en", "English"))
# The voice the browser's speech synthesis should use for each language (BCP 47).
SPEECH_LANGUAGES = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}


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
    code = form["code"]
    context = {
        "error": error,
        "code_label": str(code.label),
        "code_help": str(code.help_text),
        "code_value": code.value() or "",
        "code_errors": tuple(str(message) for message in code.errors),
        "language_label": str(form["language"].label),
        "languages": LANGUAGES,
        "chosen_language": chosen or "nb",
    }
    if not form.is_bound:  # the same page for everyone in a language (see shells)
        return shells.page(request, "answer/enter.html", context)
    # What was typed is never kept in the process's pages: rendered for this request only.
    return render(request, "answer/enter.html", context)


# The query parameter of a page opened for a respondent who came back with their code.
WELCOME_BACK = "tilbake"


def _where_to_go_on(session: services.Session) -> HttpResponse:
    """To the first page not yet answered (page 1 for a new draft), or to sending when every
    page is; a respondent who comes back with their code is greeted there."""
    instrument, draft = session.instrument, session.draft
    page = first_unanswered(instrument, draft.answers, draft.page)
    target = reverse("answer:confirm") if page is None else reverse("answer:page", args=[page])
    return redirect(f"{target}?{WELCOME_BACK}=1" if session.returning else target)


@never_cache
def page(request: HttpRequest, number: int) -> HttpResponse:
    """One page of questions. Posting it keeps its answers and goes on, back, or (a
    ``language`` button) stays on the page in the chosen language; without JavaScript too,
    and a typed answer that cannot be kept is shown again as typed, with why."""
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
    switched = _switched_language(request)
    response = _page_response(request, session, number, switched)
    return _with_language(response, switched) if switched else response


def _switched_language(request: HttpRequest) -> str:
    """The language a language button of a posted page or the send page asks for, or ""."""
    chosen = request.POST.get("language", "") if request.method == "POST" else ""
    return chosen if chosen in dict(LANGUAGES) else ""


def _language(request: HttpRequest, session: services.Session) -> str:
    """The respondent's latest choice: at code entry or on a page (the language cookie),
    else the language the draft was begun in."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in dict(LANGUAGES):
        return chosen
    return session.draft.language or translation.get_language()


def _page_response(request: HttpRequest, session, number: int, switched: str) -> HttpResponse:
    instrument = session.instrument
    answers = session.draft.answers
    visible = visible_pages(instrument, answers)
    if number not in visible:
        later = [n for n in visible if n > number]
        return redirect("answer:page", number=later[0]) if later else redirect("answer:confirm")
    position = visible.index(number)
    refused = page_refusals(instrument, number, request.POST) if request.method == "POST" else {}
    if request.method == "POST" and not refused:
        if switched:
            return redirect("answer:page", number=number)
        if request.POST.get("go") == "back" and position > 0:
            return redirect("answer:page", number=visible[position - 1])
        if position + 1 < len(visible):
            return redirect("answer:page", number=visible[position + 1])
        return redirect("answer:confirm")
    language = switched or _language(request, session)
    translation.activate(language)
    return shells.page(
        request,
        "answer/page.html",
        {
            "title": label_in(instrument.title, language, instrument.default_language),
            "page_title": label_in(
                instrument.pages[number].title, language, instrument.default_language
            ),
            "number": number,
            "position": position + 1,
            "count": len(visible),
            "has_back": position > 0,
            "welcome_back": request.method == "GET" and WELCOME_BACK in request.GET,
            "language": language,
            "languages": LANGUAGES,
            "speech_language": SPEECH_LANGUAGES.get(language, language),
        },
        child=child_named(session),
        questions=page_questions(session, number, language, request.POST, refused),
    )


@never_cache
def confirm(request: HttpRequest) -> HttpResponse:
    key = _key_of(request)
    if key is None:
        return redirect("answer:enter")
    switched = _switched_language(request)
    if switched:  # the language buttons' own form: nothing is sent
        return _with_language(redirect("answer:confirm"), switched)
    try:
        if request.method == "POST":
            services.submit(key)
            response = redirect("answer:done")
            response.delete_cookie(COOKIE, path="/svar/")
            return response
        session = services.resume(key)
    except CollectionError as failure:
        return _stopped(request, failure)
    visible = visible_pages(session.instrument, session.draft.answers)
    return shells.page(
        request,
        "answer/confirm.html",
        {
            "last_page": visible[-1] if visible else 0,
            "count": len(visible),
            "welcome_back": WELCOME_BACK in request.GET,
            "language": translation.get_language(),
            "languages": LANGUAGES,
        },
        child=child_named(session),
    )


def done(request: HttpRequest) -> HttpResponse:
    return shells.page(request, "answer/done.html", {})
