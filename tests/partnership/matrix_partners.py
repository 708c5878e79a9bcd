"""Who opens the partners, agreements and scheme settings pages of a partnership."""

from samla.partnership.demo import base
from samla.partnership.models import Agreement, Partner, PartnerContact
from tests.role_matrix_support import Case, everyone, only

TAKE_PART = {"admin", "statsforvalter", "eier", "forsker", "tillitsvalgt"}


def admins_only() -> dict:
    """Administrators 200; others who take part 403 (they read the area); the rest 404."""
    expected = only({"admin"})
    expected.update(dict.fromkeys(TAKE_PART - {"admin"}, 403))
    return expected


def _slug(org):
    base.build()
    return {"slug": org.school_programme.slug}


def _partner(org):
    base.build()
    partner = Partner.objects.get(name=base.UNIVERSITY)
    return {"slug": org.school_programme.slug, "pk": partner.pk}


def _contact(org):
    base.build()
    contact = PartnerContact.objects.get(partner__name=base.UNIVERSITY)
    return {"slug": org.school_programme.slug, "pk": contact.pk}


def _agreement(org):
    base.build()
    return {"slug": org.school_programme.slug, "pk": Agreement.objects.get(title=base.AGREEMENT).pk}


CASES = [
    Case("portal:partnership_partners", "partners", _slug, only(TAKE_PART)),
    Case("portal:partnership_partner_new", "add a partner", _slug, admins_only()),
    Case("portal:partnership_partner_edit", "change a partner", _partner, admins_only()),
    Case(
        "portal:partnership_contact_new",
        "add a contact (post only)",
        _partner,
        everyone(405, anonymous=302),
    ),
    Case("portal:partnership_contact_edit", "change a contact", _contact, admins_only()),
    Case("portal:partnership_agreements", "agreements", _slug, only(TAKE_PART)),
    Case(
        "portal:partnership_agreement",
        "Hamarregionen's agreement with the university (party, contact, readers)",
        _agreement,
        only({"admin", "statsforvalter", "eier", "forsker"}),
    ),
    Case("portal:partnership_agreement_new", "make an agreement", _slug, admins_only()),
    Case("portal:partnership_agreement_edit", "change an agreement", _agreement, admins_only()),
    Case("portal:partnership_scheme", "scheme settings", _slug, only(TAKE_PART)),
    Case("portal:partnership_scheme_edit", "change scheme settings", _slug, admins_only()),
]
