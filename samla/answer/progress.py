"""Where a respondent is in a questionnaire: the pages shown to them (page conditions on
their answers so far) and the first page they have not answered yet. Pure: plain data in,
no Django."""

from __future__ import annotations

from samla.surveys.instrument import Instrument


def visible_pages(instrument: Instrument, answers: dict) -> list[int]:
    """The indices of the pages shown to a respondent with these answers."""
    return [
        index
        for index, page in enumerate(instrument.pages)
        if page.relevant is None or page.relevant.evaluate(answers)
    ]


def first_unanswered(instrument: Instrument, answers: dict, furthest: int) -> int | None:
    """The first page shown to this respondent that they have not answered, or None when
    there is none. ``furthest`` is the furthest page saved (the draft's page): the pages
    before it were passed on the way, answered or skipped on purpose; a page with any
    answer is answered; a page with no questions counts once it is reached."""
    for index in visible_pages(instrument, answers):
        codes = instrument.pages[index].item_codes
        answered = any(answers.get(code) not in (None, "", []) for code in codes)
        asks = any(instrument.item(code).kind != "note" for code in codes)
        if not (index < furthest or answered or (index == furthest and not asks)):
            return index
    return None
