"""Issue 22: "My learning groups: you are not in a learning group yet" is for a unit's
staff; owners, regions, administrators and others who never join a group do not see it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import client_for

NOT_YET = "You are not in a learning group yet."


def _learning_page(username: str) -> str:
    client = client_for(username)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("portal:learning"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "username", ["admin", "forsker", "statsforvalter", "region", "eier", "ppt", "tillitsvalgt"]
)
def test_people_outside_the_units_staff_are_not_told_about_groups(demo_org, username):
    page = _learning_page(username)

    assert 'id="mine-heading"' not in page
    assert NOT_YET not in page
    assert reverse("portal:learning_calendar") not in page


@pytest.mark.parametrize("username", ["rektor", "gruppeleder", "laerer"])
def test_a_units_staff_outside_any_group_are_told_so(demo_org, username):
    page = _learning_page(username)

    assert 'id="mine-heading"' in page
    assert NOT_YET in page
    assert reverse("portal:learning_calendar") in page


def test_the_unit_leader_is_not_told_to_wait_for_the_unit_leader(demo_org):
    leader, staff = _learning_page("rektor"), _learning_page("laerer")

    assert "As unit leader you divide the staff into groups" in leader
    assert "Your unit leader divides the staff into groups." not in leader
    assert "Your unit leader divides the staff into groups." in staff


def test_a_member_of_a_group_sees_the_group_not_the_notice(demo_org):
    group = demo_org.learning_group()

    page = _learning_page("laerer")

    assert group.name in page.split('id="mine-heading"', 1)[1].split("</section>", 1)[0]
    assert NOT_YET not in page
