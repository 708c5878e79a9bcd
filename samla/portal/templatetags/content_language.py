"""Text in another language than the page's is marked with ``lang`` (WCAG 3.1.2), so that
a screen reader reads Bokmål as Bokmål on a Nynorsk or English page.

Two kinds of such text:

- what people typed (plans, packages and modules, conditions, meeting notes, analyses):
  in the language it was written in. Samla does not ask; a unit's language form (målform,
  from the school register) is the best guess for what its people write, and Bokmål for
  everything else::

      {% load content_language %}
      <td{% lang_attr %}>{{ activity.title }}</td>
      {{ meeting.notes|linebreaks|in_language:group.unit.language_form }}

  ``lang_attr`` writes `` lang="nb"`` (or "nn") only when the page is in another language;
  ``in_language`` puts a block of text in a ``<div lang="nb">`` only then.

- a questionnaire's label: in the page's language when it has one, otherwise in the
  language it falls back to (``samla.core.text.label_in``); ``label`` writes the text,
  inside ``<span lang="…">`` only when it fell back::

      {% label item.labels %}   {% label item.labels instrument.default_language %}
"""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from samla.core import text

register = template.Library()

# The languages people write in here. A unit's language form may also be Sami ("se"), but
# a Sami school's staff write Samla's forms in Norwegian too: Bokmål is the safer guess.
_WRITTEN = {"nb", "nn"}


def _page_language() -> str:
    return (get_language() or text.FALLBACK_LANGUAGE).split("-")[0]


def written_in(source: str | None) -> str:
    """The language typed text is taken to be in: ``source`` when it is Bokmål or
    Nynorsk, else Bokmål."""
    return source if source in _WRITTEN else text.FALLBACK_LANGUAGE


@register.simple_tag
def lang_attr(source: str | None = None) -> SafeString:
    """`` lang="nb"`` for an element of typed text on a page in another language (the text
    in ``source``'s language, see ``written_in``); nothing on a page in that language."""
    language = written_in(source)
    if language == _page_language():
        return mark_safe("")
    return format_html(' lang="{}"', language)


@register.filter(needs_autoescape=True)
def in_language(value, source: str | None = None, autoescape: bool = True) -> SafeString:
    """A block of typed text (``linebreaks``'s paragraphs) inside ``<div lang="…">`` on a
    page in another language than the text's (see ``written_in``); as it is otherwise.
    Text not yet marked safe is escaped::

        {{ module.purpose|linebreaks|in_language }}
        {{ meeting.notes|linebreaks|in_language:group.unit.language_form }}"""
    html = conditional_escape(value) if autoescape else value
    language = written_in(source)
    if not value or language == _page_language():
        return mark_safe(html)  # escaped above
    return format_html('<div lang="{}">{}</div>', language, html)


@register.simple_tag
def lang_if_other(language: str | None) -> SafeString:
    """`` lang="…"`` when ``language`` (a label's, from ``samla.core.text.label_language``)
    is known and not the page's; nothing otherwise. For labels picked in Python::

        <th scope="row"{% lang_if_other row.label_language %}>{{ row.label }}</th>"""
    if not language or language == _page_language():
        return mark_safe("")
    return format_html(' lang="{}"', language)


@register.simple_tag
def label(labels, fallback: str | None = text.FALLBACK_LANGUAGE) -> SafeString:
    """A questionnaire's label in the page's language, escaped; a label that falls back to
    another language comes inside ``<span lang="…">``."""
    page = _page_language()
    shown = text.label_in(labels, page, fallback)
    language = text.label_language(labels, page, fallback)
    if language is None or language == page:
        return format_html("{}", shown)
    return format_html('<span lang="{}">{}</span>', language, shown)
