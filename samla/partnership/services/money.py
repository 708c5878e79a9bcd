"""Changing the money: the state grant and the coordinator's part (administrators), the
own share and the spending lines (the owner).

Every change runs in a transaction on the ledger's row locked (``select_for_update``);
a refusal is a ``ValidationError`` with a message for the person and changes nothing.
Refused everywhere: a year whose yearly report is submitted (the ledger is closed), a
person without the right. Allowed with a warning (returned as texts): an own share below
the scheme's percentage of the grant, more spent from the grant than was allocated."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samla.org.models import Owner, Programme

from .. import access
from ..models import Allocation, SchemeSettings, Spending, SpendingCategory, SpendingSource
from ..queries import money as queries

FIRST_YEAR, LAST_YEAR = 2000, 2100


def scheme_for(programme: Programme) -> SchemeSettings:
    """The programme's scheme settings, saved with the national defaults when missing."""
    settings, _created = SchemeSettings.objects.get_or_create(programme=programme)
    return settings


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(_("The year must be between %(first)s and %(last)s.") % {
            "first": FIRST_YEAR, "last": LAST_YEAR
        })  # fmt: skip


def _check_owner(programme: Programme, owner: Owner) -> None:
    if not queries.programme_owners(programme).filter(pk=owner.pk).exists():
        raise ValidationError(_("%(owner)s has no units in the programme.") % {"owner": owner})


def _check_open(programme: Programme, owner_id: int, year: int) -> None:
    if queries.is_locked(programme, owner_id, year):
        raise ValidationError(
            _(
                "The yearly report for %(year)s is submitted, so that year's ledger is closed: "
                "nothing in it can be changed."
            )
            % {"year": year}
        )


def _check_speaks_for(user, programme: Programme, owner_id: int) -> None:
    if owner_id not in access.owner_ids(user, programme):
        raise ValidationError(_("Only the owner keeps its own share and spending."))


def _locked_allocation(programme: Programme, owner: Owner, year: int) -> Allocation:
    allocation, _created = Allocation.objects.get_or_create(
        programme=programme, owner=owner, year=year
    )
    return Allocation.objects.select_for_update().get(pk=allocation.pk)


def _warnings(programme: Programme, owner: Owner, year: int) -> list[str]:
    return queries.ledger(programme, owner, year)["warnings"]


def set_allocation(
    user, programme: Programme, owner: Owner, year: int, *, state_grant, coordinator
) -> list[str]:
    """The state grant allocated to ``owner`` for ``year`` and the part of it for a
    coordinator; administrators only. Refused: the coordinator's part above the scheme's
    cap. Saves the scheme settings with their defaults when missing. Returns warnings."""
    if not access.is_admin(user, programme):
        raise ValidationError(_("Only the programme's administrators set the state grant."))
    _check_year(year)
    _check_owner(programme, owner)
    state_grant, coordinator = Decimal(state_grant), Decimal(coordinator)
    if state_grant < 0 or coordinator < 0:
        raise ValidationError(_("Amounts cannot be negative."))
    with transaction.atomic():
        settings = scheme_for(programme)
        cap = queries.coordinator_cap(state_grant, settings.coordinator_cap_percent)
        if coordinator > cap:
            raise ValidationError(
                _(
                    "The coordinator's part can be at most %(percent)s %% of the state grant: "
                    "%(cap)s kr of %(grant)s kr."
                )
                % {
                    "percent": settings.coordinator_cap_percent,
                    "cap": queries.nok(cap),
                    "grant": queries.nok(state_grant),
                }
            )
        _check_open(programme, owner.pk, year)
        allocation = _locked_allocation(programme, owner, year)
        allocation.state_grant, allocation.coordinator = state_grant, coordinator
        allocation.save(update_fields=["state_grant", "coordinator"])
    return _warnings(programme, owner, year)


def set_own_share(user, programme: Programme, owner: Owner, year: int, own_share) -> list[str]:
    """The owner's own share for ``year``; the owner only. Returns warnings (below the
    scheme's percentage of the grant)."""
    _check_speaks_for(user, programme, owner.pk)
    _check_year(year)
    own_share = Decimal(own_share)
    if own_share < 0:
        raise ValidationError(_("Amounts cannot be negative."))
    with transaction.atomic():
        scheme_for(programme)
        _check_open(programme, owner.pk, year)
        allocation = _locked_allocation(programme, owner, year)
        allocation.own_share = own_share
        allocation.save(update_fields=["own_share"])
    return _warnings(programme, owner, year)


def _check_line(year: int, *, day: date, category: str, source: str, amount) -> Decimal:
    if day.year != year:
        raise ValidationError(_("The date must be in %(year)s.") % {"year": year})
    if category not in SpendingCategory.values:
        raise ValidationError(_("Choose a category from the list."))
    if source not in SpendingSource.values:
        raise ValidationError(_("Choose whether it was paid from the grant or the own share."))
    amount = Decimal(amount)
    if amount <= 0 or amount != amount.to_integral_value():
        raise ValidationError(_("The amount must be whole kroner, more than 0."))
    return amount


def add_spending(
    user,
    programme: Programme,
    owner: Owner,
    year: int,
    *,
    day: date,
    category: str,
    source: str,
    amount,
    text: str = "",
) -> tuple[Spending, list[str]]:
    """A spending line in the owner's ledger for ``year`` (the ledger is made when
    missing); the owner only. Returns the line and the year's warnings."""
    _check_speaks_for(user, programme, owner.pk)
    _check_year(year)
    amount = _check_line(year, day=day, category=category, source=source, amount=amount)
    with transaction.atomic():
        _check_open(programme, owner.pk, year)
        allocation = _locked_allocation(programme, owner, year)
        line = Spending.objects.create(
            allocation=allocation,
            date=day,
            category=category,
            source=source,
            amount=amount,
            text=text.strip(),
            entered_by=user if getattr(user, "is_authenticated", False) else None,
        )
    return line, _warnings(programme, owner, year)


def change_spending(
    user, line: Spending, *, day: date, category: str, source: str, amount, text: str = ""
) -> list[str]:
    """A spending line corrected (its year stays); the owner only, while the year is open."""
    allocation = line.allocation
    programme, owner, year = allocation.programme, allocation.owner, allocation.year
    _check_speaks_for(user, programme, owner.pk)
    amount = _check_line(year, day=day, category=category, source=source, amount=amount)
    with transaction.atomic():
        _check_open(programme, owner.pk, year)
        Allocation.objects.select_for_update().get(pk=allocation.pk)
        Spending.objects.filter(pk=line.pk).update(
            date=day, category=category, source=source, amount=amount, text=text.strip()
        )
    line.refresh_from_db()
    return _warnings(programme, owner, year)


def delete_spending(user, line: Spending) -> None:
    """A spending line removed; the owner only, while the year is open."""
    allocation = line.allocation
    _check_speaks_for(user, allocation.programme, allocation.owner_id)
    with transaction.atomic():
        _check_open(allocation.programme, allocation.owner_id, allocation.year)
        Allocation.objects.select_for_update().get(pk=allocation.pk)
        Spending.objects.filter(pk=line.pk).delete()
