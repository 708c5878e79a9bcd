"""Dates in the page's language: Bokmål and Nynorsk 08.10.2026, English 8 Oct 2026 —
never the American 10/08/2026, which a Norwegian reader takes for 10 August."""

from datetime import date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format


@pytest.mark.parametrize(
    ("language", "short", "with_time"),
    [
        ("nb", "08.10.2026", "08.10.2026 14:05"),
        ("nn", "08.10.2026", "08.10.2026 14:05"),
        ("en", "8 Oct 2026", "8 Oct 2026 14:05"),
    ],
)
def test_dates_read_day_first_in_every_language(language, short, with_time):
    day, moment = date(2026, 10, 8), datetime(2026, 10, 8, 14, 5)
    with translation.override(language):
        assert date_format(day, "SHORT_DATE_FORMAT") == short
        assert date_format(moment, "SHORT_DATETIME_FORMAT") == with_time
        rendered = Template('{{ day|date:"SHORT_DATE_FORMAT" }} {{ day|date }}').render(
            Context({"day": day})
        )
    assert rendered.startswith(short)
    assert "10/08" not in rendered
