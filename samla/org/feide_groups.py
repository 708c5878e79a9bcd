"""A school's classes and teachers as Feide's groups API tells them, for a preview before
they are imported.

The API answers a logged-in Feide user's access token. ``/groups/me/groups`` lists the
user's organisations (``fc:org``: the owner has no parent, a school is a unit under it)
and teaching groups (``fc:gogroup``, ``go_type`` ``b`` = class, ``u`` = teaching group),
each valid for one school year (``notBefore``/``notAfter``). ``/groups/groups/<id>/members``
lists a group's members; teachers have the affiliation ``faculty``. Pupils are never
kept: Samla needs only the groups and their teachers.

Pure module: the standard library only, so it is tested with a local server answering in
the API's shape."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from urllib.error import URLError
from urllib.parse import quote
from urllib.request import Request, urlopen

FEIDE_GROUPS_API = "https://groups-api.dataporten.no"
GROUP_KINDS = {"b": "class", "u": "teaching_group"}


class FeideGroupsError(Exception):
    """The groups API could not be read (no answer, refused, or not its shape)."""


@dataclass(frozen=True)
class FeideTeacher:
    name: str
    feide_name: str  # "kari.nordmann@kommune.no", from "feide:kari.nordmann@kommune.no"


@dataclass(frozen=True)
class FeideSchool:
    id: str
    name: str
    org_number: str  # "974123456" from "fc:org:kommune.no:unit:NO974123456", or ""


@dataclass(frozen=True)
class FeideGroup:
    id: str
    name: str
    kind: str  # "class" or "teaching_group"
    school_id: str
    starts: date | None
    ends: date | None
    teachers: tuple[FeideTeacher, ...] = ()


@dataclass(frozen=True)
class FeidePreview:
    owner: str  # the owner organisation's name
    schools: tuple[FeideSchool, ...]
    groups: tuple[FeideGroup, ...]


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def _org_number(org_id: str) -> str:
    tail = org_id.rsplit(":", 1)[-1]
    return tail[2:] if tail.startswith("NO") and tail[2:].isdigit() else ""


def read_groups(groups: list[dict], *, today: date) -> FeidePreview:
    """The owner, schools and current classes and teaching groups in a ``/groups/me/groups``
    answer. Groups whose school year ended before ``today`` are left out."""
    orgs = [g for g in groups if g.get("type") == "fc:org"]
    owner = next((g.get("displayName", "") for g in orgs if not g.get("parent")), "")
    schools = tuple(
        FeideSchool(g["id"], g.get("displayName", ""), _org_number(g["id"]))
        for g in orgs
        if g.get("parent")
    )
    teaching = []
    for g in groups:
        if g.get("type") != "fc:gogroup" or g.get("go_type") not in GROUP_KINDS:
            continue
        ends = _day(g.get("notAfter"))
        if ends is not None and ends < today:
            continue
        teaching.append(
            FeideGroup(
                id=g["id"],
                name=g.get("displayName", ""),
                kind=GROUP_KINDS[g["go_type"]],
                school_id=g.get("parent", ""),
                starts=_day(g.get("notBefore")),
                ends=ends,
            )
        )
    return FeidePreview(owner, schools, tuple(sorted(teaching, key=lambda g: g.name)))


def read_teachers(members: list[dict]) -> tuple[FeideTeacher, ...]:
    """The teachers (affiliation ``faculty``) among a group's members, by name."""
    teachers = []
    for member in members:
        membership = member.get("membership", {})
        affiliation = membership.get("affiliation")
        affiliations = affiliation if isinstance(affiliation, list) else [affiliation]
        if "faculty" not in affiliations:
            continue
        feide = [u[6:] for u in member.get("userid_sec", []) if u.startswith("feide:")]
        teachers.append(FeideTeacher(member.get("name", ""), feide[0] if feide else ""))
    return tuple(sorted(teachers, key=lambda t: t.name))


def _get(url: str, access_token: str, timeout: float) -> list[dict]:
    request = Request(url, headers={"Authorization": f"Bearer {access_token}"})  # noqa: S310
    try:
        with urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only
            answer = json.load(response)
    except (URLError, TimeoutError, ValueError) as error:
        raise FeideGroupsError(str(error)) from error
    if not isinstance(answer, list) or not all(isinstance(item, dict) for item in answer):
        raise FeideGroupsError("the answer is not a list of groups or members")
    return answer


def fetch_preview(
    access_token: str,
    *,
    today: date,
    api_url: str = FEIDE_GROUPS_API,
    timeout: float = 10,
) -> FeidePreview:
    """Read the user's groups and each current group's teachers from the groups API."""
    if not api_url.startswith(("https://", "http://")):
        raise FeideGroupsError("the groups API address must be http(s)")
    preview = read_groups(_get(f"{api_url}/groups/me/groups", access_token, timeout), today=today)

    def members_url(group: FeideGroup) -> str:
        return f"{api_url}/groups/groups/{quote(group.id, safe=':')}/members"

    groups = tuple(
        replace(group, teachers=read_teachers(_get(members_url(group), access_token, timeout)))
        for group in preview.groups
    )
    return FeidePreview(preview.owner, preview.schools, groups)
