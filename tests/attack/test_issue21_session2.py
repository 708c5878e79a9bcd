"""Attack on issue 21's second day of changes, as an outsider would: the person field that
becomes a text field at national size (hostile text, people who share an address, a
contact with no address), the shared pager (hostile ``side``, parameters carried along),
the repeated options of the divide-staff page (names with markup), the admin's uncounted
lists (hostile ``p``) and the round units' autocomplete, and the one-query reading of the
indices present at a unit (it must search the round's index, not read every row of the
round's sheets)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samla.core.forms import PersonChoiceField
from samla.org.models import Membership, Owner, Person, Role
from samla.partnership.demo import base
from samla.partnership.models import Agreement, Partner
from tests.conftest import client_for

# --- The person field at national size ----------------------------------------------------


@pytest.fixture
def school(demo_org, monkeypatch):
    """The school programme with its partners, its people past the list's limit (the
    field is a text field, as at national size)."""
    base.build()
    monkeypatch.setattr(PersonChoiceField, "LIST_LIMIT", 2)
    return demo_org.school_programme


def _agreement_data(school) -> dict:
    return {
        "title": "Avtale til angrep",
        "partner": Partner.objects.get(programme=school, name=base.UNIVERSITY).pk,
        "owners": [Owner.objects.get(name="Hamar kommune").pk],
        "starts": "2027-08-01",
        "ends": "2028-07-31",
    }


def _new_url(school) -> str:
    return reverse("portal:partnership_agreement_new", kwargs={"slug": school.slug})


def _edit_url(school, agreement) -> str:
    return reverse(
        "portal:partnership_agreement_edit", kwargs={"slug": school.slug, "pk": agreement.pk}
    )


def _in_programme(demo_org, username: str, **fields) -> Person:
    """A new person with a staff role at the demo school (one of the programme's people)."""
    person = Person.objects.create(username=username, **fields)
    Membership.objects.create(person=person, role=Role.STAFF, unit=demo_org.school)
    return person


def _admin():
    client = client_for("admin")
    client.cookies["samla_language"] = "en"
    return client


def _shown_contact(page: str) -> str:
    found = re.search(r'<input type="text" name="owner_contact" value="([^"]*)"', page)
    return found.group(1) if found else ""


def _refused(response) -> bool:
    return response.status_code == 200 and (
        "No one here has that e-mail address or user name." in response.content.decode()
    )


@pytest.mark.parametrize(
    "hostile",
    ["eier\x00", "\x00", "ei\x00er", "eier@example.org\x00' OR 1=1 --"],
    ids=["nul-after", "nul-only", "nul-inside", "nul-sql"],
)
def test_a_nul_byte_in_the_person_field_never_reaches_the_database(school, hostile):
    """PostgreSQL refuses a NUL in a text parameter (a server error); SQLite takes it. The
    field must refuse it before any lookup, on both."""
    client = _admin()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            _new_url(school), {**_agreement_data(school), "owner_contact": hostile}
        )
    assert _refused(response)
    assert not [q["sql"] for q in queries if "\x00" in q["sql"]]
    assert not Agreement.objects.filter(title="Avtale til angrep").exists()


@pytest.mark.parametrize(
    "hostile",
    ["x" * 100_000, "%", "_", "e_er", "ei%", "EIER%", "\\%", "еier", "ｅｉｅｒ", "eier\u200b"],
    ids=["100kB", "%", "_", "underscore", "percent", "upper-percent", "escaped", "cyrillic",
         "fullwidth", "zero-width"],
)  # fmt: skip
def test_hostile_text_finds_no_one_and_changes_nothing(school, hostile):
    client = _admin()
    response = client.post(_new_url(school), {**_agreement_data(school), "owner_contact": hostile})
    assert _refused(response)
    assert not Agreement.objects.filter(title="Avtale til angrep").exists()


def test_someone_outside_the_programme_is_refused_like_no_one(school, demo_org):
    """An address held only outside the programme gets the same answer, word for word,
    as one nobody holds: nothing tells the administrator that the person exists."""
    outsider = Person.objects.create(username="utenfor", email="utenfor@example.org")
    client = _admin()
    pages = []
    for text in (outsider.email, "ingen-har-denne@example.org", outsider.username, "ingenslik"):
        response = client.post(_new_url(school), {**_agreement_data(school), "owner_contact": text})
        assert _refused(response)
        errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode())
        pages.append(errors)
    assert pages[0] == pages[1] and pages[2] == pages[3]


def test_an_agreement_whose_contact_shares_an_address_saves_unchanged(school, demo_org):
    """Two of the programme's people with one e-mail address (Django does not make it
    unique): the edit page must show the contact as something that finds them again, or
    saving the agreement unchanged is refused."""
    owner = demo_org.user("eier")
    _in_programme(demo_org, "eier-tvilling", email=owner.email.upper())
    client = _admin()
    data = _agreement_data(school)
    assert client.post(_new_url(school), {**data, "owner_contact": "eier"}).status_code == 302
    agreement = Agreement.objects.get(title="Avtale til angrep")
    assert agreement.owner_contact == owner
    shown = _shown_contact(client.get(_edit_url(school, agreement)).content.decode())
    saved = client.post(_edit_url(school, agreement), {**data, "owner_contact": shown})
    assert saved.status_code == 302, shown
    agreement.refresh_from_db()
    assert agreement.owner_contact == owner


def test_a_contact_without_an_address_whose_user_name_differs_only_in_case(school, demo_org):
    """User names are unique as written, not regardless of case (``Ola`` and ``ola`` may
    both exist, e.g. from two logins). A contact with no e-mail address is shown by user
    name; the one written exactly as shown is the one meant."""
    ola = _in_programme(demo_org, "ola.nordmann")
    _in_programme(demo_org, "Ola.Nordmann", email="ola.n@example.org")
    client = _admin()
    data = _agreement_data(school)
    created = client.post(_new_url(school), {**data, "owner_contact": "ola.nordmann"})
    assert created.status_code == 302
    agreement = Agreement.objects.get(title="Avtale til angrep")
    assert agreement.owner_contact == ola
    shown = _shown_contact(client.get(_edit_url(school, agreement)).content.decode())
    assert shown == "ola.nordmann"
    assert (
        client.post(_edit_url(school, agreement), {**data, "owner_contact": shown}).status_code
        == 302
    )
    agreement.refresh_from_db()
    assert agreement.owner_contact == ola


def test_a_user_name_that_is_another_persons_address_picks_no_one(school, demo_org):
    """A user name written like an address, another person's address: which one was meant
    cannot be told, so neither is picked in silence."""
    _in_programme(demo_org, "kari@example.org")
    _in_programme(demo_org, "kari", email="kari@example.org")
    client = _admin()
    response = client.post(
        _new_url(school), {**_agreement_data(school), "owner_contact": "kari@example.org"}
    )
    assert _refused(response)


# --- The Django admin's uncounted lists and the round units' autocomplete --------------


@pytest.mark.parametrize(
    "number", ["0", "-1", "abc", "1e3", "", str(10**30), str(2**63), str(2**62)]
)
def test_a_hostile_page_number_of_an_uncounted_list_is_no_server_error(demo_org, settings, number):
    """The list too long to count reads its page with an offset: a page number past what
    the database can hold must get the admin's answer to a page that is not there, as a
    counted list does, not an OverflowError (SQLite) or DataError (PostgreSQL)."""
    settings.SAMLA_ADMIN_COUNTED_ROWS = -1  # every table counts as too long
    client = client_for("admin")
    client.raise_request_exception = False
    response = client.get(reverse("admin:org_person_changelist"), {"p": number})
    assert response.status_code in (200, 302)


@pytest.fixture
def other_admin(demo_org):
    """A programme of its own with one unit, and its administrator."""
    from samla.org.models import OwnerKind, Programme, Unit, UnitKind

    programme = Programme.objects.create(name="Eget program", slug="eget", level="vgs")
    person = Person.objects.create(username="egenadmin")
    Membership.objects.create(person=person, role=Role.PROGRAMME_ADMIN, programme=programme)
    owner = Owner.objects.create(name="Egen eier", kind=OwnerKind.MUNICIPALITY)
    unit = Unit.objects.create(name="Egen skole", kind=UnitKind.PRIMARY, owner=owner)
    unit.programmes.add(programme)
    return programme


def _autocomplete(client, term: str) -> list[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "surveys", "model_name": "round", "field_name": "units", "term": term},
    )
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def test_the_round_units_autocomplete_finds_only_the_administrators_units(other_admin, demo_org):
    client = client_for("egenadmin")
    assert _autocomplete(client, "Egen") == ["Egen skole"]
    assert _autocomplete(client, demo_org.school.name) == []
    assert _autocomplete(client, "") == ["Egen skole"]
    assert _autocomplete(client, "%") == [] and _autocomplete(client, "_") == []
    # The programme filter named by hand: nothing of the other programme either.
    units = client.get(
        reverse("admin:org_unit_changelist"),
        {"programmes__id__exact": demo_org.school_programme.pk},
    )
    assert units.status_code == 200
    assert not list(units.context["cl"].result_list)
    assert demo_org.school.name not in units.content.decode()


def test_the_units_autocomplete_is_refused_to_a_person_without_the_admin(demo_org):
    client = client_for("rektor")
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "surveys", "model_name": "round", "field_name": "units", "term": "a"},
    )
    assert response.status_code in (302, 403)


# --- The indices present at a unit, read for several rounds at once ---------------------


def test_the_indices_present_are_read_by_the_rounds_index(demo_org):
    """The stored rows of a node are searched in the (round, level, node) index. Without
    the round in the condition, the database reads every row of the rounds' sheets (on
    samla_national: 49 231 rows for 18, 40 ms against 1 ms) to keep a unit's."""
    from samla.results.queries import Node
    from samla.results.trends import indices_present

    rounds = [demo_org.results_round(), demo_org.later_results_round()]
    at = Node("unit", demo_org.school.pk, demo_org.school.name)
    with CaptureQueriesContext(connection) as queries:
        found = indices_present(rounds, at)
    assert all(found[round.pk] for round in rounds)
    rows = [q["sql"] for q in queries if 'FROM "results_resultrow"' in q["sql"]]
    assert len(rows) == 1
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {'QUERY PLAN ' if connection.vendor == 'sqlite' else ''}{rows[0]}")
        plan = " ".join(str(part) for row in cursor.fetchall() for part in row)
    assert "round_id" in plan and "node_id" in plan, plan


# --- The shared pager ------------------------------------------------------------------

HOSTILE_SIDES = ["-1", "0", "1e3", "2.0", "99999999999999999999999", "١", "２", "\x00", "x"]
INJECTED = '"><script>alert(1)</script>'


def _paged_pages(demo_org, monkeypatch) -> list[tuple[str, str]]:
    """(user, address) of the three paged pages, each with one row a page."""
    from samla.analysis import queries as analysis_queries
    from samla.portal.views import results as results_views
    from samla.portal.views import school_year as school_year_views

    monkeypatch.setattr(results_views, "UNITS_PER_PAGE", 1)
    monkeypatch.setattr(school_year_views, "UNITS_PER_PAGE", 1)
    monkeypatch.setattr(analysis_queries, "LINES_PER_PAGE", 1)
    round = demo_org.results_round()
    demo_org.analysis()
    demo_org.analysis("Arbeidsro på 7. trinn")
    return [
        ("admin", reverse("portal:school_year", kwargs={"slug": demo_org.school_programme.slug})),
        ("admin", reverse("portal:round_results", kwargs={"slug": round.slug})),
        ("rektor", reverse("portal:analyses")),
    ]


def test_hostile_sides_and_carried_parameters_on_every_paged_page(demo_org, monkeypatch):
    for username, url in _paged_pages(demo_org, monkeypatch):
        client = client_for(username)
        client.raise_request_exception = False
        first = client.get(url)
        assert 'rel="next"' in first.content.decode(), url
        for side in HOSTILE_SIDES:
            response = client.get(url, {"side": side, INJECTED: INJECTED, "aar": INJECTED})
            assert response.status_code == 200, (url, side)
            page = response.content.decode()
            assert "<script>alert(1)" not in page, (url, side)
            links = re.findall(r'href="(\?[^"]*)" rel="(?:prev|next)"', page)
            assert links, (url, side)
            for link in links:
                assert "<" not in link and '"' not in link
                assert "%3Cscript%3E" in link  # carried along, encoded
        # Past the end: the last page, which has no "next".
        last = client.get(url, {"side": "99999"}).content.decode()
        assert 'rel="prev"' in last and 'rel="next"' not in last


def test_a_role_that_may_not_open_a_paged_page_gets_no_page_of_it(demo_org, monkeypatch):
    school_year, round_results, _analyses = (
        url for _user, url in _paged_pages(demo_org, monkeypatch)
    )
    for username in ("rektor", "eier", "laerer"):
        client = client_for(username)
        assert client.get(school_year, {"side": "2"}).status_code == 404
    # The owner's units only, however the pages are asked for.
    round = demo_org.results_round()
    owner = client_for("eier")
    seen = set()
    for side in ("1", "2", "3", "4", "-1"):
        page = owner.get(round_results, {"side": side}).content.decode()
        seen |= {
            int(pk) for pk in re.findall(rf'href="/resultater/{round.slug}/unit/(\d+)/"', page)
        }
    owned = set(round.units.filter(owner=demo_org.school.owner).values_list("pk", flat=True))
    assert seen == owned


# --- The divide-staff page's repeated options -----------------------------------------------


def _selects(page: str, name: str) -> str:
    found = re.search(rf'<select name="{name}" id="{name}">(.*?)</select>', page, re.S)
    assert found, name
    return found.group(1)


def test_names_with_markup_are_escaped_and_a_refused_division_shows_what_was_chosen(demo_org):
    group = demo_org.learning_group()
    school = demo_org.school
    odd = _in_programme(demo_org, "rar", first_name='Ola">', last_name="<script>alert(1)</script>")
    url = reverse("portal:divide_staff", args=[school.pk]) + f"?aar={demo_org.school_year}"
    client = client_for("rektor")
    page = client.get(url).content.decode()
    assert "<script>alert(1)" not in page
    assert (
        f'<option value="{odd.pk}">Ola&quot;&gt; &lt;script&gt;alert(1)&lt;/script&gt;</option>'
        in page
    )
    leaders = _selects(page, f"leader-{group.pk}")
    assert leaders.count(" selected") == 1
    assert f'<option value="{group.leader_id}" selected>' in leaders
    # The odd person made leader of a group they are not placed in: refused, and the page
    # shows the choices as made, each select marking its own.
    data = {"action": "save", "aar": demo_org.school_year, f"leader-{group.pk}": str(odd.pk)}
    for member in group.members.all():
        data[f"group-{member.person_id}"] = str(group.pk)
    data[f"group-{odd.pk}"] = ""
    refused = client.post(url, data)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "<script>alert(1)" not in page
    leaders = _selects(page, f"leader-{group.pk}")
    assert leaders.count(" selected") == 1
    assert f'<option value="{odd.pk}" selected>' in leaders
    # Not placed: no other group marked (the first option, "not in a group", shows).
    unplaced = _selects(page, f"group-{odd.pk}")
    assert " selected" not in unplaced or '<option value="" selected>' in unplaced
    member = group.members.first().person_id
    placed = _selects(page, f"group-{member}")
    assert placed.count(" selected") == 1 and f'<option value="{group.pk}" selected>' in placed
    group.refresh_from_db()
    assert group.leader_id != odd.pk


# --- Asked for all rounds at once: the same answers as round by round ----------------------


def _odd_people(demo_org) -> list[str]:
    """People at the edges of the results' rules, beside the demo's roles: a coordinator
    of a kindergarten region who is staff at the demo school, an owner with no unit in the
    round, a leader of a unit outside the round, a teacher of a class only, someone
    deactivated."""
    from samla.org.models import Region, Unit

    kindergarten_region = Region.objects.filter(programme=demo_org.kindergarten_programme).first()
    coordinator = _in_programme(demo_org, "koord-annet")
    Membership.objects.create(
        person=coordinator, role=Role.REGION_COORDINATOR, region=kindergarten_region
    )
    trysil = demo_org.unit_in("Trysil")
    owner = Person.objects.create(username="eier-utenfor")
    Membership.objects.create(person=owner, role=Role.OWNER, owner=trysil.owner)
    Membership.objects.create(
        person=owner, role=Role.REGION_COORDINATOR, region=kindergarten_region
    )
    leader = Person.objects.create(username="leder-utenfor")
    Membership.objects.create(person=leader, role=Role.UNIT_LEADER, unit=trysil)
    outside = Unit.objects.filter(programmes=demo_org.school_programme).exclude(
        pk__in=demo_org.results_round().units.values("pk")
    )
    Membership.objects.create(person=leader, role=Role.STAFF, unit=outside.first())
    teacher = Person.objects.create(username="klasselaerer")
    Membership.objects.create(
        person=teacher, role=Role.STAFF, group=demo_org.school.groups.get(name="6A")
    )
    gone = _in_programme(demo_org, "sluttet")
    Person.objects.filter(pk=gone.pk).update(is_active=False)
    return ["koord-annet", "eier-utenfor", "leder-utenfor", "klasselaerer", "sluttet"]


def test_results_list_and_home_rounds_match_round_by_round_in_every_state(demo_org):
    from datetime import timedelta

    from django.utils import timezone

    from samla.results.access import result_nodes, rounds_with_results_for
    from samla.results.queries import has_results
    from samla.surveys import access as survey_access
    from samla.surveys.models import Round
    from tests.role_matrix_support import LOGGED_IN

    built = demo_org.results_round()
    demo_org.survey_round()
    people = [*LOGGED_IN, *_odd_people(demo_org)]
    now = timezone.now()
    states = {
        "released": {"published": True, "results_released_at": now},
        "closed": {"published": True, "results_released_at": None},
        "release day passed": {
            "published": True,
            "results_released_at": None,
            "results_release_on": (now - timedelta(days=1)).date(),
        },
        "open": {"published": True, "closes_at": now + timedelta(days=3)},
        "draft": {"published": False, "results_released_at": now},
    }
    programme = demo_org.school_programme
    for staff_see in (True, False):
        type(programme).objects.filter(pk=programme.pk).update(staff_see_results=staff_see)
        for state, fields in states.items():
            Round.objects.filter(pk=built.pk).update(
                **{"closes_at": now - timedelta(days=1), "results_release_on": None, **fields}
            )
            for username in people:
                user = Person.objects.get(username=username)
                rounds = survey_access.rounds_for(user).select_related("programme")
                one_by_one = [
                    r for r in rounds if has_results(r) and any(result_nodes(user, r).values())
                ]
                user = Person.objects.get(username=username)  # no grants kept
                at_once = rounds_with_results_for(user, rounds)
                assert at_once == one_by_one, (staff_see, state, username)

                user = Person.objects.get(username=username)
                latest = Round.objects.filter(
                    programme__in=survey_access.programmes_for(user), published=True
                ).order_by("-opens_at")[:5]
                before = [r for r in latest if survey_access.monitor_unit_ids(user, r)]
                user = Person.objects.get(username=username)
                assert survey_access.monitored_rounds(user) == before, (state, username)


def test_locked_groups_and_the_childrens_classes_are_those_of_the_former_queries(demo_org):
    from datetime import date

    from django.db.models import Q

    from samla.org.models import Group
    from samla.surveys import queries
    from samla.surveys.models import AccessCode, Child, Round

    open_round = demo_org.survey_round()
    built = demo_org.results_round()
    empty = Round.objects.create(
        programme=open_round.programme,
        name="Uten koder",
        slug="uten-koder",
        opens_at=open_round.opens_at,
        closes_at=open_round.closes_at,
    )
    for round in (open_round, built, empty):
        former = set(
            AccessCode.objects.filter(round=round).values_list("respondent_group", flat=True)
        )
        assert queries.locked_respondent_groups(round) == former, round.slug
    assert queries.locked_respondent_groups(empty) == set()
    assert queries.locked_respondent_groups(Round(pk=10**9)) == set()

    school = demo_org.school
    closed_with, closed_without = list(school.groups.order_by("pk")[:2])
    Group.objects.filter(pk__in=[closed_with.pk, closed_without.pk]).update(
        closed_on=date(2026, 6, 30)
    )
    Child.objects.create(group=closed_with, pseudonym="angrep-barn-1")
    units = [school.pk, demo_org.kindergarten.pk]
    former = set(
        Group.objects.filter(unit_id__in=units)
        .filter(Q(closed_on__isnull=True) | Q(pk__in=Child.objects.values("group_id")))
        .values_list("pk", flat=True)
    )
    found = {g.pk for g in queries.child_list_groups(open_round, units)}
    assert found == former
    assert closed_with.pk in found and closed_without.pk not in found
