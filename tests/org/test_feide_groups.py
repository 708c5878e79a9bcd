"""Reading a school's classes and teachers from Feide's groups API, against a local HTTP
server that answers in that API's shape (and, like it, only to the right access token)."""

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

import pytest

from samla.org.feide_groups import (
    FeideGroup,
    FeideGroupsError,
    FeidePreview,
    FeideSchool,
    FeideTeacher,
    fetch_preview,
)

TOKEN = "feide-access-token"
SCHOOL = "fc:org:kommune.no:unit:NO974123456"
CLASS_5A = "fc:gogroup:kommune.no:b:NO974123456:5a:2025-08-01:2026-06-30"
MATH_5 = "fc:gogroup:kommune.no:u:NO974123456:5mat:2025-08-01:2026-06-30"
LAST_YEAR = "fc:gogroup:kommune.no:b:NO974123456:4a:2024-08-01:2025-06-30"


def membership(affiliation, basic="member"):
    return {"basic": basic, "affiliation": affiliation}


MY_GROUPS = [
    {
        "id": "fc:org:kommune.no",
        "type": "fc:org",
        "displayName": "Eksempel kommune",
        "membership": membership(["employee", "member"]),
    },
    {
        "id": SCHOOL,
        "type": "fc:org",
        "parent": "fc:org:kommune.no",
        "displayName": "Eksempel skole",
        "membership": membership(["employee", "faculty"]),
    },
    {
        "id": CLASS_5A,
        "type": "fc:gogroup",
        "go_type": "b",
        "displayName": "5A",
        "parent": SCHOOL,
        "notBefore": "2025-08-01T00:00:00Z",
        "notAfter": "2026-06-30T00:00:00Z",
        "membership": membership("faculty", "admin"),
    },
    {
        "id": MATH_5,
        "type": "fc:gogroup",
        "go_type": "u",
        "displayName": "Matematikk 5. trinn",
        "parent": SCHOOL,
        "notBefore": "2025-08-01T00:00:00Z",
        "notAfter": "2026-06-30T00:00:00Z",
        "membership": membership("faculty", "admin"),
    },
    {
        "id": LAST_YEAR,
        "type": "fc:gogroup",
        "go_type": "b",
        "displayName": "4A",
        "parent": SCHOOL,
        "notBefore": "2024-08-01T00:00:00Z",
        "notAfter": "2025-06-30T00:00:00Z",
        "membership": membership("faculty", "admin"),
    },
    {"id": "fc:grep:TMM5", "type": "fc:grep", "displayName": "Matematikk"},
]


def member(name, feide_name, affiliation, basic="member"):
    return {
        "name": name,
        "membership": membership(affiliation, basic),
        "userid_sec": [f"feide:{feide_name}", "nin:00000000000"],
    }


MEMBERS = {
    CLASS_5A: [
        member("Ola Elev", "ola@kommune.no", "student"),
        member("Kari Nordmann", "kari.nordmann@kommune.no", "faculty", "admin"),
        member("Per Hansen", "per.hansen@kommune.no", ["faculty", "employee"], "admin"),
    ],
    MATH_5: [member("Kari Nordmann", "kari.nordmann@kommune.no", "faculty", "admin")],
}


class GroupsApi(BaseHTTPRequestHandler):
    answers: dict[str, object] = {"/groups/me/groups": MY_GROUPS} | {
        f"/groups/groups/{group}/members": members for group, members in MEMBERS.items()
    }
    asked: list[str] = []

    def do_GET(self):
        path = unquote(self.path)
        self.asked.append(path)
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self.send_answer(401, {"message": "Unauthorized"})
        elif path in self.answers:
            self.send_answer(200, self.answers[path])
        else:
            self.send_answer(404, {"message": "Not found"})

    def send_answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def groups_api():
    GroupsApi.asked = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), GroupsApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_the_classes_and_teaching_groups_of_this_school_year_with_their_teachers(groups_api):
    preview = fetch_preview(TOKEN, today=date(2025, 9, 1), api_url=groups_api)

    kari = FeideTeacher("Kari Nordmann", "kari.nordmann@kommune.no")
    per = FeideTeacher("Per Hansen", "per.hansen@kommune.no")
    year = {"starts": date(2025, 8, 1), "ends": date(2026, 6, 30)}
    assert preview == FeidePreview(
        owner="Eksempel kommune",
        schools=(FeideSchool(SCHOOL, "Eksempel skole", "974123456"),),
        groups=(
            FeideGroup(CLASS_5A, "5A", "class", SCHOOL, teachers=(kari, per), **year),
            FeideGroup(
                MATH_5, "Matematikk 5. trinn", "teaching_group", SCHOOL, teachers=(kari,), **year
            ),
        ),
    )
    # Last year's class is not asked for its members; no pupil is kept.
    assert f"/groups/groups/{LAST_YEAR}/members" not in GroupsApi.asked
    assert "Ola Elev" not in repr(preview)


def test_a_refused_token_is_an_error_and_nothing_more_is_asked(groups_api):
    with pytest.raises(FeideGroupsError, match="401"):
        fetch_preview("wrong-token", today=date(2025, 9, 1), api_url=groups_api)

    assert GroupsApi.asked == ["/groups/me/groups"]


def test_an_answer_not_in_the_api_shape_is_an_error(groups_api):
    GroupsApi.answers = {**GroupsApi.answers, "/groups/me/groups": {"groups": []}}
    try:
        with pytest.raises(FeideGroupsError, match="not a list"):
            fetch_preview(TOKEN, today=date(2025, 9, 1), api_url=groups_api)
    finally:
        GroupsApi.answers = {**GroupsApi.answers, "/groups/me/groups": MY_GROUPS}


def test_no_server_answering_is_an_error():
    with pytest.raises(FeideGroupsError):
        fetch_preview(TOKEN, today=date(2025, 9, 1), api_url="http://127.0.0.1:9", timeout=2)
