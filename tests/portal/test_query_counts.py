"""List pages run a fixed number of queries, whatever the amount of data (no N+1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samla.org.models import Region, Role
from samla.plans import services
from samla.plans.models import Deadline, RoleDuty
from samla.plans.services import ActivityInput
from tests.conftest import client_for


def count_queries(client, url: str) -> int:
    client.get(url)  # warm sessions and caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def grow(plan, n: int) -> None:
    region = Region.objects.get(programme=plan.programme, short_name="KR")
    for i in range(n):
        activity = services.add_activity(
            plan,
            ActivityInput(title=f"Ekstra {i}", term="autumn", when_text=f"{i + 1}.10"),
        )
        services.set_session(activity, region, f"{i + 2}.10")
        services.set_activity_status(activity, "done")
        RoleDuty.objects.create(programme=plan.programme, role=Role.UNIT_LEADER, text=f"Plikt {i}")
        Deadline.objects.create(
            programme=plan.programme, role=Role.UNIT_LEADER, title=f"Frist {i}", yearly_month=12,
            yearly_day=i + 1,
        )  # fmt: skip


@pytest.mark.parametrize(
    "name",
    ["home", "plans", "calendar", "history", "role_duties", "units", "programmes"],
)
def test_page_queries_do_not_grow(demo_org, name):
    plan = demo_org.plan()
    kwargs = {"slug": plan.programme.slug, "year": plan.school_year}
    url = {
        "home": reverse("portal:home"),
        "plans": reverse("portal:plans", kwargs={"slug": plan.programme.slug}),
        "calendar": reverse("portal:plan_calendar", kwargs=kwargs) + "?month=2026-10",
        "history": reverse("portal:plan_history", kwargs=kwargs),
        "role_duties": reverse("portal:role_duties", kwargs={"slug": plan.programme.slug}),
        "units": reverse("portal:units"),
        "programmes": reverse("portal:programmes"),
    }[name]
    client = client_for("rektor")
    grow(plan, 1)
    with_one = count_queries(client, url)
    grow(plan, 3)
    assert count_queries(client, url) <= with_one
