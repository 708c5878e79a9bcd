"""Risky actions ask before they act, without JavaScript: the first post answers with the
question and a form that posts the same fields again with ``confirm=yes``, and changes
nothing; only the confirmed post acts. Their buttons are red, never the green of going on."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from samla.analysis import services as analysis_services
from samla.analysis.models import MaintainingFactor, Source
from samla.learning import services as learning_services
from samla.learning.models import (
    LearningGroup,
    Meeting,
    MeetingStatus,
    Module,
    MultiYearPlanEntry,
    Package,
    ProgrammeCondition,
    UnitPackageChoice,
)
from samla.org.models import Membership, Role
from samla.plans.models import Activity, RegionalSession
from samla.surveys import services as survey_services
from samla.surveys.models import Child
from tests.conftest import DemoOrg
from tests.conftest import client_for as logged_in_client
from tests.core.db_state import row_counts


def client_for(username: str) -> Client:
    """A logged-in client reading the pages in English (the questions are asserted)."""
    client = logged_in_client(username)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@dataclass
class Risky:
    role: str
    url: str
    data: dict
    question: str
    done: Callable[[], bool]  # whether the action has taken place
    back: str = ""  # where "Cancel" leads
    extra: dict = field(default_factory=dict)  # filled on the question page, not echoed


def _package(org: DemoOrg, title: str = "Lesing i alle fag") -> Package:
    """A package of one module that no unit has chosen."""
    package = learning_services.save_package(
        org.school_programme, learning_services.PackageInput(title=title, level="grunnskole")
    )
    learning_services.save_module(
        package, learning_services.ModuleInput(title="Lesestrategier", kind="subject")
    )
    return package


def remove_learning_group(org: DemoOrg) -> Risky:
    group, _warning = learning_services.create_group(org.school, org.school_year, "Gruppe Z")
    page = reverse("portal:divide_staff", kwargs={"pk": org.school.pk})
    return Risky(
        "rektor",
        f"{page}?aar={org.school_year}",
        {"action": "delete_group", "group": str(group.pk), "aar": org.school_year},
        "Remove the learning group Gruppe Z?",
        lambda: not LearningGroup.objects.filter(pk=group.pk).exists(),
        back=f"{page}?aar={org.school_year}",
    )


def _when(meeting: Meeting) -> str:
    """The meeting's start as an English page writes it: "Oct. 8, 2026 at 14:00"."""
    starts = timezone.localtime(meeting.starts_at)
    with translation.override("en"):
        return f"{formats.date_format(starts, 'DATE_FORMAT')} at {starts:%H:%M}"


def call_off_meeting(org: DemoOrg) -> Risky:
    meeting = org.meeting(held=False)
    return Risky(
        "gruppeleder",
        reverse("portal:meeting_action", kwargs={"pk": meeting.pk}),
        {"action": "cancel"},
        f"Call off the meeting of Gruppe A on {_when(meeting)}?",
        lambda: Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.CANCELLED,
        back=reverse("portal:meeting_edit", kwargs={"pk": meeting.pk}),
    )


def remove_meeting(org: DemoOrg) -> Risky:
    meeting = org.meeting(held=False)
    return Risky(
        "gruppeleder",
        reverse("portal:meeting_action", kwargs={"pk": meeting.pk}),
        {"action": "delete"},
        f"Remove the meeting of Gruppe A on {_when(meeting)}?",
        lambda: not Meeting.objects.filter(pk=meeting.pk).exists(),
        back=reverse("portal:meeting_edit", kwargs={"pk": meeting.pk}),
    )


def remove_package(org: DemoOrg) -> Risky:
    package = _package(org)
    kwargs = {"slug": org.school_programme.slug, "pk": package.pk}
    return Risky(
        "admin",
        reverse("portal:package_delete", kwargs=kwargs),
        {},
        "Remove the package Lesing i alle fag?",
        lambda: not Package.objects.filter(pk=package.pk).exists(),
        back=reverse("portal:package", kwargs=kwargs),
    )


def remove_module(org: DemoOrg) -> Risky:
    package = _package(org)
    module = package.modules.get()
    kwargs = {"slug": org.school_programme.slug, "pk": package.pk}
    return Risky(
        "admin",
        reverse("portal:module_action", kwargs={**kwargs, "module_pk": module.pk}),
        {"action": "delete"},
        "Remove the module Lesestrategier from Lesing i alle fag?",
        lambda: not Module.objects.filter(pk=module.pk).exists(),
        back=reverse("portal:package", kwargs=kwargs) + f"#module-{module.pk}",
    )


def take_package_out_of_plan(org: DemoOrg) -> Risky:
    entry = learning_services.add_plan_entry(
        org.school_programme, "leaders", "2026/2027", _package(org)
    )
    page = reverse("portal:multi_year_plan", kwargs={"slug": org.school_programme.slug})
    return Risky(
        "admin",
        page,
        {"action": "remove", "entry": str(entry.pk)},
        "Take Lesing i alle fag out of the plan for leaders in 2026/2027?",
        lambda: not MultiYearPlanEntry.objects.filter(pk=entry.pk).exists(),
        back=page,
    )


def remove_condition(org: DemoOrg) -> Risky:
    condition = learning_services.add_condition(org.school_programme, "Hele ledelsen deltar")
    page = reverse("portal:conditions", kwargs={"slug": org.school_programme.slug})
    return Risky(
        "admin",
        page,
        {"action": "remove", "condition": str(condition.pk)},
        "Remove the condition “Hele ledelsen deltar”?",
        lambda: not ProgrammeCondition.objects.filter(pk=condition.pk).exists(),
        back=page,
    )


def drop_package(org: DemoOrg) -> Risky:
    choice = learning_services.choose_package(org.school, _package(org), org.school_year, None)
    page = reverse("portal:unit_learning", kwargs={"pk": org.school.pk})
    return Risky(
        "rektor",
        page,
        {"action": "drop", "choice": str(choice.pk), "aar": org.school_year},
        f"Take Lesing i alle fag off the unit's list for {org.school_year}?",
        lambda: not UnitPackageChoice.objects.filter(pk=choice.pk).exists(),
        back=f"{page}?aar={org.school_year}",
    )


def take_role_away(org: DemoOrg) -> Risky:
    laerer = org.user("laerer")
    membership = laerer.memberships.get()
    kwargs = {"slug": org.school_programme.slug, "pk": laerer.pk}
    return Risky(
        "admin",
        reverse("portal:directory_revoke", kwargs=kwargs),
        {"membership": str(membership.pk)},
        f"Take the role {Role(membership.role).label} at 6A, {org.school.name} away from {laerer}?",
        lambda: not Membership.objects.filter(pk=membership.pk).exists(),
        back=reverse("portal:directory_person", kwargs=kwargs),
        extra={"reason": "Sluttet"},
    )


def deactivate_person(org: DemoOrg) -> Risky:
    laerer = org.user("laerer")
    kwargs = {"slug": org.school_programme.slug, "pk": laerer.pk}
    return Risky(
        "admin",
        reverse("portal:directory_active", kwargs=kwargs),
        {"active": "0"},
        f"Deactivate {laerer}?",
        lambda: not type(laerer).objects.get(pk=laerer.pk).is_active,
        back=reverse("portal:directory_person", kwargs=kwargs),
    )


def delete_activity(org: DemoOrg) -> Risky:
    activity = org.plan_activity()
    kwargs = org.plan_kwargs(pk=activity.pk)
    return Risky(
        "admin",
        reverse("portal:activity_action", kwargs=kwargs),
        {"action": "delete"},
        "Delete the activity Regional samling?",
        lambda: not Activity.objects.filter(pk=activity.pk).exists(),
        back=reverse("portal:activity_edit", kwargs=kwargs),
    )


def remove_regional_date(org: DemoOrg) -> Risky:
    session = org.plan_session("HR")
    kwargs = org.plan_kwargs(pk=session.activity_id, session_pk=session.pk)
    page = reverse("portal:session_edit", kwargs=kwargs)
    return Risky(
        "region",
        page,
        {
            "region": str(session.region_id),
            "when_text": "27.10",
            "location": "",
            "action": "delete",
        },
        f"Remove the regional date of {session.region} for Regional samling?",
        lambda: not RegionalSession.objects.filter(pk=session.pk).exists(),
        back=page,
    )


def take_child_off_list(org: DemoOrg) -> Risky:
    round = org.survey_round()
    group = org.school.groups.get(name="6A")
    (child,) = survey_services.add_children(group, ["Ada Lovelace"])
    page = reverse("portal:group_children", kwargs={"slug": round.slug, "group_pk": group.pk})
    return Risky(
        "rektor",
        page,
        {"action": "remove", "child": str(child.pk)},
        "Take Ada Lovelace off the list of 6A?",
        lambda: not Child.objects.filter(pk=child.pk).exists(),
        back=page,
    )


def remove_source(org: DemoOrg) -> Risky:
    analysis = org.analysis()
    source = analysis_services.add_source(
        analysis, org.user("rektor"), "observation", "Friminutt", "Notater"
    )
    return Risky(
        "rektor",
        reverse("portal:analysis_action", kwargs={"pk": analysis.pk}),
        {"action": "delete_source", "source": str(source.pk)},
        "Remove the source Friminutt?",
        lambda: not Source.objects.filter(pk=source.pk).exists(),
        back=reverse("portal:analysis_phase", kwargs={"pk": analysis.pk, "phase": "problem"}),
    )


def remove_factor(org: DemoOrg) -> Risky:
    analysis = org.analysis()
    factor = analysis_services.add_factor(
        analysis,
        analysis_services.FactorInput(
            "Uklare regler", "context", "likely", (analysis.sources.get().pk,)
        ),
    )
    return Risky(
        "rektor",
        reverse("portal:analysis_action", kwargs={"pk": analysis.pk}),
        {"action": "delete_factor", "factor": str(factor.pk)},
        "Remove the maintaining factor “Uklare regler”?",
        lambda: not MaintainingFactor.objects.filter(pk=factor.pk).exists(),
        back=reverse("portal:analysis_phase", kwargs={"pk": analysis.pk, "phase": "problem"}),
    )


RISKY = [
    remove_learning_group,
    call_off_meeting,
    remove_meeting,
    remove_package,
    remove_module,
    take_package_out_of_plan,
    remove_condition,
    drop_package,
    take_role_away,
    deactivate_person,
    delete_activity,
    remove_regional_date,
    take_child_off_list,
    remove_source,
    remove_factor,
]


def hidden(name: str, value: str) -> str:
    return f'<input type="hidden" name="{name}" value="{html.escape(value)}">'


@pytest.mark.parametrize("make", RISKY, ids=lambda make: make.__name__)
def test_the_first_post_asks_and_changes_nothing(demo_org, make):
    risky = make(demo_org)
    client = client_for(risky.role)
    before = row_counts()

    response = client.post(risky.url, risky.data)

    assert response.status_code == 200
    assert response.templates[0].name == "portal/confirm.html"
    question = response.context["question"]
    assert question == risky.question
    page = response.content.decode()
    assert f'<h1 id="confirm-heading">{html.escape(question)}</h1>' in page
    assert f'<form method="post" action="{html.escape(risky.url)}"' in page
    for name, value in risky.data.items():
        assert hidden(name, value) in page
    assert hidden("confirm", "yes") in page
    assert f'class="button button--danger">{html.escape(response.context["yes"])}' in page
    assert f'<a class="button button--quiet-dark" href="{html.escape(risky.back)}">' in page
    assert row_counts() == before
    assert not risky.done()


@pytest.mark.parametrize("make", RISKY, ids=lambda make: make.__name__)
def test_the_confirmed_post_acts(demo_org, make):
    risky = make(demo_org)
    client = client_for(risky.role)

    response = client.post(risky.url, {**risky.data, **risky.extra, "confirm": "yes"})

    assert response.status_code == 302
    assert risky.done()


def test_anything_but_yes_still_asks(demo_org):
    risky = remove_learning_group(demo_org)
    client = client_for(risky.role)

    for answer in ("", "no", "YES", "1", "yes "):
        response = client.post(risky.url, {**risky.data, "confirm": answer})
        assert response.templates[0].name == "portal/confirm.html", answer

    assert not risky.done()


def test_the_reason_asked_with_a_role_goes_into_the_history(demo_org):
    risky = take_role_away(demo_org)
    client = client_for(risky.role)

    question = client.post(risky.url, risky.data).content.decode()
    client.post(risky.url, {**risky.data, "reason": "Sluttet ved skolen", "confirm": "yes"})

    assert '<textarea id="confirm-reason" name="reason"' in question
    assert hidden("reason", "") not in question  # asked, not passed on
    change = demo_org.user("laerer").org_changes.get(action="revoked")
    assert change.detail == "Sluttet ved skolen"


def test_an_outsider_gets_the_refusal_not_the_question(demo_org):
    risky = call_off_meeting(demo_org)
    before = row_counts()

    response = client_for("laerer").post(risky.url, risky.data)

    assert response.status_code == 403
    assert row_counts() == before
    assert not risky.done()


def _planned_meeting(org: DemoOrg) -> dict:
    return {"pk": org.meeting(held=False).pk}


@pytest.mark.parametrize(
    ("name", "kwargs", "button"),
    [
        ("portal:divide_staff", lambda org: {"pk": org.school.pk}, "Remove Gruppe A"),
        ("portal:meeting_edit", _planned_meeting, "Cancel the meeting"),
        ("portal:meeting_edit", _planned_meeting, "Remove the meeting"),
        ("portal:unit_learning", lambda org: {"pk": org.school.pk}, "Take off the list"),
    ],
)  # fmt: skip
def test_risky_buttons_are_red(demo_org, name, kwargs, button):
    demo_org.learning_group()
    role = "gruppeleder" if name == "portal:meeting_edit" else "rektor"

    page = client_for(role).get(reverse(name, kwargs=kwargs(demo_org))).content.decode()

    assert f'class="button button--danger">{button}' in page
