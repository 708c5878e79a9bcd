"""Every list of the API comes in pages: ``page`` (from 1) and ``page_size`` (1–500,
100 unless asked), with the number of items, the number of pages and the address of the
next page."""

from __future__ import annotations

import math
from collections.abc import Sequence
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Schema
from pydantic import Field

MAX_PAGE_SIZE = 500


class PageParams(Schema):
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(100, ge=1, le=MAX_PAGE_SIZE)


PageQuery = Query[PageParams]


class Page(Schema):
    count: int
    page: int
    pages: int
    next: str | None = None


def page_of(request: HttpRequest, items: QuerySet | Sequence, params: PageParams) -> dict:
    """The page's slice of ``items`` and the page's numbers (a queryset is counted and
    sliced in the database)."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    start = (params.page - 1) * params.page_size
    pages = max(1, math.ceil(count / params.page_size))
    following = None
    if params.page < pages:
        query = request.GET.copy()
        query["page"] = str(params.page + 1)
        following = (
            request.build_absolute_uri(request.path) + "?" + urlencode(sorted(query.items()))
        )
    return {
        "count": count,
        "page": params.page,
        "pages": pages,
        "next": following,
        "items": list(items[start : start + params.page_size]),
    }
