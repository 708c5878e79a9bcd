"""Language columns as authors write them: ``nb``, ``Norsk bokmål (nb)``, ``English``, ``Deutsch``.

ODK and KoboToolbox forms usually name a language (``label::English``); Samla stores ISO 639
codes, so common names, in English, in Norwegian and in the language itself, map to codes.
"""

from __future__ import annotations

import re
import unicodedata

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]+)?$")
_LANGUAGE_IN_BRACKETS = re.compile(r"\(([a-z]{2,3}(?:[-_][A-Za-z0-9]+)?)\)\s*$")

_NAMES: dict[str, tuple[str, ...]] = {
    "nb": ("norsk", "norwegian", "bokmål", "norsk bokmål", "norwegian bokmål", "bokmaal"),
    "nn": ("nynorsk", "norsk nynorsk", "norwegian nynorsk"),
    "en": ("english", "engelsk"),
    "se": (
        "sámi",
        "northern sámi",
        "north sámi",
        "davvisámegiella",
        "sámegiella",
        "nordsamisk",
        "samisk",
        "sørsamisk",
    ),
    "sv": ("svenska", "swedish", "svensk"),
    "da": ("dansk", "danish"),
    "de": ("deutsch", "german", "tysk"),
    "fr": ("français", "french", "fransk"),
    "es": ("español", "spanish", "spansk", "castellano"),
    "pt": ("português", "portuguese", "portugisisk"),
    "ar": ("العربية", "arabic", "arabisk"),
    "so": ("soomaali", "af-soomaali", "somali", "somalisk"),
    "ti": ("ትግርኛ", "tigrinya", "tigrinja"),
    "pl": ("polski", "polish", "polsk"),
    "uk": ("українська", "ukrainian", "ukrainsk"),
    "ru": ("русский", "russian", "russisk"),
    "sw": ("kiswahili", "swahili"),
    "fi": ("suomi", "finnish", "finsk"),
    "is": ("íslenska", "icelandic", "islandsk"),
    "lt": ("lietuvių", "lithuanian", "litauisk"),
    "fa": ("فارسی", "persian", "farsi", "persisk"),
    "prs": ("دری", "dari"),
    "ps": ("پښتو", "pashto", "pashto"),
    "ur": ("اردو", "urdu"),
    "tr": ("türkçe", "turkish", "tyrkisk"),
    "ku": ("kurdî", "kurdish", "kurdisk"),
    "am": ("አማርኛ", "amharic", "amharisk"),
    "om": ("afaan oromoo", "oromo"),
    "hi": ("हिन्दी", "hindi"),
    "bn": ("বাংলা", "bengali", "bangla"),
    "ne": ("नेपाली", "nepali"),
    "zh": ("中文", "chinese", "kinesisk"),
    "vi": ("tiếng việt", "vietnamese", "vietnamesisk"),
    "th": ("ไทย", "thai"),
    "id": ("bahasa indonesia", "indonesian"),
    "it": ("italiano", "italian", "italiensk"),
    "nl": ("nederlands", "dutch", "nederlandsk"),
    "ro": ("română", "romanian", "rumensk"),
    "bs": ("bosanski", "bosnian", "bosnisk"),
    "hr": ("hrvatski", "croatian", "kroatisk"),
    "sr": ("српски", "srpski", "serbian", "serbisk"),
    "sq": ("shqip", "albanian", "albansk"),
    "et": ("eesti", "estonian", "estisk"),
    "lv": ("latviešu", "latvian", "latvisk"),
    "ha": ("hausa",),
    "yo": ("yorùbá", "yoruba"),
    "ig": ("igbo",),
    "zu": ("isizulu", "zulu"),
    "rw": ("kinyarwanda",),
    "lg": ("luganda",),
    "ln": ("lingála", "lingala"),
    "my": ("မြန်မာ", "burmese", "myanmar"),
    "km": ("ខ្មែរ", "khmer"),
    "ta": ("தமிழ்", "tamil"),
    "pa": ("ਪੰਜਾਬੀ", "punjabi"),
    "ht": ("kreyòl ayisyen", "haitian creole"),
    "tl": ("tagalog", "filipino"),
}


def _folded(name: str) -> str:
    """Lower case, accents off, single spaces: ``Français`` → ``francais``."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("_", " ").split())


LANGUAGE_NAMES: dict[str, str] = {
    _folded(name): code for code, names in _NAMES.items() for name in names
}


def language_code(suffix: str) -> str | None:
    """``nb`` → nb, ``Norsk bokmål (nb)`` → nb, ``Deutsch`` → de, ``Klingon`` → None."""
    suffix = suffix.strip()
    if _LANGUAGE_CODE.match(suffix):
        return suffix
    match = _LANGUAGE_IN_BRACKETS.search(suffix)
    if match:
        return match.group(1)
    return LANGUAGE_NAMES.get(_folded(suffix))
