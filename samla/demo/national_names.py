"""Invented names for the national dataset: municipalities, schools, kindergartens,
departments and people, put together from parts so that no real place or person is meant
(the counties' names excepted, and Oslo's)."""

from __future__ import annotations

import numpy as np

_PLACE_HEADS = [
    "Bjørk", "Fjell", "Lyng", "Elve", "Haug", "Myr", "Sand", "Strand", "Vik", "Nes", "Berg",
    "Dal", "Ås", "Eng", "Furu", "Gran", "Holm", "Li", "Mo", "Rud", "Sol", "Sten", "Tang",
    "Vang", "Ør", "Brekk", "Rogn", "Heg", "Ask", "Lind", "Selje", "Osp", "Kvit", "Rau",
    "Grøn", "Blå", "Salt", "Sjø", "Kvern", "Foss",
]  # fmt: skip
_PLACE_TAILS = [
    "vik", "dal", "nes", "berg", "fjord", "stad", "heim", "sund", "øy", "land", "mark", "å",
    "bygd", "haug", "moen", "voll", "set", "rud", "li", "ås",
]  # fmt: skip
_SCHOOL_TAILS = [
    "ely", "berg", "lund", "tun", "vang", "mo", "haugen", "li", "voll", "heim", "stad",
    "dal", "bakken", "jordet", "åsen", "engen", "hagen", "sletta", "nes", "vika",
]  # fmt: skip
_KINDERGARTEN_HEADS = [
    "Blåbær", "Ekorn", "Maur", "Sol", "Tyttebær", "Reve", "Lerke", "Troll", "Humle",
    "Kongle", "Bekke", "Små", "Mari", "Hare", "Elg", "Ugle", "Fugle", "Linnea", "Rogne",
    "Bjørne", "Sommer", "Regnbue", "Stjerne", "Måne", "Eventyr", "Eike", "Furu", "Lyng",
    "Kløver", "Mose",
]  # fmt: skip
_KINDERGARTEN_TAILS = [
    "tua", "reiret", "stua", "lia", "skogen", "haugen", "bakken", "tunet", "hagen", "dalen",
    "lunden", "gården", "knausen", "enga", "kroken", "toppen",
]  # fmt: skip
_DEPARTMENTS = [
    "Blåklokka", "Hestehoven", "Prestekragen", "Løvetannen", "Marihøna", "Smørblomsten",
    "Rødkløveren", "Gullstjerna", "Kvitveisen", "Tiriltunga", "Fiolen", "Solsikken",
]  # fmt: skip
FIRST_NAMES = [
    "Anne", "Ola", "Kari", "Per", "Ingrid", "Lars", "Sigrid", "Jon", "Marit", "Even", "Hilde",
    "Tor", "Silje", "Arne", "Guro", "Knut", "Ragnhild", "Eirik", "Live", "Håkon", "Nora",
    "Emil", "Ida", "Jonas", "Sara", "Magnus", "Ane", "Sondre", "Maja", "Vegard", "Linn",
    "Martin", "Tuva", "Henrik", "Hanne", "Sindre", "Mona", "Aksel", "Liv", "Fredrik",
]  # fmt: skip
LAST_NAMES = [
    "Haugen", "Bakken", "Moen", "Nygård", "Lien", "Sveen", "Berg", "Løkken", "Rustad",
    "Brenden", "Engen", "Holen", "Strand", "Myhre", "Vold", "Solheim", "Hagen", "Sletten",
    "Dahl", "Lunde", "Aas", "Eide", "Kvam", "Moe", "Tveit", "Nilsen", "Sæther", "Foss",
    "Hovde", "Lie", "Ruud", "Rønning", "Vik", "Ødegård", "Aune", "Bøe", "Fjeld", "Husby",
]  # fmt: skip


def _combined(
    heads: list[str], tails: list[str], count: int, rng: np.random.Generator
) -> list[str]:
    """``count`` different names head + tail in random order; numbered once they run out."""
    names = [head + tail for head in heads for tail in tails]
    order = rng.permutation(len(names))
    found = [names[i] for i in order[: min(count, len(names))]]
    round_ = 2
    while len(found) < count:
        found += [f"{names[i]} {round_}" for i in order[: count - len(found)]]
        round_ += 1
    return found


def municipality_names(count: int, rng: np.random.Generator) -> list[str]:
    return [name.capitalize() for name in _combined(_PLACE_HEADS, _PLACE_TAILS, count, rng)]


def unit_names(count: int, word: str, rng: np.random.Generator) -> list[str]:
    """``count`` names of schools (``word`` "skole") or kindergartens, different within
    one owner."""
    if word == "skole":
        stems = _combined(_PLACE_HEADS, _SCHOOL_TAILS, count, rng)
    else:
        stems = _combined(_KINDERGARTEN_HEADS, _KINDERGARTEN_TAILS, count, rng)
    return [
        f"{stem.capitalize()} {word}" if " " not in stem else
        f"{stem.split()[0].capitalize()} {word} {stem.split()[1]}"
        for stem in stems
    ]  # fmt: skip


def department_names(count: int, rng: np.random.Generator) -> list[str]:
    chosen = rng.permutation(len(_DEPARTMENTS))
    return [
        _DEPARTMENTS[chosen[i % len(_DEPARTMENTS)]]
        + ("" if i < len(_DEPARTMENTS) else f" {i // len(_DEPARTMENTS) + 1}")
        for i in range(count)
    ]
