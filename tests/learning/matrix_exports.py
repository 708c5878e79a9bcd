"""Role matrix cases of the meeting calendar and the meeting plan downloads."""

from __future__ import annotations

from samla.learning import feeds
from tests.role_matrix_support import Case, everyone, no_kwargs, only


def _feed_token(org) -> dict:
    org.learning_group()
    return {"token": feeds.token_for(org.user("laerer"))}


CASES: list[Case] = [
    Case("portal:learning_calendar", "meeting calendar address", no_kwargs, everyone(200, 302)),
    # The signed token is the key: calendar apps do not log in.
    Case("learning_feed", "meeting calendar feed", _feed_token, everyone(200)),
    Case("learning_feed", "altered meeting feed token", lambda org: {"token": "x"}, everyone(404)),
    # The unit's leader, the group's leader and its members; nobody else learns it exists.
    Case(
        "portal:meeting_plan_export",
        "meeting plan as Word",
        lambda org: {"pk": org.learning_group().pk, "fmt": "docx"},
        only({"rektor", "gruppeleder", "laerer"}),
    ),
]
