"""What the directory's pages share: the steward's programme, sortable columns."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest

from samla.org import access, stewardship
from samla.org.models import Programme


def steward_programme(request: HttpRequest, slug: str) -> Programme:
    """The programme, if the person looks after some part of it; 404 otherwise (as for a
    programme they cannot see at all)."""
    programme = access.get_programme_or_404(request.user, slug)
    if not stewardship.is_steward(request.user, programme):
        raise Http404
    return programme


@dataclass(frozen=True)
class Column:
    label: str
    key: str = ""  # a sort key; empty: the column does not sort
    numeric: bool = False


@dataclass(frozen=True)
class Header:
    label: str
    key: str
    next_sort: str
    aria_sort: str
    numeric: bool


def headers(columns: list[Column], sort: str) -> list[Header]:
    """Column headers with the sort each link asks for: ascending first, descending when
    the column is already sorted ascending."""
    result = []
    for column in columns:
        current = ""
        if column.key and sort.lstrip("-") == column.key:
            current = "descending" if sort.startswith("-") else "ascending"
        next_sort = f"-{column.key}" if current == "ascending" else column.key
        result.append(Header(column.label, column.key, next_sort, current, column.numeric))
    return result
