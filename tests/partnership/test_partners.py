"""Partners, their contacts, agreements and the scheme's settings: who may change them,
the refusals (which change nothing) and who reads which agreement."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samla.org.models import Owner, Region
from samla.partnership.demo import base
from samla.partnership.models import Agreement, Partner, PartnerContact, PartnerKind
from samla.partnership.queries import partners as queries
from samla.partnership.services import forum as forum_services
from samla.partnership.services import partners as services
from samla.partnership.services.partners import AgreementInput, PartnerInput
from tests.conftest import client_for


@pytest.fixture
def school(demo_org):
    base.build()
    return demo_org.school_programme


def _university(school) -> Partner:
    return Partner.objects.get(programme=school, name=base.UNIVERSITY)


def _snapshot() -> tuple:
    return (
        sorted(Partner.objects.values_list("name", "kind", "short_name")),
        sorted(PartnerContact.objects.values_list("partner_id", "person_id", "title")),
        sorted(Agreement.objects.values_list("title", "starts", "ends", "partner_id")),
        sorted(Agreement.owners.through.objects.values_list("agreement_id", "owner_id")),
    )


def test_admin_adds_a_partner(school, demo_org):
    partner = services.save_partner(
        demo_org.user("admin"), school, PartnerInput(PartnerKind.PBL, " PBL Innlandet ", "PBL")
    )
    assert (partner.name, partner.kind, partner.programme) == ("PBL Innlandet", "pbl", school)


@pytest.mark.parametrize(
    ("username", "data"),
    [
        ("eier", PartnerInput(PartnerKind.PBL, "PBL Innlandet")),
        ("admin", PartnerInput(PartnerKind.KS, "ks innlandet")),
        ("admin", PartnerInput("school", "Noe annet")),
    ],
    ids=["owner may not", "same name", "unknown kind"],
)
def test_refused_partners_change_nothing(school, demo_org, username, data):
    before = _snapshot()
    with pytest.raises(ValidationError):
        services.save_partner(demo_org.user(username), school, data)
    assert _snapshot() == before


def test_a_university_with_agreements_stays_a_university(school, demo_org):
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        services.save_partner(
            demo_org.user("admin"),
            school,
            PartnerInput(PartnerKind.OTHER, base.UNIVERSITY),
            _university(school),
        )
    assert "kind" in refused.value.error_dict
    assert _snapshot() == before


def test_admin_adds_a_contact_from_the_programme_people(school, demo_org):
    ks = Partner.objects.get(programme=school, name="KS Innlandet")
    contact = services.add_contact(demo_org.user("admin"), ks, demo_org.user("eier"), "leder")
    assert (contact.partner, contact.person.username, contact.title) == (ks, "eier", "leder")


def test_a_contact_from_outside_the_programme_is_refused(school, demo_org):
    ks = Partner.objects.get(programme=school, name="KS Innlandet")
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        services.add_contact(demo_org.user("admin"), ks, demo_org.user("styrer"))
    assert list(refused.value.error_dict) == ["person"]
    assert _snapshot() == before


def _input(school, **changes) -> AgreementInput:
    values = {
        "partner": _university(school),
        "title": "Avtale Løten",
        "starts": date(2026, 8, 1),
        "ends": date(2028, 7, 31),
        "owners": [Owner.objects.get(name="Hamar kommune")],
    }
    values.update(changes)
    return AgreementInput(**values)


def test_admin_makes_an_agreement_for_a_region(school, demo_org):
    region = Region.objects.get(programme=school, short_name="HR")
    agreement = services.save_agreement(
        demo_org.user("admin"), school, _input(school, owners=[], region=region)
    )
    placed = set(queries.programme_owners(school).filter(regionowner__region=region))
    assert set(agreement.owners.all()) == placed
    assert len(placed) > 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends": date(2026, 7, 31)}, "ends"),
        ({"partner": "ks"}, "partner"),
        ({"owners": "outside"}, "owners"),
        ({"owners": []}, "owners"),
    ],
    ids=["ends before it starts", "not a university", "owner outside", "no owners"],
)
def test_refused_agreements_change_nothing(school, demo_org, changes, field):
    if changes.get("partner") == "ks":
        changes["partner"] = Partner.objects.get(programme=school, name="KS Innlandet")
    if changes.get("owners") == "outside":
        changes["owners"] = [Owner.objects.create(name="Utenfor AS", kind="private")]
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        services.save_agreement(demo_org.user("admin"), school, _input(school, **changes))
    assert field in refused.value.error_dict
    assert _snapshot() == before


def test_only_admins_make_agreements(school, demo_org):
    before = _snapshot()
    with pytest.raises(ValidationError):
        services.save_agreement(demo_org.user("statsforvalter"), school, _input(school))
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("username", "titles"),
    [
        ("admin", [base.AGREEMENT]),
        ("statsforvalter", [base.AGREEMENT]),
        ("eier", [base.AGREEMENT]),
        ("forsker", [base.AGREEMENT]),
        ("tillitsvalgt", []),
    ],
)
def test_who_reads_the_agreement(school, demo_org, username, titles):
    agreements = queries.agreements_for(demo_org.user(username), school)
    assert [a.title for a in agreements] == titles


def test_the_agreement_form_refuses_an_end_before_the_start(school, demo_org):
    before = _snapshot()
    client = client_for("admin")
    client.cookies["samla_language"] = "en"
    response = client.post(
        reverse("portal:partnership_agreement_new", kwargs={"slug": school.slug}),
        {
            "title": "Ny avtale",
            "partner": _university(school).pk,
            "owners": [Owner.objects.get(name="Hamar kommune").pk],
            "starts": "2027-08-01",
            "ends": "2027-01-01",
        },
    )
    assert response.status_code == 200
    assert "The agreement cannot end before it starts." in response.content.decode()
    assert _snapshot() == before


def test_scheme_settings_come_with_the_national_defaults(demo_org):
    settings = forum_services.scheme_settings(demo_org.kindergarten_programme)
    assert (
        settings.needs_due_day,
        settings.needs_due_month,
        settings.report_due_day,
        settings.report_due_month,
        settings.own_share_percent,
        settings.coordinator_cap_percent,
        settings.needs_years,
    ) == (1, 2, 15, 1, 30, 10, 3)


def _values(**changes) -> dict:
    values = dict.fromkeys(forum_services.SCHEME_FIELDS, 1)
    values.update(own_share_percent=40, coordinator_cap_percent=5, needs_years=2, **changes)
    return values


def test_admin_changes_the_scheme_settings(school, demo_org):
    forum_services.update_scheme_settings(demo_org.user("admin"), school, _values())
    settings = forum_services.scheme_settings(school)
    assert (settings.own_share_percent, settings.needs_due_month) == (40, 1)


@pytest.mark.parametrize(
    ("username", "values"),
    [
        ("admin", _values(needs_due_month=2, needs_due_day=30)),
        ("admin", _values(report_due_month=2, report_due_day=29)),
        ("eier", _values()),
    ],
    ids=["30 February", "29 February", "owner may not"],
)
def test_refused_scheme_settings_change_nothing(school, demo_org, username, values):
    before = forum_services.scheme_settings(school)
    with pytest.raises(ValidationError):
        forum_services.update_scheme_settings(demo_org.user(username), school, values)
    after = forum_services.scheme_settings(school)
    assert [getattr(after, f) for f in forum_services.SCHEME_FIELDS] == [
        getattr(before, f) for f in forum_services.SCHEME_FIELDS
    ]


@pytest.mark.parametrize("extra_partners", [0, 2])
def test_the_partners_page_reads_in_a_fixed_number_of_queries(
    school, demo_org, django_assert_num_queries, extra_partners
):
    admin = demo_org.user("admin")
    for n in range(extra_partners):
        partner = services.save_partner(admin, school, PartnerInput(PartnerKind.OTHER, f"P{n}"))
        services.add_contact(admin, partner, demo_org.user("eier"), "kontakt")
    with django_assert_num_queries(2):
        groups = queries.partners_by_kind(school)
    assert sum(len(g.partners) for g in groups) == 3 + extra_partners


def test_too_many_people_to_list_are_found_by_e_mail_or_user_name(school, demo_org, monkeypatch):
    """A national programme's thousands of people are not sent as a list: the owners'
    contact is written as an e-mail address or user name, found only among the programme's
    people."""
    from samla.core.forms import PersonChoiceField

    monkeypatch.setattr(PersonChoiceField, "LIST_LIMIT", 2)
    url = reverse("portal:partnership_agreement_new", kwargs={"slug": school.slug})
    client = client_for("admin")
    client.cookies["samla_language"] = "en"
    page = client.get(url).content.decode()
    assert '<select name="owner_contact"' not in page
    assert 'type="text" name="owner_contact"' in page
    assert "Write the person&#x27;s e-mail address or user name." in page
    data = {
        "title": "Avtale med kontakt",
        "partner": _university(school).pk,
        "owners": [Owner.objects.get(name="Hamar kommune").pk],
        "starts": "2027-08-01",
        "ends": "2028-07-31",
    }
    before = _snapshot()
    for outside in ("styrer", "finnes-ikke@example.org", "%", "x" * 100_000 + "@example.org"):
        refused = client.post(url, {**data, "owner_contact": outside})
        assert refused.status_code == 200
        assert "No one here has that e-mail address or user name." in refused.content.decode()
    assert _snapshot() == before
    owner = demo_org.user("eier")
    saved = client.post(url, {**data, "owner_contact": f"  {owner.email.upper()} "})
    assert saved.status_code == 302
    agreement = Agreement.objects.get(title="Avtale med kontakt")
    assert agreement.owner_contact == owner
    edit = reverse(
        "portal:partnership_agreement_edit", kwargs={"slug": school.slug, "pk": agreement.pk}
    )
    assert f'value="{owner.email}"' in client.get(edit).content.decode()
    assert client.post(edit, {**data, "owner_contact": "eier"}).status_code == 302


def _agreement_with_contacts(school, demo_org) -> tuple[AgreementInput, Agreement]:
    """An agreement naming the owner ("eier") as the owners' contact and another of the
    programme's people, made one of the university's contacts, as the university's."""
    admin, owner = demo_org.user("admin"), demo_org.user("eier")
    university = _university(school)
    colleague = queries.programme_people(admin, school).exclude(pk__in=[admin.pk, owner.pk])[0]
    services.add_contact(admin, university, colleague, "kontakt")
    data = AgreementInput(
        partner=university,
        title="Avtale med kontakter",
        starts=date(2027, 8, 1),
        ends=date(2028, 7, 31),
        owners=[Owner.objects.get(name="Hamar kommune")],
        owner_contact=owner,
        partner_contact=colleague,
    )
    return data, services.save_agreement(admin, school, data)


@pytest.mark.parametrize("list_limit", [500, 2], ids=["list", "text"])
def test_a_contact_who_has_left_stays_when_the_agreement_is_saved_unchanged(
    school, demo_org, monkeypatch, list_limit
):
    """The owners' contact has left the programme and the university's contact is no longer
    one of its contacts: the edit form still shows both, saving it unchanged keeps them,
    and no one else outside is let in because of them."""
    from samla.core.forms import PersonChoiceField
    from samla.org.models import Invitation, Person

    monkeypatch.setattr(PersonChoiceField, "LIST_LIMIT", list_limit)
    admin = demo_org.user("admin")
    university = _university(school)
    data, agreement = _agreement_with_contacts(school, demo_org)
    owner, partner_person = data.owner_contact, data.partner_contact
    owner.memberships.all().delete()
    Invitation.objects.filter(person=owner).delete()
    PartnerContact.objects.filter(person=partner_person).delete()
    assert not queries.programme_people(admin, school).filter(pk=owner.pk).exists()

    edit = reverse(
        "portal:partnership_agreement_edit", kwargs={"slug": school.slug, "pk": agreement.pk}
    )
    client = client_for("admin")
    page = client.get(edit).content.decode()
    if list_limit == 2:
        assert f'name="owner_contact" value="{owner.email}"' in page
        shown_owner = owner.email
    else:
        assert f'<option value="{owner.pk}" selected>' in page
        shown_owner = str(owner.pk)
    assert f'<option value="{partner_person.pk}" selected>' in page
    form = {
        "title": agreement.title,
        "partner": university.pk,
        "owners": [o.pk for o in agreement.owners.all()],
        "starts": "2027-08-01",
        "ends": "2028-07-31",
        "themes": "",
        "owner_contact": shown_owner,
        "partner_contact": partner_person.pk,
    }
    saved = client.post(edit, form)
    assert saved.status_code == 302, saved.context["form"].errors
    agreement.refresh_from_db()
    assert (agreement.owner_contact, agreement.partner_contact) == (owner, partner_person)

    stranger = Person.objects.create_user("fremmed", "fremmed@example.org", "x")
    other = "fremmed@example.org" if list_limit == 2 else stranger.pk
    refused = client.post(edit, {**form, "owner_contact": other, "partner_contact": stranger.pk})
    assert refused.status_code == 200
    assert set(refused.context["form"].errors) == {"owner_contact", "partner_contact"}
    agreement.refresh_from_db()
    assert (agreement.owner_contact, agreement.partner_contact) == (owner, partner_person)
    # Only the agreement that names them keeps them: a new agreement may not take them.
    with pytest.raises(ValidationError) as refused_new:
        services.save_agreement(admin, school, data)
    assert set(refused_new.value.message_dict) == {"partner_contact"}


def test_the_service_refuses_an_owners_contact_outside_the_programme(school, demo_org):
    """Not only the form: the service itself names no one outside the programme as the
    owners' contact of a new agreement or a changed one."""
    admin = demo_org.user("admin")
    outsider = demo_org.user("styrer")  # the kindergarten programme's
    assert not queries.programme_people(admin, school).filter(pk=outsider.pk).exists()
    data = AgreementInput(
        partner=_university(school),
        title="Avtale",
        starts=date(2027, 8, 1),
        ends=date(2028, 7, 31),
        owners=[Owner.objects.get(name="Hamar kommune")],
        owner_contact=outsider,
    )
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        services.save_agreement(admin, school, data)
    assert set(refused.value.message_dict) == {"owner_contact"}
    assert _snapshot() == before
    agreement = services.save_agreement(
        admin, school, AgreementInput(**{**data.__dict__, "owner_contact": None})
    )
    with pytest.raises(ValidationError):
        services.save_agreement(admin, school, data, agreement)
    agreement.refresh_from_db()
    assert agreement.owner_contact is None


def test_a_deactivated_person_is_made_no_ones_contact_anew(school, demo_org):
    """A deactivated person keeps their roles (and so stays among the programme's people on
    its people pages), but has left: no list offers them as a partner's contact, an
    agreement's contact or a forum member, and the services refuse them — except on the
    agreement that names them already, which keeps them when saved unchanged."""
    from samla.org.services import set_active
    from samla.partnership.demo import forum as forum_demo
    from samla.partnership.models import Forum, MemberType
    from samla.partnership.services.forum import MemberInput

    admin = demo_org.user("admin")
    data, agreement = _agreement_with_contacts(school, demo_org)
    owner, colleague = data.owner_contact, data.partner_contact
    for person in (owner, colleague):
        set_active(person, False, actor=admin, in_programme=school)
        person.refresh_from_db()

    assert not queries.programme_people(admin, school).filter(pk=owner.pk).exists()
    assert not queries.university_contact_people(school).filter(pk=colleague.pk).exists()
    ks = Partner.objects.get(programme=school, name="KS Innlandet")
    page = client_for("admin").get(
        reverse("portal:partnership_partner_edit", kwargs={"slug": school.slug, "pk": ks.pk})
    )
    assert page.status_code == 200
    assert f'<option value="{owner.pk}"' not in page.content.decode()
    assert f'<option value="{admin.pk}"' in page.content.decode()  # the list is there

    before = _snapshot()
    with pytest.raises(ValidationError) as refused_contact:
        services.add_contact(admin, ks, owner)
    assert list(refused_contact.value.error_dict) == ["person"]
    with pytest.raises(ValidationError) as refused_new:
        services.save_agreement(admin, school, data)
    assert set(refused_new.value.message_dict) == {"partner_contact"}
    with pytest.raises(ValidationError) as refused_owners:
        services.save_agreement(
            admin, school, AgreementInput(**{**data.__dict__, "partner_contact": None})
        )
    assert set(refused_owners.value.message_dict) == {"owner_contact"}
    assert _snapshot() == before

    forum_demo.build()
    forum = Forum.objects.get(name=base.FORUM)
    hamar = Owner.objects.get(name="Hamar kommune")
    with pytest.raises(ValidationError) as refused_seat:
        forum_services.add_member(admin, forum, MemberInput(owner, MemberType.OWNER, owner=hamar))
    assert "person" in refused_seat.value.message_dict

    kept = services.save_agreement(admin, school, data, agreement)
    kept.refresh_from_db()
    assert (kept.owner_contact, kept.partner_contact) == (owner, colleague)
