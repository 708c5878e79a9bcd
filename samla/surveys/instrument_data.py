"""An instrument as stored: JSON-ready data and back, and its content hash.

Pure Python, no Django. The Django layer stores :func:`instrument_to_data` as JSON with its
:func:`content_hash` (equal content, equal hash: a published version is identified by it)
and reads it back with :func:`instrument_from_data`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from samla.surveys.conditions import Condition, condition_from_data
from samla.surveys.instrument import Choice, Instrument, Item, Page, Scale

__all__ = ["DATA_FORMAT", "content_hash", "instrument_from_data", "instrument_to_data"]

DATA_FORMAT = 1


def _choice_to_data(choice: Choice) -> dict[str, Any]:
    data: dict[str, Any] = {
        "value": choice.value,
        "label": dict(choice.label),
        "is_dont_know": choice.is_dont_know,
    }
    if choice.symbol:  # only when set, so versions without symbols keep their hash
        data["symbol"] = choice.symbol
    return data


def _bound(value: int | float | None) -> int | float | None:
    """A bound as stored: a whole float as an int, so 10.0 and 10 store (and hash) alike,
    and integer items keep the JSON they always had."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _item_to_data(item: Item) -> dict[str, Any]:
    data = {
        "code": item.code,
        "kind": item.kind,
        "label": dict(item.label),
        "hint": dict(item.hint),
        "choices": [_choice_to_data(c) for c in item.choices],
        "likert_points": item.likert_points,
        "reversed": item.reversed,
        "scale": item.scale,
        "required": item.required,
        "relevant": item.relevant.to_data() if item.relevant else None,
        "minimum": _bound(item.minimum),
        "maximum": _bound(item.maximum),
    }
    if item.appearance:  # only when set, so versions without it keep their hash
        data["appearance"] = item.appearance
    return data


def instrument_to_data(instrument: Instrument) -> dict[str, Any]:
    """A JSON-ready dict holding everything in the instrument (nothing else)."""
    return {
        "format": DATA_FORMAT,
        "form_id": instrument.form_id,
        "version": instrument.version,
        "title": dict(instrument.title),
        "languages": list(instrument.languages),
        "respondent_group": instrument.respondent_group,
        "pages": [
            {
                "name": page.name,
                "title": dict(page.title),
                "item_codes": list(page.item_codes),
                "relevant": page.relevant.to_data() if page.relevant else None,
            }
            for page in instrument.pages
        ],
        "items": [_item_to_data(item) for item in instrument.items],
        "scales": [
            {"code": s.code, "label": dict(s.label), "item_codes": list(s.item_codes)}
            for s in instrument.scales
        ],
    }


def _condition(data: Mapping[str, Any] | None) -> Condition | None:
    return condition_from_data(data) if data else None


def instrument_from_data(data: Mapping[str, Any]) -> Instrument:
    """Rebuild an instrument stored with :func:`instrument_to_data` (trusted data)."""
    if data.get("format") != DATA_FORMAT:
        raise ValueError(f"unknown instrument data format {data.get('format')!r}")
    return Instrument(
        form_id=data["form_id"],
        version=data["version"],
        title=dict(data["title"]),
        languages=tuple(data["languages"]),
        respondent_group=data["respondent_group"],
        pages=tuple(
            Page(p["name"], dict(p["title"]), tuple(p["item_codes"]), _condition(p["relevant"]))
            for p in data["pages"]
        ),
        items=tuple(
            Item(
                code=i["code"],
                kind=i["kind"],
                label=dict(i["label"]),
                hint=dict(i["hint"]),
                choices=tuple(
                    Choice(c["value"], dict(c["label"]), c["is_dont_know"], c.get("symbol"))
                    for c in i["choices"]
                ),
                likert_points=i["likert_points"],
                reversed=i["reversed"],
                scale=i["scale"],
                required=i["required"],
                relevant=_condition(i["relevant"]),
                minimum=i["minimum"],
                maximum=i["maximum"],
                appearance=i.get("appearance", ""),
            )
            for i in data["items"]
        ),
        scales=tuple(
            Scale(s["code"], dict(s["label"]), tuple(s["item_codes"])) for s in data["scales"]
        ),
    )


def content_hash(instrument: Instrument) -> str:
    """SHA-256 (hex) of the canonical JSON of the instrument: equal content, equal hash."""
    canonical = json.dumps(
        instrument_to_data(instrument),
        sort_keys=True,  # dict order (e.g. languages in a label) must not change the hash
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
