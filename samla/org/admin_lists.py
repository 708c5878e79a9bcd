"""Django admin lists and forms that stay quick at national size.

A changelist of a table with many rows (people, memberships) does not count them: counting
a programme administrator's scope reads every membership of the installation, as the list
itself does, so the page would pay for its slowest query twice. Its page is read with one
row more, which tells whether another page follows, and the list says "more than N".
Smaller tables are counted as Django does."""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, ForeignKeyRawIdWidget
from django.core.paginator import Paginator
from django.db import connection
from django.forms import ModelChoiceField
from django.forms.models import ModelChoiceIterator
from django.utils.functional import cached_property

# Tables with more rows than this are not counted in the admin's lists.
COUNTED_ROWS = 10_000

# The largest offset a database takes (a signed 64-bit integer): a page past it, asked for
# by hand, is no page (SQLite raised OverflowError and PostgreSQL a DataError: a 500).
_LARGEST_OFFSET = 2**63 - 1


def is_long(model, limit: int) -> bool:
    """Whether the model's table holds more than ``limit`` rows: PostgreSQL's own estimate
    (no scan), else (SQLite, or a table PostgreSQL has not analysed yet) a count that stops
    after ``limit + 1`` rows."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = to_regclass(%s)",
                [model._meta.db_table],
            )
            row = cursor.fetchone()
        if row and row[0] >= 0:
            return row[0] > limit
    return model._default_manager.order_by()[: limit + 1].count() > limit


class UncountedPaginator(Paginator):
    """One page of a list too long to count. Its rows are read with one more: ``count``
    is exact on the last page and a lower bound (``uncounted``) before it."""

    def __init__(self, object_list, per_page, number: int = 1, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        # A page the database cannot reach reads the first: its number is then past the
        # pages counted, and the admin answers it as a page that is not there.
        reachable = number * int(per_page) + 1 <= _LARGEST_OFFSET
        self.number = max(number, 1) if reachable else 1

    @cached_property
    def rows(self) -> list:
        first = (self.number - 1) * self.per_page
        return list(self.object_list[first : first + self.per_page + 1])

    @property
    def uncounted(self) -> bool:
        return len(self.rows) > self.per_page

    @cached_property
    def count(self) -> int:
        return (self.number - 1) * self.per_page + len(self.rows)

    @property
    def shown_up_to(self) -> int:
        """The last row of this page, counted from the first of the list."""
        return (self.number - 1) * self.per_page + min(len(self.rows), self.per_page)

    def page(self, number):
        number = self.validate_number(number)
        if number != self.number:
            return super().page(number)
        return self._get_page(self.rows[: self.per_page], number, self)


class ChangeListAtScale(ChangeList):
    """Django's changelist; with an uncounted paginator, no "show all" (it would read the
    whole list) and the page's rows as already read (no second query of the list)."""

    def get_results(self, request) -> None:
        super().get_results(request)
        if isinstance(self.paginator, UncountedPaginator):
            self.can_show_all = self.can_show_all and not self.paginator.uncounted
            if not (self.show_all and self.can_show_all):
                self.result_list = self.paginator.page(self.page_num).object_list


class ListsAtScale:
    """For a ModelAdmin: no second count of the unfiltered list, and no count at all of a
    table over ``COUNTED_ROWS`` rows."""

    show_full_result_count = False

    def get_changelist(self, request, **kwargs):
        return ChangeListAtScale

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        limit = getattr(settings, "SAMLA_ADMIN_COUNTED_ROWS", COUNTED_ROWS)
        if self.list_editable or not is_long(self.model, limit):
            return super().get_paginator(
                request, queryset, per_page, orphans, allow_empty_first_page
            )
        try:
            number = int(request.GET.get("p", 1))
        except ValueError:
            number = 1
        return UncountedPaginator(
            queryset, per_page, number, allow_empty_first_page=allow_empty_first_page
        )


class ChoicesReadOnce:
    """For an inline: each drop-down's options are read once for all its rows when the
    page is drawn, not once a row (a region's owners, a round's questionnaires). What a
    row may be saved with is still checked against the field's queryset."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        for name, field in formset.form.base_fields.items():
            if (
                name != formset.fk.name
                and isinstance(field, ModelChoiceField)
                and _is_select(field)
            ):
                field.choices = _OptionsReadOnce(field)
        return formset


class _OptionsReadOnce:
    """The field's options, read on first use and kept; every row's copy of the field
    shares this one object."""

    def __init__(self, field: ModelChoiceField) -> None:
        self.field = field
        self.options: list | None = None

    def __call__(self) -> list:
        if self.options is None:
            # Iterated, not measured: list(iterator) would count the queryset first.
            self.options = [*iter(ModelChoiceIterator(self.field))]
        return self.options


def _is_select(field) -> bool:
    widget = getattr(field.widget, "widget", field.widget)  # inside the admin's wrapper
    return not isinstance(widget, AutocompleteSelect | ForeignKeyRawIdWidget)
