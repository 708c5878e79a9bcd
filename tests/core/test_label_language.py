"""Which language ``label_in`` picked: the page's, the fallback, or any other with text."""

from __future__ import annotations

import pytest

from samla.core.text import label_in, label_language

LABELS = {"nb": "Jeg trives på skolen", "nn": "", "en": "I like school"}


@pytest.mark.parametrize(
    ("labels", "language", "fallback", "expected"),
    [
        (LABELS, "nb", "nb", "nb"),
        (LABELS, "en", "nb", "en"),
        (LABELS, "nn", "nb", "nb"),  # empty in Nynorsk: Bokmål
        (LABELS, "nn", "en", "en"),  # the questionnaire's own default language
        (LABELS, "nn", None, "nb"),  # no fallback: the first language with text
        ({"en": "Only English"}, "nn", "nb", "en"),
        ({"nb": ""}, "nn", "nb", None),  # no text anywhere
        ("A plain old label", "nn", "nb", None),  # its language is not known
        (None, "nn", "nb", None),
    ],
)
def test_the_language_is_that_of_the_text_label_in_picks(labels, language, fallback, expected):
    picked = label_language(labels, language, fallback)

    assert picked == expected
    if isinstance(labels, dict):
        assert label_in(labels, language, fallback) == (labels[picked] if picked else "")
