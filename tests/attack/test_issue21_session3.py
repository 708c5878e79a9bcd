"""Attack on issue 21's third day of changes, as an outsider would: the agreement's
contact who has left the programme and stays when the agreement is saved unchanged (may
an administrator name them on another agreement, find people outside the programme in
the text field, keep the old university's contact on a new university, and what an
administrator of another programme sees), and the learning dashboards paged by 40 (htmx
partial pages, hostile ``side``, the semester form, names on a later page of a unit, the
chart against the table, outsiders)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samla.core.forms import PersonChoiceField
from samla.learning.models import LearningGroup
from samla.org.models import Invitation, Membership, Owner, Person, Role
from samla.partnership.demo import base
from samla.partnership.models import Agreement, Partner, PartnerContact, PartnerKind
from samla.partnership.queries import partners as queries
from samla.partnership.services import partners as services
from samla.partnership.services.partners import AgreementInput, PartnerInput
from samla.portal.views.learning import LINES_PER_PAGE
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

UNKNOWN = "No one here has that e-mail address or user name."

# --- Agreements: a contact who has left -------------------------------------------------


@pytest.fixture
def school(demo_org):
    base.build()
    return demo_org.school_programme


def _university(school) -> Partner:
    return Partner.objects.get(programme=school, name=base.UNIVERSITY)


def _admin():
    client = client_for("admin")
    client.cookies["samla_language"] = "en"
    return client


def _edit_url(school, agreement) -> str:
    return reverse(
        "portal:partnership_agreement_edit", kwargs={"slug": school.slug, "pk": agreement.pk}
    )


def _snapshot() -> list:
    return sorted(
        Agreement.objects.values_list(
            "pk", "title", "partner_id", "owner_contact_id", "partner_contact_id"
        )
    )


def _form(agreement, **changes) -> dict:
    data = {
        "title": agreement.title,
        "partner": agreement.partner_id,
        "owners": [o.pk for o in agreement.owners.all()],
        "starts": agreement.starts.isoformat(),
        "ends": agreement.ends.isoformat(),
        "themes": "",
        "owner_contact": "",
        "partner_contact": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def departed(school, demo_org):
    """Agreement A names an owners' contact (``gone``) and a university contact
    (``former``); then ``gone`` leaves the programme and ``former`` stops being the
    university's contact. Agreement B, with the same university, names no one."""
    admin = demo_org.user("admin")
    university = _university(school)
    gone = Person.objects.create(
        username="borte", first_name="Borte", last_name="Bortesen", email="borte@x.invalid"
    )
    Membership.objects.create(person=gone, role=Role.OWNER, owner=demo_org.school.owner)
    former = Person.objects.create(
        username="tidligere", first_name="Tid", last_name="Ligere", email="tid@x.invalid"
    )
    Membership.objects.create(person=former, role=Role.STAFF, unit=demo_org.school)
    services.add_contact(admin, university, former, "kontakt")
    hamar = [Owner.objects.get(name="Hamar kommune")]
    a = services.save_agreement(
        admin,
        school,
        AgreementInput(
            university, "Avtale A", date(2027, 8, 1), date(2028, 7, 31), hamar,
            owner_contact=gone, partner_contact=former,
        ),
    )  # fmt: skip
    b = services.save_agreement(
        admin,
        school,
        AgreementInput(university, "Avtale B", date(2027, 8, 1), date(2028, 7, 31), hamar),
    )
    gone.memberships.all().delete()
    Invitation.objects.filter(person=gone).delete()
    PartnerContact.objects.filter(person=former).delete()
    assert not queries.programme_people(admin, school).filter(pk=gone.pk).exists()
    return {"a": a, "b": b, "gone": gone, "former": former, "admin": admin}


@pytest.mark.parametrize("list_limit", [500, 2], ids=["list", "text"])
def test_the_kept_contacts_cannot_be_named_on_another_agreement(
    school, departed, monkeypatch, list_limit
):
    """Agreement A keeps its departed contacts; agreement B, and a new agreement, may not
    name them (in list mode not offered, in text mode not found, with the same words as
    for an address no one has)."""
    monkeypatch.setattr(PersonChoiceField, "LIST_LIMIT", list_limit)
    gone, former, b = departed["gone"], departed["former"], departed["b"]
    client = _admin()
    page = client.get(_edit_url(school, b)).content.decode()
    assert "Bortesen" not in page
    contacts = re.search(r'<select name="partner_contact".*?</select>', page, re.S).group(0)
    assert "Ligere" not in contacts  # still one of the programme's people, not a contact
    new_url = reverse("portal:partnership_agreement_new", kwargs={"slug": school.slug})
    assert "Bortesen" not in client.get(new_url).content.decode()
    before = _snapshot()
    owner_values = [gone.pk] if list_limit == 500 else [gone.email, gone.username, "BORTE"]
    for url in (_edit_url(school, b), new_url):
        for value in owner_values:
            refused = client.post(url, _form(b, title="Ny", owner_contact=value))
            assert refused.status_code == 200
            if list_limit == 2:
                assert UNKNOWN in refused.content.decode()
        refused = client.post(url, _form(b, title="Ny", partner_contact=former.pk))
        assert refused.status_code == 200
        assert "partner_contact" in refused.context["form"].errors
    assert _snapshot() == before
    # The service refuses the former university contact on B too.
    with pytest.raises(ValidationError):
        services.save_agreement(
            departed["admin"],
            school,
            AgreementInput(
                b.partner, b.title, b.starts, b.ends, list(b.owners.all()), partner_contact=former
            ),
            b,
        )
    assert _snapshot() == before


def test_text_mode_tells_no_outsider_apart(school, departed, monkeypatch):
    """In text mode on agreement A (which keeps ``gone``), another person outside the
    programme is answered exactly as an address no one has: the kept person opens no door
    to the rest."""
    monkeypatch.setattr(PersonChoiceField, "LIST_LIMIT", 2)
    outsider = Person.objects.create(username="utenfor", email="utenfor@x.invalid")
    a = departed["a"]
    client = _admin()
    url = _edit_url(school, a)
    before = _snapshot()
    answers = set()
    for value in (outsider.email, outsider.username, "ingen@x.invalid", "ingen"):
        refused = client.post(url, _form(a, owner_contact=value, partner_contact=""))
        assert refused.status_code == 200
        body = refused.content.decode()
        assert UNKNOWN in body
        answers.add(re.sub(r'value="[^"]*"', "", body).replace(value, ""))
    assert len(answers) == 1, "an outsider is told apart from no one"
    assert _snapshot() == before
    # Saved unchanged (as shown), A keeps both.
    page = client.get(url).content.decode()
    shown = re.search(r'name="owner_contact" value="([^"]*)"', page).group(1)
    assert shown in (departed["gone"].email, departed["gone"].username)
    saved = client.post(url, _form(a, owner_contact=shown, partner_contact=departed["former"].pk))
    assert saved.status_code == 302
    a.refresh_from_db()
    assert (a.owner_contact, a.partner_contact) == (departed["gone"], departed["former"])


def test_a_new_university_does_not_keep_the_old_contact(school, departed, demo_org):
    """Changing A's university while keeping the former contact of the old one is refused
    (in the form and in the service), and changes nothing; once A names someone else the
    former contact cannot come back."""
    admin, a, former = departed["admin"], departed["a"], departed["former"]
    other = services.save_partner(
        admin, school, PartnerInput(PartnerKind.UNIVERSITY, "Annen høgskole")
    )
    client = _admin()
    url = _edit_url(school, a)
    before = _snapshot()
    refused = client.post(url, _form(a, partner=other.pk, partner_contact=former.pk))
    assert refused.status_code == 200
    assert "partner_contact" in refused.context["form"].errors
    with pytest.raises(ValidationError):
        services.save_agreement(
            admin,
            school,
            AgreementInput(
                other, a.title, a.starts, a.ends, list(a.owners.all()), partner_contact=former
            ),
            a,
        )
    assert _snapshot() == before
    # Replace the former contact by a current one, then try to bring them back.
    current = demo_org.user("forsker")  # the university's contact in the demo
    assert client.post(url, _form(a, partner_contact=current.pk)).status_code == 302
    refused = client.post(url, _form(a, partner_contact=former.pk))
    assert refused.status_code == 200
    a.refresh_from_db()
    assert a.partner_contact == current


def test_a_deactivated_kept_contact_stays_only_on_its_agreement(school, departed):
    """A departed contact who is then deactivated stays on A when it is saved unchanged
    (nothing is dropped silently), and is still not offered on B."""
    gone = departed["gone"]
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    a, b = departed["a"], departed["b"]
    client = _admin()
    page = client.get(_edit_url(school, a)).content.decode()
    assert f'<option value="{gone.pk}" selected>' in page
    saved = client.post(
        _edit_url(school, a), _form(a, owner_contact=gone.pk, partner_contact=departed["former"].pk)
    )
    assert saved.status_code == 302
    a.refresh_from_db()
    assert a.owner_contact == gone
    assert "Bortesen" not in client.get(_edit_url(school, b)).content.decode()


def test_an_admin_of_another_programme_sees_nothing(school, departed, demo_org):
    """An administrator of the kindergarten programme only: agreement A's edit page, by
    the school's address or their own programme's, shows no one."""
    kg_admin = Person.objects.create(username="bhg-admin", first_name="Bhg", last_name="Admin")
    Membership.objects.create(
        person=kg_admin, role=Role.PROGRAMME_ADMIN, programme=demo_org.kindergarten_programme
    )
    client = client_for("bhg-admin")
    a = departed["a"]
    for slug in (school.slug, demo_org.kindergarten_programme.slug):
        url = reverse("portal:partnership_agreement_edit", kwargs={"slug": slug, "pk": a.pk})
        for response in (client.get(url), client.post(url, _form(a, title="Kapret"))):
            assert response.status_code in (403, 404)
            assert "Bortesen" not in response.content.decode()
    a.refresh_from_db()
    assert a.title == "Avtale A"


@pytest.mark.parametrize("list_limit", [500, 2], ids=["list", "text"])
def test_the_edit_page_costs_the_same_with_a_kept_contact_and_more_people(
    school, departed, demo_org, monkeypatch, list_limit
):
    """The edit page's queries do not grow with the people listed nor because A keeps a
    departed contact (B, keeping no one, is the yardstick)."""
    monkeypatch.setattr(PersonChoiceField, "LIST_LIMIT", list_limit)
    client = _admin()

    def cost(agreement) -> int:
        with CaptureQueriesContext(connection) as queries_run:
            assert client.get(_edit_url(school, agreement)).status_code == 200
        return len(queries_run)

    a_cost, b_cost = cost(departed["a"]), cost(departed["b"])
    for n in range(30):
        person = Person.objects.create(username=f"ekstra{n}", last_name=f"Ekstra {n:02}")
        Membership.objects.create(person=person, role=Role.STAFF, unit=demo_org.school)
    assert cost(departed["a"]) == a_cost
    assert a_cost <= b_cost + 2, (a_cost, b_cost)


# --- Learning dashboards paged ----------------------------------------------------------

ROW = re.compile(r'<th scope="row">(?:<a href="[^"]*">)?([^<]+)<')
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "dashboard-body"}
EXTRA_GROUPS = LINES_PER_PAGE + 5


@pytest.fixture
def crowded_unit(demo_org):
    """The demo school with 45 learning groups in 2025/2026, each led by a person whose
    name only the school's own people may read."""
    school = demo_org.school
    for n in range(EXTRA_GROUPS):
        leader = Person.objects.create(
            username=f"leder{n}", first_name="Hemmelig", last_name=f"Leder{n:02}"
        )
        LearningGroup.objects.create(
            unit=school, school_year="2025/2026", name=f"Gruppe {n:02}", leader=leader
        )
    url = reverse(
        "portal:learning_dashboard",
        kwargs={"slug": demo_org.school_programme.slug, "kind": "unit", "pk": school.pk},
    )
    return url


def _chart(html: str) -> str:
    return html[html.index("<svg") : html.index("</svg>")] if "<svg" in html else ""


@pytest.mark.parametrize("username", ["eier", "admin", "rektor"])
def test_later_pages_of_a_unit_hide_names_above_the_unit(crowded_unit, username):
    """Page 2 of the unit's groups, full and as the htmx partial: the owner and the
    administrator read no leader's name, the unit's leader does; the chart names the
    page's groups, no other."""
    client = client_for(username)
    sees_names = username == "rektor"
    seen: list[str] = []
    for side in (1, 2):
        for headers in ({}, HTMX):
            response = client.get(crowded_unit, {"semester": "2025H", "side": side}, **headers)
            assert response.status_code == 200
            html = response.content.decode()
            assert ("Hemmelig" in html) == sees_names
            names = ROW.findall(html)
            assert len(names) == (LINES_PER_PAGE if side == 1 else EXTRA_GROUPS - LINES_PER_PAGE)
            chart = _chart(html)
            assert all(name in chart for name in names)
            assert not any(name in chart for name in seen)
            if headers:
                assert html.lstrip().startswith('<div id="dashboard-body">')
                assert "<html" not in html
                assert "HX-Request" in response["Vary"]
        seen += names
    assert sorted(seen) == [f"Gruppe {n:02}" for n in range(EXTRA_GROUPS)]


@pytest.mark.parametrize(
    "side",
    ['2"><script>alert(1)</script>', "2%00", "\x00", "٢", " 2 ", "2.0", "-0", "1e1", "9" * 400],
)
def test_hostile_side_is_read_as_a_page(crowded_unit, side):
    client = client_for("rektor")
    for headers in ({}, HTMX):
        response = client.get(
            crowded_unit, {"semester": "2025H", "side": side, "x": '"><b>'}, **headers
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "<script>alert" not in html and '"><b>' not in html
        assert len(ROW.findall(html)) in (LINES_PER_PAGE, EXTRA_GROUPS - LINES_PER_PAGE)


def test_the_pager_keeps_the_semester_and_the_form_starts_again_at_page_one(crowded_unit):
    """The pager's links (full page and partial) keep the chosen semester; the semester
    form sends no ``side``, so a new semester opens at its first page."""
    client = client_for("rektor")
    full = client.get(crowded_unit, {"semester": "2025H", "side": 2}).content.decode()
    part = client.get(crowded_unit, {"semester": "2025H", "side": 2}, **HTMX).content.decode()
    for html in (full, part):
        assert 'href="?semester=2025H&amp;side=1" rel="prev"' in html
    form = re.search(r'<form method="get" class="filters".*?</form>', full, re.S).group(0)
    assert 'name="side"' not in form
    first = client.get(crowded_unit, {"semester": "2025H"}, **HTMX).content.decode()
    assert ROW.findall(first)[0] == "Gruppe 00"


@pytest.mark.parametrize("username", ["styrer", "laerer", None])
def test_outsiders_get_no_page_of_the_unit(crowded_unit, username):
    client = client_for(username)
    for headers in ({}, HTMX):
        response = client.get(crowded_unit, {"semester": "2025H", "side": 2}, **headers)
        if username is None:
            assert response.status_code == 302
        else:
            assert response.status_code == 404
        assert "Gruppe 4" not in response.content.decode()
