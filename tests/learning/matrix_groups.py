"""Role matrix cases for the learning pages of units, groups, meetings and dashboards."""

from __future__ import annotations

from tests.role_matrix_support import Case, everyone, no_kwargs, only

PROGRAMME_WIDE = {"admin", "forsker", "statsforvalter", "tillitsvalgt"}
# Who can open the demo school's unit page but is not one of its people: 403, not 404.
SEES_SCHOOL = {"admin", "region", "eier", "ppt"}
SCHOOL_PEOPLE = {"rektor", "gruppeleder", "laerer"}


def dashboard(kind: str):
    def kwargs(org) -> dict:
        pk = {
            "programme": org.school_programme.pk,
            "region": org.school_programme.regions.get(short_name="HR").pk,
            "owner": org.school.owner_id,
            "unit": org.school.pk,
        }[kind]
        return {"slug": org.school_programme.slug, "kind": kind, "pk": pk}

    return kwargs


def forbidden_for(allowed: set[str], seen_by: set[str]) -> dict:
    return only(allowed) | dict.fromkeys(seen_by - allowed, 403)


CASES: list[Case] = [
    Case("portal:learning", "my learning groups", no_kwargs, everyone(200, anonymous=302)),
    Case(
        "portal:learning_dashboard",
        "programme dashboard",
        dashboard("programme"),
        only(PROGRAMME_WIDE),
    ),
    Case(
        "portal:learning_dashboard",
        "region dashboard",
        dashboard("region"),
        only(PROGRAMME_WIDE | {"region"}),
    ),
    Case(
        "portal:learning_dashboard",
        "owner dashboard",
        dashboard("owner"),
        only(PROGRAMME_WIDE | {"region", "eier"}),
    ),
    Case(
        "portal:learning_dashboard",
        "unit dashboard (group lines)",
        dashboard("unit"),
        only(PROGRAMME_WIDE | {"region", "eier", "rektor"}),
    ),
    Case(
        "portal:learning_dashboard",
        "unknown level",
        lambda org: {"slug": org.school_programme.slug, "kind": "group", "pk": 1},
        only(set()),
    ),
    Case(
        "portal:unit_learning",
        "a unit's packages and groups",
        lambda org: {"pk": org.learning_group().unit_id},
        forbidden_for(SCHOOL_PEOPLE, SEES_SCHOOL),
    ),
    Case(
        "portal:implementation_plan",
        "implementation plan",
        lambda org: {
            "pk": org.school.pk,
            "choice_pk": org.learning_group().unit.package_choices.first().pk,
        },
        forbidden_for(SCHOOL_PEOPLE, SEES_SCHOOL),
    ),
    Case(
        "portal:divide_staff",
        "divide staff into groups",
        lambda org: {"pk": org.learning_group().unit_id},
        forbidden_for({"rektor"}, SEES_SCHOOL | SCHOOL_PEOPLE),
    ),
    Case(
        "portal:learning_group",
        "a learning group",
        lambda org: {"pk": org.learning_group().pk},
        only(SCHOOL_PEOPLE),
    ),
    Case(
        "portal:learning_group_edit",
        "change a group",
        lambda org: {"pk": org.learning_group().pk},
        forbidden_for({"rektor"}, SCHOOL_PEOPLE),
    ),
    Case(
        "portal:meeting_new",
        "plan a meeting",
        lambda org: {"pk": org.learning_group().pk},
        forbidden_for({"rektor", "gruppeleder"}, SCHOOL_PEOPLE),
    ),
    Case(
        "portal:module_progress",
        "mark a module done (POST only)",
        lambda org: {
            "pk": org.learning_group().pk,
            "module_pk": org.learning_package().modules.first().pk,
        },
        everyone(405, anonymous=302),
    ),
    Case(
        "portal:meeting",
        "a meeting",
        lambda org: {"pk": org.meeting().pk},
        only(SCHOOL_PEOPLE),
    ),
    Case(
        "portal:meeting_edit",
        "change a planned meeting",
        lambda org: {"pk": org.meeting(held=False).pk},
        forbidden_for({"rektor", "gruppeleder"}, SCHOOL_PEOPLE),
    ),
    Case(
        "portal:meeting_record",
        "record a meeting",
        lambda org: {"pk": org.meeting().pk},
        forbidden_for({"rektor", "gruppeleder"}, SCHOOL_PEOPLE),
    ),
    Case(
        "portal:meeting_action",
        "cancel or remove a meeting (POST only)",
        lambda org: {"pk": org.meeting(held=False).pk},
        everyone(405, anonymous=302),
    ),
]
