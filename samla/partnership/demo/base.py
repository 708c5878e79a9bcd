"""The partnership demo's base: Kultur for læring – skole in Innlandet with its university
partner, KS and a union, the agreement between Hamar, Stange and the university, and the
cooperation forum with its members (the county governor without a vote)."""

from __future__ import annotations

from datetime import date

from samla.org import demo as org_demo
from samla.org.models import Owner, Person, Programme, Region

from ..models import (
    Agreement,
    Forum,
    ForumMember,
    MemberType,
    Partner,
    PartnerContact,
    PartnerKind,
    SchemeSettings,
)

UNIVERSITY = "Høgskolen i Innlandet"
FORUM = "Samarbeidsforum for kompetanseutvikling i Innlandet"
AGREEMENT = "Partnerskapsavtale Hamarregionen – Høgskolen i Innlandet"
PARTNERS = (
    (PartnerKind.UNIVERSITY, UNIVERSITY, "HINN"),
    (PartnerKind.KS, "KS Innlandet", "KS"),
    (PartnerKind.UNION, "Utdanningsforbundet Innlandet", "UDF"),
)
# username, represents, owner or partner name, votes
MEMBERS = (
    ("eier", MemberType.OWNER, "Hamar kommune", True),
    ("forsker", MemberType.UNIVERSITY, UNIVERSITY, True),
    ("tillitsvalgt", MemberType.UNION, "Utdanningsforbundet Innlandet", True),
    ("statsforvalter", MemberType.COUNTY_GOVERNOR, "", False),
)


def programme() -> Programme:
    return Programme.objects.get(slug=org_demo.SCHOOL_SLUG)


def build() -> dict[str, int]:
    school = programme()
    SchemeSettings.objects.get_or_create(programme=school)
    partners = {}
    for kind, name, short in PARTNERS:
        partners[name], _ = Partner.objects.get_or_create(
            programme=school, name=name, defaults={"kind": kind, "short_name": short}
        )
    researcher = Person.objects.get(username="forsker")
    PartnerContact.objects.get_or_create(
        partner=partners[UNIVERSITY], person=researcher, defaults={"title": "førsteamanuensis"}
    )
    if not Agreement.objects.filter(programme=school, title=AGREEMENT).exists():
        agreement = Agreement.objects.create(
            programme=school,
            partner=partners[UNIVERSITY],
            region=Region.objects.get(programme=school, short_name="HR"),
            title=AGREEMENT,
            starts=date(2026, 8, 1),
            ends=date(2029, 7, 31),
            themes="Klasseledelse og læringsmiljø; lesing i alle fag; pedagogisk analyse.",
            owner_contact=Person.objects.get(username="eier"),
            partner_contact=researcher,
        )
        agreement.owners.set(Owner.objects.filter(name__in=["Hamar kommune", "Stange kommune"]))
    forum, _ = Forum.objects.get_or_create(programme=school, region=None, name=FORUM)
    for username, member_type, represents, votes in MEMBERS:
        ForumMember.objects.get_or_create(
            forum=forum,
            person=Person.objects.get(username=username),
            defaults={
                "member_type": member_type,
                "owner": Owner.objects.filter(name=represents).first(),
                "partner": partners.get(represents),
                "votes": votes,
            },
        )
    return {
        "partners": Partner.objects.filter(programme=school).count(),
        "forum members": ForumMember.objects.filter(forum=forum).count(),
    }
