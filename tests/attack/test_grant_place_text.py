"""Attack from outside on two changes: the grant form's written unit (a steward with more
units than a list holds writes the unit by organisation number or whole name) and the
partnership's refusal of a deactivated person as a contact or forum member.

The grant form: other stewards writing units outside their part, closed units, the other
programme's units, roles held at a class or an owner with a unit written too, hostile text
(LIKE wildcards, look-alikes, NUL), the list mode as before, the page's queries; every
refusal changes nothing. The partnership: the portal's forms in list and text mode,
reactivation, and the agreement that keeps a deactivated contact (and only that one)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samla.core.forms import PersonChoiceField
from samla.org import directory_changes
from samla.org.models import (
    Enrolment,
    Group,
    GroupKind,
    Membership,
    OrgChange,
    Owner,
    Person,
    Role,
    Unit,
)
from samla.org.services import set_active
from samla.partnership.demo import base
from samla.partnership.models import (
    Agreement,
    Forum,
    ForumMember,
    MemberType,
    Partner,
    PartnerContact,
    PartnerKind,
)
from samla.partnership.services import partners as partner_services
from samla.partnership.services.partners import PartnerInput
from tests.portal.test_directory_pages import client_for as _client

NONE_FOUND = "None of the units you look after has that name or organisation number."


def _url(name: str, programme, person: Person | None = None) -> str:
    kwargs = {"slug": programme.slug}
    if person is not None:
        kwargs["pk"] = person.pk
    return reverse(f"portal:{name}", kwargs=kwargs)


def _memberships() -> tuple:
    return (
        sorted(
            Membership.objects.values_list(
                "pk", "person_id", "role", "unit_id", "group_id", "owner_id", "region_id", "title"
            )
        ),
        OrgChange.objects.count(),
    )


def _school_units():
    return Unit.objects.filter(enrolment__programme__slug="kfl-skole")


@pytest.fixture
def by_text(monkeypatch):
    """Every steward with more than two units writes the unit (the demo has 66 schools)."""
    monkeypatch.setattr(directory_changes, "UNIT_LIST_LIMIT", 2)


def _stange_unit(demo_org, index: int = 0) -> Unit:
    """A school of Stange whose name no other unit has."""
    shared = Unit.objects.values("name").annotate(n=Count("pk")).filter(n__gt=1).values("name")
    return (
        Unit.objects.filter(enrolment__programme=demo_org.school_programme)
        .filter(owner__name="Stange kommune")
        .exclude(name__in=shared)
        .order_by("pk")[index]
    )


# --- The grant form: list mode as before ------------------------------------------------


def test_with_few_units_the_list_is_as_before_and_a_written_unit_is_ignored(demo_org):
    laerer = demo_org.user("laerer")
    school = demo_org.school_programme
    client = _client("admin")

    page = client.get(_url("directory_person", school, laerer))

    form = page.context["form"]
    assert form.by_text is False
    assert "other_unit" not in form.fields
    assert 'name="other_unit"' not in page.content.decode()
    listed = {key for key, _label in dict(form.fields["place"].choices)["Units"]}
    assert listed == {f"unit:{u.pk}" for u in _school_units().filter(closed_on__isnull=True)}

    stange = _stange_unit(demo_org)
    grant = _url("directory_grant", school, laerer)
    before = _memberships()
    alone = client.post(grant, {"role": Role.GROUP_LEADER, "other_unit": stange.name})
    assert alone.status_code == 400
    assert "Choose where the role is held." in alone.content.decode()
    assert _memberships() == before

    both = client.post(
        grant,
        {
            "role": Role.GROUP_LEADER,
            "place": f"unit:{demo_org.school.pk}",
            "other_unit": stange.name,
        },
    )
    assert both.status_code == 302
    held = Membership.objects.filter(person=laerer, role=Role.GROUP_LEADER)
    assert list(held.values_list("unit_id", flat=True)) == [demo_org.school.pk]


# --- The grant form: other stewards ---------------------------------------------------


def test_an_owner_writes_only_its_own_units(demo_org, by_text):
    laerer = demo_org.user("laerer")
    school = demo_org.school_programme
    client = _client("eier")
    page = client.get(_url("directory_person", school, laerer))
    form = page.context["form"]
    assert form.by_text is True
    listed = {key for key, _label in dict(form.fields["place"].choices)["Units"]}
    assert listed == {f"unit:{demo_org.school.pk}"}

    stange = _stange_unit(demo_org)
    grant = _url("directory_grant", school, laerer)
    before = _memberships()
    for written in (stange.organisation_number, stange.name, stange.name.upper()):
        refused = client.post(grant, {"role": Role.STAFF, "other_unit": written})
        assert refused.status_code == 400, written
        assert NONE_FOUND in refused.content.decode(), written
        assert stange.owner.name not in refused.content.decode(), written
    assert _memberships() == before

    hamar_other = (
        _school_units()
        .filter(owner__name="Hamar kommune")
        .exclude(pk=demo_org.school.pk)
        .order_by("pk")
        .first()
    )
    granted = client.post(
        grant, {"role": Role.STAFF, "other_unit": hamar_other.organisation_number}
    )
    assert granted.status_code == 302
    assert Membership.objects.filter(person=laerer, role=Role.STAFF, unit=hamar_other).exists()


def test_an_owner_writing_a_name_another_owner_shares_gets_its_own_unit(demo_org, by_text):
    """A name shared with a unit outside the owner's part is the owner's own unit: no
    question about the number, and no other owner named."""
    school = demo_org.school_programme
    hamar_names = _school_units().filter(owner__name="Hamar kommune").values("name")
    shared = (
        _school_units()
        .filter(name__in=hamar_names)
        .exclude(owner__name="Hamar kommune")
        .order_by("pk")
        .first()
    )
    if shared is None:
        pytest.skip("the demo has no Hamar school whose name another owner shares")
    own = _school_units().get(owner__name="Hamar kommune", name=shared.name)
    laerer = demo_org.user("laerer")

    response = _client("eier").post(
        _url("directory_grant", school, laerer),
        {"role": Role.PPT_ADVISOR, "other_unit": shared.name.lower()},
    )

    assert response.status_code == 302
    assert Membership.objects.filter(person=laerer, role=Role.PPT_ADVISOR, unit=own).exists()


def test_a_unit_leader_writes_only_their_own_unit(demo_org, monkeypatch):
    monkeypatch.setattr(directory_changes, "UNIT_LIST_LIMIT", 0)
    laerer = demo_org.user("laerer")
    school = demo_org.school_programme
    client = _client("rektor")
    page = client.get(_url("directory_person", school, laerer))
    assert page.context["form"].by_text is True
    assert 'name="other_unit"' in page.content.decode()

    grant = _url("directory_grant", school, laerer)
    hamar_other = (
        _school_units()
        .filter(owner__name="Hamar kommune")
        .exclude(pk=demo_org.school.pk)
        .order_by("pk")
        .first()
    )
    stange = _stange_unit(demo_org)
    before = _memberships()
    for written in (hamar_other.organisation_number, hamar_other.name, stange.name):
        refused = client.post(grant, {"role": Role.STAFF, "other_unit": written})
        assert refused.status_code == 400, written
        assert NONE_FOUND in refused.content.decode(), written
    # A role a unit leader does not hand out stays refused with a unit of their own written.
    higher = client.post(
        grant, {"role": Role.UNIT_LEADER, "other_unit": demo_org.school.organisation_number}
    )
    assert higher.status_code == 400
    assert _memberships() == before

    own = client.post(
        grant, {"role": Role.GROUP_LEADER, "other_unit": demo_org.school.name.lower()}
    )
    assert own.status_code == 302
    assert Membership.objects.filter(
        person=laerer, role=Role.GROUP_LEADER, unit=demo_org.school
    ).exists()


def test_a_region_coordinator_is_no_steward_and_writes_nothing(demo_org, by_text):
    laerer = demo_org.user("laerer")
    before = _memberships()

    response = _client("region").post(
        _url("directory_grant", demo_org.school_programme, laerer),
        {"role": Role.STAFF, "other_unit": demo_org.school.organisation_number},
    )

    assert response.status_code == 404
    assert _memberships() == before


# --- The grant form: units that are not to be had ----------------------------------------


def test_a_closed_unit_is_not_found_by_number_or_name(demo_org, by_text):
    stange = _stange_unit(demo_org)
    Unit.objects.filter(pk=stange.pk).update(closed_on=date(2026, 6, 30))
    laerer = demo_org.user("laerer")
    grant = _url("directory_grant", demo_org.school_programme, laerer)
    client = _client("admin")
    before = _memberships()

    for written in (stange.organisation_number, stange.name):
        refused = client.post(grant, {"role": Role.STAFF, "other_unit": written})
        assert refused.status_code == 400, written
        assert NONE_FOUND in refused.content.decode(), written
    assert _memberships() == before


def test_in_the_kindergarten_programme_a_school_is_not_found(demo_org, by_text):
    kindergartens = demo_org.kindergarten_programme
    styrer = demo_org.user("styrer")
    grant = _url("directory_grant", kindergartens, styrer)
    client = _client("admin")
    page = client.get(_url("directory_person", kindergartens, styrer))
    assert page.context["form"].by_text is True
    before = _memberships()

    for written in (demo_org.school.organisation_number, demo_org.school.name):
        refused = client.post(grant, {"role": Role.STAFF, "other_unit": written})
        assert refused.status_code == 400, written
        assert NONE_FOUND in refused.content.decode(), written
    assert _memberships() == before

    other = (
        Unit.objects.filter(enrolment__programme=kindergartens)
        .exclude(pk=demo_org.kindergarten.pk)
        .order_by("pk")
        .first()
    )
    granted = client.post(grant, {"role": Role.STAFF, "other_unit": other.organisation_number})
    assert granted.status_code == 302
    assert Membership.objects.filter(person=styrer, role=Role.STAFF, unit=other).exists()


def test_a_unit_listed_only_in_list_mode_cannot_be_posted_in_text_mode(demo_org, by_text):
    """The select in text mode holds the person's own units: a key of another unit (or of
    another unit's class) posted by hand is refused, though the steward looks after it."""
    laerer = demo_org.user("laerer")
    stange = _stange_unit(demo_org)
    stange_class = Group.objects.filter(unit=stange, closed_on__isnull=True).order_by("pk").first()
    grant = _url("directory_grant", demo_org.school_programme, laerer)
    client = _client("admin")
    before = _memberships()

    for place in (f"unit:{stange.pk}", f"group:{stange_class.pk}"):
        refused = client.post(grant, {"role": Role.STAFF, "place": place})
        assert refused.status_code == 400, place
        assert "Choose a place from the list." in refused.content.decode(), place
    assert _memberships() == before


def test_a_written_unit_where_the_role_is_held_already_is_refused(demo_org, by_text):
    laerer = demo_org.user("laerer")
    stange = _stange_unit(demo_org)
    grant = _url("directory_grant", demo_org.school_programme, laerer)
    client = _client("admin")
    assert client.post(grant, {"role": Role.STAFF, "other_unit": stange.name}).status_code == 302
    before = _memberships()

    again = client.post(grant, {"role": Role.STAFF, "other_unit": stange.organisation_number})

    assert again.status_code == 400
    assert "already has this role there." in again.content.decode()
    assert _memberships() == before


# --- The grant form: a place chosen and a unit written ----------------------------------


def test_a_written_unit_wins_over_a_class_chosen(demo_org, by_text):
    """As the field's help says, the written unit is used instead of the place chosen: staff
    is held at a unit too, so the role lands at the written unit and not at the class."""
    laerer = demo_org.user("laerer")
    stange = _stange_unit(demo_org)
    other_class = Group.objects.get(unit=demo_org.school, name="6B")
    response = _client("admin").post(
        _url("directory_grant", demo_org.school_programme, laerer),
        {"role": Role.STAFF, "place": f"group:{other_class.pk}", "other_unit": stange.name},
    )

    assert response.status_code == 302
    assert Membership.objects.filter(person=laerer, role=Role.STAFF, unit=stange).exists()
    assert not Membership.objects.filter(person=laerer, group=other_class).exists()


def test_a_written_unit_with_a_role_held_at_an_owner_is_refused(demo_org, by_text):
    """An owner's contact is held at an owner: with an owner chosen and a unit written too,
    the grant is refused on the written field, saying to leave it empty, nothing changed.
    Without the unit written, the owner chosen is granted."""
    laerer = demo_org.user("laerer")
    hamar = Owner.objects.get(name="Hamar kommune")
    grant = _url("directory_grant", demo_org.school_programme, laerer)
    client = _client("admin")
    before = _memberships()

    refused = client.post(
        grant,
        {
            "role": Role.OWNER,
            "place": f"owner:{hamar.pk}",
            "other_unit": _stange_unit(demo_org).name,
        },
    )

    assert refused.status_code == 400
    errors = refused.context["form"].errors
    assert errors["other_unit"] == [
        "The role School owner is not held at a unit. Leave “Or another unit” empty and "
        "choose the place in the list."
    ]
    assert "place" not in errors
    assert _memberships() == before

    granted = client.post(grant, {"role": Role.OWNER, "place": f"owner:{hamar.pk}"})
    assert granted.status_code == 302
    assert Membership.objects.filter(person=laerer, role=Role.OWNER, owner=hamar).exists()


def test_the_refusal_of_a_written_unit_for_an_owner_role_is_on_the_written_field(demo_org, by_text):
    laerer = demo_org.user("laerer")
    hamar = Owner.objects.get(name="Hamar kommune")
    refused = _client("admin").post(
        _url("directory_grant", demo_org.school_programme, laerer),
        {
            "role": Role.OWNER,
            "place": f"owner:{hamar.pk}",
            "other_unit": _stange_unit(demo_org).name,
        },
    )
    errors = refused.context["form"].errors
    assert "other_unit" in errors and "place" not in errors


# --- The grant form: hostile text -------------------------------------------------------


def _hostile(unit: Unit) -> list[tuple[str, str]]:
    name, number = unit.name, unit.organisation_number
    fullwidth = "".join(chr(ord(d) - ord("0") + 0xFF10) for d in number)
    arabic_indic = "".join(chr(ord(d) - ord("0") + 0x0660) for d in number)
    return [
        ("%", NONE_FOUND),
        ("_", NONE_FOUND),
        ("%%", NONE_FOUND),
        (f"%{name[2:]}", NONE_FOUND),
        (f"{name[:-2]}%", NONE_FOUND),
        (f"{name[:-1]}_", NONE_FOUND),
        ("_" * len(name), NONE_FOUND),
        (name.replace(name[1], "_", 1), NONE_FOUND),
        (f"{name}\\", NONE_FOUND),
        (name.replace("o", "\u043e"), NONE_FOUND),  # Cyrillic o
        (name.replace("e", "\u0435"), NONE_FOUND),  # Cyrillic e
        (f"\u200b{name}", NONE_FOUND),  # zero-width space
        (f"{name} skole", NONE_FOUND),
        (name[:-1], NONE_FOUND),
        (fullwidth, NONE_FOUND),
        (arabic_indic, NONE_FOUND),
        (number[:-1], NONE_FOUND),
        (f"{number}0", NONE_FOUND),
        (f"NO {number} MVA", NONE_FOUND),
        (f"{number[:3]}-{number[3:]}", NONE_FOUND),
        ("0" * 9, NONE_FOUND),
        (f"{name}' OR '1'='1", NONE_FOUND),
        (f"{name}\x00", "Null characters are not allowed."),
        (f"{number}\x00", "Null characters are not allowed."),
        ("\x00", "Null characters are not allowed."),
        ("x" * 200, NONE_FOUND),
        ("x" * 201, "at most 200 characters"),
        ("å" * 100_000, "at most 200 characters"),
    ]


def test_hostile_text_finds_no_unit_and_changes_nothing(demo_org, by_text):
    """SQL LIKE wildcards are no wildcards, look-alike letters and digits name nothing, a
    NUL is a clear refusal (400, not PostgreSQL's 500): the unit must be named in full."""
    laerer = demo_org.user("laerer")
    target = _stange_unit(demo_org)
    grant = _url("directory_grant", demo_org.school_programme, laerer)
    client = _client("admin")
    before = _memberships()

    for written, says in _hostile(target):
        refused = client.post(grant, {"role": Role.STAFF, "other_unit": written})
        assert refused.status_code == 400, repr(written[:40])
        assert says in refused.content.decode(), repr(written[:40])
    assert _memberships() == before


def test_a_nul_in_any_field_of_the_grant_form_is_a_refusal(demo_org, by_text):
    laerer = demo_org.user("laerer")
    target = _stange_unit(demo_org)
    grant = _url("directory_grant", demo_org.school_programme, laerer)
    client = _client("admin")
    before = _memberships()

    for data in (
        {"role": f"{Role.STAFF}\x00", "other_unit": target.name},
        {"role": Role.STAFF, "place": f"unit:{demo_org.school.pk}\x00"},
        {"role": Role.STAFF, "other_unit": target.name, "title": "lektor\x00"},
    ):
        refused = client.post(grant, data)
        assert refused.status_code == 400, data
    assert _memberships() == before


def test_a_number_written_with_any_white_space_is_found(demo_org, by_text):
    laerer = demo_org.user("laerer")
    target = _stange_unit(demo_org)
    number = target.organisation_number
    written = f"\u00a0{number[:3]}\u00a0{number[3:6]}\t{number[6:]} "

    response = _client("admin").post(
        _url("directory_grant", demo_org.school_programme, laerer),
        {"role": Role.STAFF, "other_unit": written},
    )

    assert response.status_code == 302
    assert Membership.objects.filter(person=laerer, role=Role.STAFF, unit=target).exists()


def test_a_name_with_norwegian_letters_is_found_in_any_case(demo_org, by_text):
    """ "Its whole name in any case" holds for æ, ø and å too, also on SQLite (supported for
    a small installation), which folds the case of ASCII letters only, in LIKE as in UPPER."""
    laerer = demo_org.user("laerer")
    unit = demo_org.school
    assert not unit.name.isascii()

    response = _client("admin").post(
        _url("directory_grant", demo_org.school_programme, laerer),
        {"role": Role.PPT_ADVISOR, "other_unit": unit.name.upper()},
    )

    assert response.status_code == 302
    assert Membership.objects.filter(person=laerer, role=Role.PPT_ADVISOR, unit=unit).exists()


# --- The grant form: the page's queries -----------------------------------------------


def _page_queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_person_page_in_text_mode_reads_as_many_queries_for_more_units(demo_org, by_text):
    laerer = demo_org.user("laerer")
    client = _client("admin")
    url = _url("directory_person", demo_org.school_programme, laerer)
    _page_queries(client, url)  # warm the caches of the session and the grants
    few, _page = _page_queries(client, url)

    owner = Owner.objects.get(name="Stange kommune")
    added = []
    for n in range(3):
        unit = Unit.objects.create(owner=owner, name=f"Angrepstest skole {n}", kind="grunnskole")
        Enrolment.objects.create(programme=demo_org.school_programme, unit=unit)
        Group.objects.create(unit=unit, name="1A", kind=GroupKind.CLASS, grade=1)
        added.append(unit)
    many, page = _page_queries(client, url)

    assert many == few
    for unit in added:
        assert f'value="unit:{unit.pk}"' not in page
    assert f'value="unit:{demo_org.school.pk}"' in page


# --- The partnership: a deactivated person through the portal's forms ------------------


@pytest.fixture
def partnership(demo_org):
    base.build()
    return demo_org.school_programme


def _partnership_state() -> tuple:
    return (
        sorted(PartnerContact.objects.values_list("partner_id", "person_id", "title")),
        sorted(ForumMember.objects.values_list("forum_id", "person_id", "member_type")),
        sorted(
            Agreement.objects.values_list(
                "pk", "title", "partner_id", "owner_contact_id", "partner_contact_id"
            )
        ),
        sorted(Agreement.owners.through.objects.values_list("agreement_id", "owner_id")),
    )


def _hamar_staff(demo_org) -> Person:
    """Someone of Hamar's staff with no partnership role, given an e-mail address (the demo's
    staff have none)."""
    person = (
        Person.objects.filter(
            username__startswith="ansatt",
            memberships__unit__owner__name="Hamar kommune",
            memberships__unit__enrolment__programme=demo_org.school_programme,
        )
        .order_by("pk")
        .first()
    )
    Person.objects.filter(pk=person.pk).update(email=f"{person.username}@angrep.invalid")
    person.refresh_from_db()
    return person


def _agreement_data(agreement: Agreement, **changes) -> dict:
    data = {
        "title": agreement.title,
        "partner": agreement.partner_id,
        "region": agreement.region_id or "",
        "owners": list(agreement.owners.values_list("pk", flat=True)),
        "starts": agreement.starts.isoformat(),
        "ends": agreement.ends.isoformat(),
        "themes": agreement.themes,
        "owner_contact": agreement.owner_contact_id or "",
        "partner_contact": agreement.partner_contact_id or "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("text_mode", [False, True], ids=["list", "text"])
def test_a_deactivated_person_is_refused_by_the_forms_until_reactivated(
    partnership, demo_org, monkeypatch, text_mode
):
    if text_mode:
        monkeypatch.setattr(PersonChoiceField, "LIST_LIMIT", 2)
    admin = demo_org.user("admin")
    person = _hamar_staff(demo_org)
    set_active(person, False, actor=admin, in_programme=partnership)
    person.refresh_from_db()
    chosen = person.email if text_mode else person.pk
    ks = Partner.objects.get(programme=partnership, name="KS Innlandet")
    forum = Forum.objects.get(name=base.FORUM)
    agreement = Agreement.objects.get(title=base.AGREEMENT)
    client = _client("admin")
    posts = [
        (
            _url("partnership_contact_new", partnership, ks),
            {"person": chosen, "title": "rådgiver"},
        ),
        (
            reverse(
                "portal:partnership_forum_member_new",
                kwargs={"slug": partnership.slug, "pk": forum.pk},
            ),
            {"person": chosen, "member_type": MemberType.OTHER, "votes": "on"},
        ),
        (
            _url("partnership_agreement_new", partnership),
            _agreement_data(agreement, title="Ny avtale", owner_contact=chosen),
        ),
    ]
    before = _partnership_state()

    for (url, data), form in zip(posts, ("contact_form", "form", "form"), strict=True):
        refused = client.post(url, data)
        assert refused.status_code in (200, 400), url
        errors = refused.context[form].errors
        assert set(errors) == {"owner_contact" if "avtaler" in url else "person"}, url
    assert _partnership_state() == before
    for url, _data in posts:
        page = client.get(url) if "kontakter" not in url else None
        if page is not None:
            assert f'<option value="{person.pk}"' not in page.content.decode(), url
            listed = f'<option value="{admin.pk}"' in page.content.decode()
            assert listed is not text_mode, url  # the list is there (in list mode)

    set_active(person, True, actor=admin, in_programme=partnership)
    for url, data in posts:
        granted = client.post(url, data)
        assert granted.status_code == 302, url
    assert PartnerContact.objects.filter(partner=ks, person=person).exists()
    assert ForumMember.objects.filter(forum=forum, person=person).exists()
    assert Agreement.objects.filter(title="Ny avtale", owner_contact=person).exists()


@pytest.mark.parametrize("text_mode", [False, True], ids=["list", "text"])
def test_an_agreement_keeps_its_deactivated_contacts_and_no_other_takes_them(
    partnership, demo_org, monkeypatch, text_mode
):
    if text_mode:
        monkeypatch.setattr(PersonChoiceField, "LIST_LIMIT", 2)
    admin = demo_org.user("admin")
    agreement = Agreement.objects.get(title=base.AGREEMENT)
    owner_contact, partner_contact = agreement.owner_contact, agreement.partner_contact
    university = Partner.objects.get(programme=partnership, name=base.UNIVERSITY)
    replacement = _hamar_staff(demo_org)
    partner_services.add_contact(admin, university, replacement, "lektor")
    for person in (owner_contact, partner_contact):
        set_active(person, False, actor=admin, in_programme=partnership)
    owner_contact.refresh_from_db()

    def written(person: Person):
        return person.email if text_mode else person.pk

    client = _client("admin")
    edit = _url("partnership_agreement_edit", partnership, agreement)
    page = client.get(edit).content.decode()
    if text_mode:
        assert f'name="owner_contact" value="{owner_contact.email}"' in page
    else:
        assert f'<option value="{owner_contact.pk}" selected>' in page
    assert f'<option value="{partner_contact.pk}" selected>' in page

    def on_edit(**changes) -> dict:
        return _agreement_data(agreement, **{"owner_contact": written(owner_contact), **changes})

    # A new agreement takes neither of them, and nothing changes.
    before = _partnership_state()
    new = _url("partnership_agreement_new", partnership)
    for changes in (
        {"owner_contact": written(owner_contact), "partner_contact": ""},
        {"owner_contact": "", "partner_contact": partner_contact.pk},
    ):
        refused = client.post(new, _agreement_data(agreement, title="Ny avtale", **changes))
        assert refused.status_code == 200, changes
        assert set(refused.context["form"].errors) == {k for k, v in changes.items() if v}
    # On the agreement itself, neither moves to the other's place.
    for changes in (
        {"owner_contact": written(partner_contact)},
        {"owner_contact": "", "partner_contact": owner_contact.pk},
    ):
        refused = client.post(edit, on_edit(**changes))
        assert refused.status_code == 200, changes
        assert set(refused.context["form"].errors) == {k for k, v in changes.items() if v}
    assert _partnership_state() == before

    # Saved unchanged (but for its themes): both stay.
    kept = client.post(edit, on_edit(themes="Lesing"))
    assert kept.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.themes, agreement.owner_contact, agreement.partner_contact) == (
        "Lesing",
        owner_contact,
        partner_contact,
    )

    # The other contact changed: the deactivated owners' contact stays.
    changed = client.post(edit, on_edit(partner_contact=replacement.pk))
    assert changed.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.owner_contact, agreement.partner_contact) == (owner_contact, replacement)

    # Once replaced, the deactivated university contact does not come back; nor does the
    # owners' contact once taken off.
    before = _partnership_state()
    back = client.post(edit, on_edit(partner_contact=partner_contact.pk))
    assert back.status_code == 200
    assert set(back.context["form"].errors) == {"partner_contact"}
    assert _partnership_state() == before
    assert client.post(edit, on_edit(owner_contact="")).status_code == 302
    agreement.refresh_from_db()
    assert agreement.owner_contact is None
    before = _partnership_state()
    again = client.post(edit, on_edit())
    assert again.status_code == 200
    assert set(again.context["form"].errors) == {"owner_contact"}
    assert _partnership_state() == before


def test_a_kept_university_contact_does_not_follow_the_agreement_to_another_university(
    partnership, demo_org
):
    """The agreement keeps its deactivated university contact only with the same
    university: moved to another university where the person is a contact too, the
    agreement refuses them (they have left), and nothing changes."""
    admin = demo_org.user("admin")
    agreement = Agreement.objects.get(title=base.AGREEMENT)
    researcher = agreement.partner_contact
    other = partner_services.save_partner(
        admin, partnership, PartnerInput(PartnerKind.UNIVERSITY, "Angrepstest universitet")
    )
    partner_services.add_contact(admin, other, researcher, "professor")
    set_active(researcher, False, actor=admin, in_programme=partnership)
    before = _partnership_state()

    refused = _client("admin").post(
        _url("partnership_agreement_edit", partnership, agreement),
        _agreement_data(agreement, partner=other.pk),
    )

    assert refused.status_code == 200
    assert refused.context["form"].errors["partner_contact"] == [
        "Choose one of the university's contacts."
    ]
    assert _partnership_state() == before
