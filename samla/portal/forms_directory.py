"""Forms of the organisation's list pages (search, filters, sort, page size) and of a
person's page (grant a role)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samla.core.forms import ServiceErrors
from samla.org import directory, directory_changes, stewardship
from samla.org.directory import PAGE_SIZES, ListQuery, State
from samla.org.directory_tree import CLOSED, OPEN
from samla.org.models import ROLE_SCOPES, ChangeAction, OwnerKind, Role, UnitKind

UNIT_STATES = [("", _("Open and closed")), (OPEN, _("Open")), (CLOSED, _("Closed"))]
CLASS_STATES = [("", _("This and earlier years")), (OPEN, _("Open")), (CLOSED, _("Closed"))]
PERSON_STATES = [
    ("", _("Everyone")),
    (State.ACTIVE, _("Active")),
    (State.NOT_ACTIVATED, _("Not activated yet")),
    (State.DEACTIVATED, _("Deactivated")),
]


def _blank(label, choices) -> list:
    return [("", label), *choices]


class ListForm(forms.Form):
    """Search and page size; a list's own filters are added by its subclass. Filters that
    do not validate are left out (the list shows everything instead of failing)."""

    filter_names: tuple[str, ...] = ()

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    per_page = forms.TypedChoiceField(
        label=_("Per page"),
        required=False,
        choices=[(n, n) for n in PAGE_SIZES],
        coerce=int,
        empty_value=directory.DEFAULT_PAGE_SIZE,
    )

    def __init__(self, data, actor, programme, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.actor = actor
        self.programme = programme
        for name in self.filter_names:
            self.fields[name].required = False

    def choice_fields(self) -> list[tuple]:
        """Each filter with its options as a list (read once: one query per list) and the
        value chosen, for the template to write out without the widget."""
        result = []
        for name in self.filter_names:
            bound = self[name]
            current = bound.value()
            current = "" if current is None else str(current)
            options = [(str(value), label) for value, label in bound.field.choices]
            result.append((bound, options, current))
        return result

    def to_query(self) -> ListQuery:
        self.is_valid()
        cleaned = self.cleaned_data
        filters = {}
        for name in self.filter_names:
            value = cleaned.get(name)
            if value not in (None, ""):
                filters[name] = getattr(value, "pk", value)
        sort = self.data.get("sort", "")
        return ListQuery(
            search=cleaned.get("q", ""),
            filters=filters,
            sort=sort if isinstance(sort, str) and sort.isascii() else "",
            page=self.data.get("page", 1),
            per_page=cleaned.get("per_page") or directory.DEFAULT_PAGE_SIZE,
        )


def _region_field():
    return forms.ModelChoiceField(
        label=_("Region"), queryset=None, empty_label=_("All regions"), required=False
    )


def _owner_field():
    return forms.ModelChoiceField(
        label=_("Owner"), queryset=None, empty_label=_("All owners"), required=False
    )


def _unit_field():
    return forms.ModelChoiceField(
        label=_("Unit"), queryset=None, empty_label=_("All units"), required=False
    )


class RegionFilterForm(ListForm):
    pass


class OwnerFilterForm(ListForm):
    filter_names = ("region", "kind")
    region = _region_field()
    kind = forms.ChoiceField(label=_("Kind"), choices=_blank(_("All kinds"), OwnerKind.choices))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = directory.regions_looked_after(self.actor, self.programme)


class UnitFilterForm(ListForm):
    filter_names = ("state", "kind", "region", "owner")
    state = forms.ChoiceField(label=_("Open or closed"), choices=UNIT_STATES)
    kind = forms.ChoiceField(label=_("Kind"), choices=_blank(_("All kinds"), UnitKind.choices))
    region = _region_field()
    owner = _owner_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = directory.regions_looked_after(self.actor, self.programme)
        self.fields["owner"].queryset = directory.owners_looked_after(self.actor, self.programme)


class ClassFilterForm(ListForm):
    filter_names = ("state", "owner", "unit", "grade")
    state = forms.ChoiceField(label=_("Open or closed"), choices=CLASS_STATES)
    owner = _owner_field()
    unit = _unit_field()
    grade = forms.TypedChoiceField(
        label=_("Grade"),
        choices=_blank(_("All grades"), [(n, n) for n in range(1, 14)]),
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = directory.owners_looked_after(self.actor, self.programme)
        self.fields["unit"].queryset = directory.units_looked_after(self.actor, self.programme)


class PeopleFilterForm(ListForm):
    filter_names = ("role", "state", "region", "owner", "unit")
    role = forms.ChoiceField(label=_("Role"), choices=_blank(_("All roles"), Role.choices))
    state = forms.ChoiceField(label=_("State"), choices=PERSON_STATES)
    region = _region_field()
    owner = _owner_field()
    unit = _unit_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = directory.regions_looked_after(self.actor, self.programme)
        self.fields["owner"].queryset = directory.owners_looked_after(self.actor, self.programme)
        self.fields["unit"].queryset = directory.units_looked_after(self.actor, self.programme)


class HistoryFilterForm(ListForm):
    filter_names = ("action",)
    action = forms.ChoiceField(
        label=_("What"), choices=_blank(_("All changes"), ChangeAction.choices)
    )


class GrantForm(ServiceErrors, forms.Form):
    """A role and the place it is held at, from what the steward looks after."""

    role = forms.ChoiceField(
        label=_("Role"),
        error_messages={
            "required": _("Choose the role to give."),
            "invalid_choice": _(
                "You cannot hand out this role. Choose one of the roles in the list."
            ),
        },
    )
    place = forms.ChoiceField(
        label=_("Where"),
        help_text=_(
            "Unit leaders, group leaders and PPT advisors are held at a unit; staff at a "
            "unit or a class; owner contacts at an owner; region coordinators at a region; "
            "researchers and county governors in the whole programme."
        ),
        error_messages={
            "required": _("Choose where the role is held."),
            "invalid_choice": _("Choose a place from the list."),
        },
    )
    title = forms.CharField(
        label=_("Title (optional)"),
        required=False,
        max_length=120,
        help_text=_("E.g. rektor, kontaktlærer."),
    )

    def __init__(self, *args, actor, programme, person=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        grantable = stewardship.grantable_roles(actor, programme)
        self.fields["role"].choices = _blank(
            _("Choose a role"), [(r, Role(r).label) for r in grantable]
        )
        self.by_text = directory_changes.units_by_text(actor, programme)
        self.fields["place"].choices = _blank(
            _("Choose a place"),
            directory_changes.place_choices(actor, programme, person, by_text=self.by_text),
        )
        self.actor, self.programme = actor, programme
        if self.by_text:
            # Thousands of units make no list: the units the person works at are listed,
            # and any other is written.
            self.fields["place"].required = False
            self.fields["other_unit"] = forms.CharField(
                label=_("Or another unit"),
                required=False,
                max_length=200,
                help_text=_(
                    "The units you look after are too many to list. Write the unit's "
                    "organisation number or its whole name; it is used instead of the "
                    "place chosen above."
                ),
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )
            self.order_fields(["role", "place", "other_unit", "title"])

    def clean(self):
        cleaned = super().clean()
        written = (cleaned.get("other_unit") or "").strip() if self.by_text else ""
        role = cleaned.get("role")
        if written and role and "unit" not in ROLE_SCOPES.get(role, ()):
            self.add_error(
                "other_unit",
                _(
                    "The role %(role)s is not held at a unit. Leave “Or another unit” empty "
                    "and choose the place in the list."
                )
                % {"role": Role(role).label},
            )
        elif written:
            try:
                cleaned["place"] = directory_changes.unit_written(
                    self.actor, self.programme, written
                )
            except ValidationError as error:
                self.add_error("other_unit", error)
        elif self.by_text and not cleaned.get("place") and "place" not in self.errors:
            self.add_error("place", self.fields["place"].error_messages["required"])
        return cleaned
