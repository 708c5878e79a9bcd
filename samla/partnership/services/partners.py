"""Changes in the partners area: partners, their contacts and the agreements between owners
and a university. Only the programme's administrators make them. Every refusal is a
``ValidationError`` with a message for the person, and changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samla.org.models import Owner, Person, Programme, Region, RegionOwner

from .. import access
from ..models import Agreement, Partner, PartnerContact, PartnerKind
from ..queries.partners import programme_owners, programme_people


def require_admin(actor, programme: Programme) -> None:
    if not access.is_admin(actor, programme):
        raise ValidationError(_("Only the programme's administrators keep these records."))


@dataclass(frozen=True)
class PartnerInput:
    kind: str
    name: str
    short_name: str = ""


def save_partner(
    actor, programme: Programme, data: PartnerInput, partner: Partner | None = None
) -> Partner:
    """Add a partner to the programme (``partner`` None) or change one. Side effects: the
    partner row only."""
    require_admin(actor, programme)
    if partner is not None and partner.programme_id != programme.pk:
        raise ValidationError(_("This partner belongs to another programme."))
    if data.kind not in PartnerKind.values:
        raise ValidationError({"kind": _("Choose what kind of partner this is.")})
    name = data.name.strip()
    if not name:
        raise ValidationError({"name": _("Give the partner's name.")})
    same_name = Partner.objects.filter(programme=programme, name__iexact=name)
    if partner is not None:
        same_name = same_name.exclude(pk=partner.pk)
        if data.kind != PartnerKind.UNIVERSITY and partner.agreements.exists():
            raise ValidationError(
                {"kind": _("This partner has agreements, so it stays a university.")}
            )
    if same_name.exists():
        raise ValidationError({"name": _("The programme already has a partner of that name.")})
    with transaction.atomic():
        partner = partner or Partner(programme=programme)
        partner.kind, partner.name, partner.short_name = data.kind, name, data.short_name.strip()
        partner.save()
    return partner


def _person_in_programme(actor, programme: Programme, person: Person) -> None:
    if not programme_people(actor, programme).filter(pk=person.pk).exists():
        raise ValidationError(
            {"person": _("Choose someone who holds a role in the programme or is invited to it.")}
        )


def add_contact(actor, partner: Partner, person: Person, title: str = "") -> PartnerContact:
    """Make a person one of the partner's contacts. The person then reads the partnership
    pages and the partner's agreements."""
    require_admin(actor, partner.programme)
    _person_in_programme(actor, partner.programme, person)
    if PartnerContact.objects.filter(partner=partner, person=person).exists():
        raise ValidationError({"person": _("This person is already a contact of the partner.")})
    with transaction.atomic():
        return PartnerContact.objects.create(partner=partner, person=person, title=title.strip())


def change_contact_title(actor, contact: PartnerContact, title: str) -> PartnerContact:
    require_admin(actor, contact.partner.programme)
    contact.title = title.strip()
    contact.save(update_fields=["title"])
    return contact


def remove_contact(actor, contact: PartnerContact) -> None:
    """The person no longer speaks for the partner (agreements naming them as a contact
    keep the name)."""
    require_admin(actor, contact.partner.programme)
    contact.delete()


@dataclass(frozen=True)
class AgreementInput:
    partner: Partner
    title: str
    starts: date
    ends: date
    owners: list[Owner] = field(default_factory=list)
    region: Region | None = None
    themes: str = ""
    owner_contact: Person | None = None
    partner_contact: Person | None = None


def _agreement_owners(
    programme: Programme, data: AgreementInput, agreement: Agreement | None
) -> list[Owner]:
    errors: dict[str, str] = {}
    # The university's contact the agreement names now stays allowed while the university
    # is the same, even if they are no longer one of its contacts: saving the agreement
    # unchanged keeps them (an administrator chooses someone else to replace them).
    kept = (
        agreement.partner_contact_id
        if agreement is not None and agreement.partner_id == data.partner.pk
        else None
    )
    if data.partner.programme_id != programme.pk or data.partner.kind != PartnerKind.UNIVERSITY:
        errors["partner"] = _("An agreement is made with a university or university college.")
    if not data.title.strip():
        errors["title"] = _("Give the agreement a title.")
    if data.ends < data.starts:
        errors["ends"] = _("The agreement cannot end before it starts.")
    if data.region is not None and data.region.programme_id != programme.pk:
        errors["region"] = _("Choose one of the programme's regions.")
    if (
        data.partner_contact is not None
        and data.partner_contact.pk != kept
        and not PartnerContact.objects.filter(
            partner=data.partner, person=data.partner_contact, person__is_active=True
        ).exists()
    ):
        errors["partner_contact"] = _("Choose one of the university's contacts.")
    owners = list(data.owners)
    if not owners and data.region is not None and "region" not in errors:
        placed = RegionOwner.objects.filter(programme=programme, region=data.region)
        owners = list(programme_owners(programme).filter(pk__in=placed.values("owner_id")))
    allowed = set(programme_owners(programme).values_list("pk", flat=True))
    if any(o.pk not in allowed for o in owners):
        errors["owners"] = _("Every owner in the agreement must take part in the programme.")
    elif not owners:
        errors["owners"] = _("Choose the owners, or a region whose owners make the agreement.")
    if errors:
        raise ValidationError(errors)
    return owners


def save_agreement(
    actor, programme: Programme, data: AgreementInput, agreement: Agreement | None = None
) -> Agreement:
    """Make an agreement (``agreement`` None) or change one. Without owners chosen, a
    region's agreement is made by all the region's owners in the programme. Side effects:
    the agreement and its owners."""
    require_admin(actor, programme)
    if agreement is not None and agreement.programme_id != programme.pk:
        raise ValidationError(_("This agreement belongs to another programme."))
    owners = _agreement_owners(programme, data, agreement)
    # The owners' contact is one of the programme's people (or the one the agreement names
    # already, who may have left since).
    if (
        data.owner_contact is not None
        and (agreement is None or data.owner_contact.pk != agreement.owner_contact_id)
        and not programme_people(actor, programme).filter(pk=data.owner_contact.pk).exists()
    ):
        raise ValidationError(
            {
                "owner_contact": _(
                    "Choose someone who holds a role in the programme or is invited to it."
                )
            }
        )
    with transaction.atomic():
        agreement = agreement or Agreement(programme=programme)
        agreement.partner = data.partner
        agreement.region = data.region
        agreement.title = data.title.strip()
        agreement.starts, agreement.ends = data.starts, data.ends
        agreement.themes = data.themes.strip()
        agreement.owner_contact = data.owner_contact
        agreement.partner_contact = data.partner_contact
        agreement.save()
        agreement.owners.set(owners)
    return agreement
