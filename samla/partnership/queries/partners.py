"""Reads of the partners area: partners by kind with their contacts, the agreements a
person may read, and the programme's owners and people the admin forms choose from.

Who reads what:
- everyone who takes part in the partnership (``access.takes_part``) reads the partners,
  their contacts and the scheme's settings;
- agreements: administrators and the county governor read all; an owner reads the
  agreements it is party to; a partner's contacts read their partner's agreements."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from samla.org import stewardship
from samla.org.models import Owner, Person, Programme

from .. import access
from ..models import Agreement, Partner, PartnerContact, PartnerKind


@dataclass(frozen=True)
class KindGroup:
    kind: str
    label: str
    partners: list[Partner]


def partners_by_kind(programme: Programme) -> list[KindGroup]:
    """The programme's partners grouped by kind (in the order of ``PartnerKind``), each
    with its contacts prefetched (``partner.contact_list``): three queries in all."""
    contacts = PartnerContact.objects.select_related("person").order_by(
        "person__last_name", "person__first_name"
    )
    partners = list(
        Partner.objects.filter(programme=programme).prefetch_related(
            Prefetch("contacts", queryset=contacts, to_attr="contact_list")
        )
    )
    groups = []
    for kind, label in PartnerKind.choices:
        of_kind = [p for p in partners if p.kind == kind]
        if of_kind:
            groups.append(KindGroup(kind, str(label), of_kind))
    return groups


def get_partner_or_404(programme: Programme, pk: int) -> Partner:
    try:
        return Partner.objects.get(programme=programme, pk=pk)
    except Partner.DoesNotExist as missing:
        raise Http404 from missing


def get_contact_or_404(programme: Programme, pk: int) -> PartnerContact:
    try:
        return PartnerContact.objects.select_related("partner", "person").get(
            partner__programme=programme, pk=pk
        )
    except PartnerContact.DoesNotExist as missing:
        raise Http404 from missing


def programme_owners(programme: Programme) -> QuerySet[Owner]:
    """Owners with a unit enrolled in the programme: the only owners an agreement or a
    forum seat may name."""
    return Owner.objects.filter(
        pk__in=Owner.objects.filter(units__programmes=programme).values("pk")
    ).order_by("name")


def programme_people(actor, programme: Programme) -> QuerySet[Person]:
    """The people an administrator picks from (as on the programme's people pages): those
    holding a role in the programme or invited to it — not a deactivated person, who keeps
    their roles but has left and is made no one's contact or forum member anew."""
    return (
        stewardship.people_in_scope(actor, programme)
        .filter(is_active=True)
        .order_by("last_name", "first_name", "username")
    )


def universities(programme: Programme) -> QuerySet[Partner]:
    return Partner.objects.filter(programme=programme, kind=PartnerKind.UNIVERSITY)


def agreements_for(user, programme: Programme) -> QuerySet[Agreement]:
    """The agreements the person reads, with what a list shows fetched along."""
    agreements = Agreement.objects.filter(programme=programme)
    if not access.reads_everything(user, programme):
        owners = access.owner_ids(user, programme)
        partners = access.partner_ids(user, programme)
        agreements = agreements.filter(Q(owners__in=owners) | Q(partner_id__in=partners))
    return (
        Agreement.objects.filter(pk__in=agreements.values("pk"))
        .select_related("partner", "region", "owner_contact", "partner_contact")
        .prefetch_related("owners")
        .order_by("-starts", "title")
    )


def get_agreement_or_404(user, programme: Programme, pk: int) -> Agreement:
    try:
        return agreements_for(user, programme).get(pk=pk)
    except Agreement.DoesNotExist as missing:
        raise Http404 from missing


def programme_partners(programme: Programme) -> QuerySet[Partner]:
    return Partner.objects.filter(programme=programme)


def university_contact_people(programme: Programme) -> QuerySet[Person]:
    """People who are a contact of one of the programme's universities, and not deactivated:
    the choices for an agreement's university contact."""
    contacts = PartnerContact.objects.filter(
        partner__in=universities(programme), person__is_active=True
    )
    return Person.objects.filter(pk__in=contacts.values("person_id")).order_by(
        "last_name", "first_name"
    )


def keeping(people: QuerySet[Person], current_id: int | None) -> QuerySet[Person]:
    """``people`` and the person an agreement names now (``current_id``), in the same order:
    a contact who has since left the programme, or is no longer a university's contact,
    stays the agreement's until an administrator chooses someone else — saving the
    agreement unchanged must not drop them."""
    if current_id is None:
        return people
    return Person.objects.filter(Q(pk__in=people.values("pk")) | Q(pk=current_id)).order_by(
        *people.query.order_by
    )
