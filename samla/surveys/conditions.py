"""Relevance conditions: the small, safe subset of XLSForm's XPath that Samla understands.

Pure Python, no Django. An XLSForm ``relevant`` cell is parsed into a tree of frozen dataclasses
that the answering pages evaluate against the answers given so far. Anything outside the subset
is refused with :class:`ConditionError`, so no expression is ever evaluated as code.

The subset::

    ${q} = 'v'      ${q} != 'v'              string comparison with a choice value or text
    ${q} = 3        ${q} >= 3   (<, <=, >, >=, =, !=)   numeric comparison
    selected(${q}, 'v')                       a multiple-choice item has v among its answers
    A and B         A or B       ( A )        ``and`` binds tighter than ``or``, as in XPath

Evaluation follows XPath where it matters: an unanswered item (or "vet ikke", which is no
number) makes every comparison false except ``!=``, which is true.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "AllOf",
    "AnyOf",
    "Compare",
    "Condition",
    "ConditionError",
    "Selected",
    "condition_from_data",
    "parse_condition",
]

NUMERIC_OPERATORS = ("<", "<=", ">", ">=")
OPERATORS = ("=", "!=", *NUMERIC_OPERATORS)


class ConditionError(ValueError):
    """The expression is outside the supported subset. ``reason`` is English, for logs."""

    def __init__(self, expression: str, reason: str) -> None:
        super().__init__(f"{reason}: {expression}")
        self.expression = expression
        self.reason = reason


def _as_number(answer: Any) -> float | None:
    if isinstance(answer, bool) or answer is None:
        return None
    if isinstance(answer, int | float):
        return float(answer)
    if isinstance(answer, str):
        try:
            return float(answer)
        except ValueError:
            return None  # "dk", "ja": not a number, like XPath's NaN
    return None


def _as_text(answer: Any) -> str:
    if answer is None:
        return ""
    if isinstance(answer, str):
        return answer
    if isinstance(answer, tuple | list | set | frozenset):
        return " ".join(sorted(answer)) if isinstance(answer, set | frozenset) else " ".join(answer)
    return str(answer)


def _literal(value: str | int | float) -> str:
    if isinstance(value, str):
        return "'" + value + "'"
    return repr(value)


@dataclass(frozen=True)
class Compare:
    """``${code} op value``; a str value compares text, a number compares numerically."""

    code: str
    op: str
    value: str | int | float

    def evaluate(self, answers: Mapping[str, Any]) -> bool:
        answer = answers.get(self.code)
        if isinstance(self.value, str):
            equal = _as_text(answer) == self.value
            return equal if self.op == "=" else not equal
        number = _as_number(answer)
        if number is None:
            return self.op == "!="
        return {
            "=": number == self.value,
            "!=": number != self.value,
            "<": number < self.value,
            "<=": number <= self.value,
            ">": number > self.value,
            ">=": number >= self.value,
        }[self.op]

    def leaves(self) -> Iterator[Compare | Selected]:
        yield self

    def to_data(self) -> dict[str, Any]:
        return {"code": self.code, "op": self.op, "value": self.value}

    def __str__(self) -> str:
        return f"${{{self.code}}} {self.op} {_literal(self.value)}"


@dataclass(frozen=True)
class Selected:
    """``selected(${code}, 'value')`` for a multiple-choice item."""

    code: str
    value: str

    def evaluate(self, answers: Mapping[str, Any]) -> bool:
        answer = answers.get(self.code)
        if answer is None:
            return False
        if isinstance(answer, str):
            return self.value in answer.split()
        return self.value in answer

    def leaves(self) -> Iterator[Compare | Selected]:
        yield self

    def to_data(self) -> dict[str, Any]:
        return {"selected": self.code, "value": self.value}

    def __str__(self) -> str:
        return f"selected(${{{self.code}}}, {_literal(self.value)})"


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Condition, ...]

    def evaluate(self, answers: Mapping[str, Any]) -> bool:
        return all(part.evaluate(answers) for part in self.parts)

    def leaves(self) -> Iterator[Compare | Selected]:
        for part in self.parts:
            yield from part.leaves()

    def to_data(self) -> dict[str, Any]:
        return {"all": [part.to_data() for part in self.parts]}

    def __str__(self) -> str:
        return " and ".join(
            f"({part})" if isinstance(part, AnyOf) else str(part) for part in self.parts
        )


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Condition, ...]

    def evaluate(self, answers: Mapping[str, Any]) -> bool:
        return any(part.evaluate(answers) for part in self.parts)

    def leaves(self) -> Iterator[Compare | Selected]:
        for part in self.parts:
            yield from part.leaves()

    def to_data(self) -> dict[str, Any]:
        return {"any": [part.to_data() for part in self.parts]}

    def __str__(self) -> str:
        return " or ".join(str(part) for part in self.parts)


Condition = Compare | Selected | AllOf | AnyOf


def condition_from_data(data: Mapping[str, Any]) -> Condition:
    """The inverse of ``to_data()``, for instruments read back from storage."""
    if "all" in data:
        return AllOf(tuple(condition_from_data(part) for part in data["all"]))
    if "any" in data:
        return AnyOf(tuple(condition_from_data(part) for part in data["any"]))
    if "selected" in data:
        return Selected(data["selected"], data["value"])
    return Compare(data["code"], data["op"], data["value"])


_TOKEN = re.compile(
    r"""\s*(?:
        (?P<ref>\$\{(?P<name>[A-Za-z_][\w.-]*)\})
      | (?P<string>'[^']*'|"[^"]*")
      | (?P<number>-?\d+(?:\.\d+)?)
      | (?P<op>!=|<=|>=|=|<|>)
      | (?P<word>and\b|or\b|selected(?=\s*\())
      | (?P<punct>[(),])
    )""",
    re.VERBOSE,
)


def _tokens(expression: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    text = expression.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ConditionError(expression, f"cannot read {text[position:].strip()!r}")
        if match.group("ref"):
            tokens.append(("ref", match.group("name")))
        elif match.group("string"):
            tokens.append(("string", match.group("string")[1:-1]))
        else:
            kind = next(k for k in ("number", "op", "word", "punct") if match.group(k))
            tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, expression: str) -> None:
        self.expression = expression
        self.tokens = _tokens(expression)
        self.position = 0

    def fail(self, reason: str) -> ConditionError:
        return ConditionError(self.expression, reason)

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self, kind: str, text: str | None = None) -> str:
        token = self.peek()
        if token is None or token[0] != kind or (text is not None and token[1] != text):
            raise self.fail(f"expected {text or kind}")
        self.position += 1
        return token[1]

    def parse(self) -> Condition:
        if not self.tokens:
            raise self.fail("empty")
        condition = self.any_of()
        if self.peek() is not None:
            raise self.fail(f"unexpected {self.peek()[1]!r}")  # type: ignore[index]
        return condition

    def any_of(self) -> Condition:
        parts = [self.all_of()]
        while self.peek() == ("word", "or"):
            self.position += 1
            parts.append(self.all_of())
        return _joined(AnyOf, parts)

    def all_of(self) -> Condition:
        parts = [self.primary()]
        while self.peek() == ("word", "and"):
            self.position += 1
            parts.append(self.primary())
        return _joined(AllOf, parts)

    def primary(self) -> Condition:
        token = self.peek()
        if token == ("punct", "("):
            self.position += 1
            inner = self.any_of()
            self.take("punct", ")")
            return inner
        if token == ("word", "selected"):
            self.position += 1
            self.take("punct", "(")
            code = self.take("ref")
            self.take("punct", ",")
            choice = self.take("string")
            self.take("punct", ")")
            return Selected(code, choice)
        code = self.take("ref")
        op = self.take("op")
        token = self.peek()
        if token is not None and token[0] == "string":
            self.position += 1
            if op in NUMERIC_OPERATORS:
                raise self.fail(f"{op} needs a number")
            return Compare(code, op, token[1])
        number = self.take("number")
        return Compare(code, op, float(number) if "." in number else int(number))


def _joined(kind: type[AllOf] | type[AnyOf], parts: list[Condition]) -> Condition:
    if len(parts) == 1:
        return parts[0]
    flat: list[Condition] = []
    for part in parts:
        # (a and b) and c is a and b and c: one canonical tree, one content hash.
        flat.extend(part.parts if isinstance(part, kind) else (part,))
    return kind(tuple(flat))


def parse_condition(expression: str) -> Condition:
    """Parse an XLSForm ``relevant`` expression; raise :class:`ConditionError` if unsupported."""
    return _Parser(expression).parse()
