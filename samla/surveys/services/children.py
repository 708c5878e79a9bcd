"""The children on a class's or department's list, and their guardians' reservations and
consents."""

from __future__ import annotations

from django.db import transaction

from samla.org.models import Group, Person

from .. import codes
from ..models import Child, ChildName, Consent, ConsentRule, Reservation, Round
from .errors import CollectionError
from .issuing import revoke_open_codes


@transaction.atomic
def reserve_child(round: Round, child: Child, registered_by: Person | None = None) -> Reservation:
    """Register guardians' reservation of a child.

    Side effects: creates the Reservation (once); revokes every code of the child in the
    round that is not yet submitted, so a code issued before the reservation stops working.
    Their unfinished answers stay sealed, readable only with the code, and are deleted when
    the code is typed again or the round's results are released."""
    reservation, _created = Reservation.objects.get_or_create(
        round=round, child=child, defaults={"registered_by": registered_by}
    )
    revoke_open_codes(round, child)
    return reservation


@transaction.atomic
def withdraw_reservation(round: Round, child: Child) -> None:
    """Guardians withdrew their reservation: the child may take part again (new codes are
    needed; the revoked ones stay revoked).

    Side effects: deletes the Reservation."""
    Reservation.objects.filter(round=round, child=child).delete()


@transaction.atomic
def register_consent(round: Round, child: Child, registered_by: Person | None = None) -> Consent:
    """Record guardians' consent (what an opt-in round needs before a child gets a code).

    Side effects: creates the Consent (once)."""
    consent, _created = Consent.objects.get_or_create(
        round=round, child=child, defaults={"registered_by": registered_by}
    )
    return consent


@transaction.atomic
def withdraw_consent(round: Round, child: Child) -> None:
    """Guardians withdrew their consent.

    Side effects: deletes the Consent; in an opt-in round, revokes the child's codes that
    are not yet submitted (their unfinished answers as in reserve_child)."""
    Consent.objects.filter(round=round, child=child).delete()
    if round.consent_rule == ConsentRule.OPT_IN:
        revoke_open_codes(round, child)


def _new_pseudonym() -> str:
    return "B" + codes.new_code()[:9]


@transaction.atomic
def add_children(group: Group, names: list[str]) -> list[Child]:
    """Put children on a class's or department's list.

    Side effects: creates a Child (with a random pseudonym, the only thing codes and
    answers can refer to) and, apart from it, a ChildName per non-empty name. Refuses a
    class closed at a new school year."""
    if group.closed_on is not None:
        raise CollectionError("group_closed")
    added = []
    for name in names:
        name = " ".join(name.split())[:200]
        if not name:
            continue
        child = Child.objects.create(group=group, pseudonym=_new_pseudonym())
        ChildName.objects.create(child=child, name=name)
        added.append(child)
    return added


@transaction.atomic
def remove_child(child: Child) -> None:
    """Take a child off the list.

    Side effects: deletes the child, its name, reservations, consents and codes. Unfinished
    answers never pointed to a code: they stay sealed (no one holds a working code to open
    them) until the round's results are released. Submitted responses stay: they never
    pointed to the child."""
    child.delete()
