"""The notifications bench's work inside the bench's Django environment (see
notifications.py).

python bench/_notifications_work.py setup <staff> <seed> <now>   # migrate, build, JSON
python bench/_notifications_work.py time <now> [profile]        # run_due twice, JSON

``now`` is an ISO moment with its offset; every occasion is dated from it."""

from __future__ import annotations

import json
import os
import random
import sys
import time
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

import django

SLUG = "bench-varsling"
FIRST = ["Anne", "Ola", "Kari", "Per", "Ingrid", "Lars", "Sigrid", "Jon", "Marit", "Øystein"]
LAST = ["Haugen", "Bakken", "Moen", "Nygård", "Lien", "Sveen", "Berg", "Løkken", "Ås", "Vold"]
SCHOOL_SIZE = (25, 40)  # staff per school, the unit leader among them
GROUP_SIZE = (5, 7)  # a learning group
SCHOOLS_PER_OWNER = 6
DIGEST_SHARE = 0.2  # people who want every kind in the daily digest
QUIET_SHARE = 0.03  # people who want the week-before deadline only in Samla
MEETING_TOMORROW_SHARE = 0.85  # learning groups that meet tomorrow
CODES_PER_CLASS = 20


def _oslo(day: date, hour: int, minute: int = 0) -> datetime:
    from samla.core.time import OSLO

    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=OSLO)


def _people(staff: int, rng: random.Random, now: datetime) -> dict:
    """The programme, its regions, owners and schools, and the people: programme
    administrators, region coordinators, two people per owner, and ``staff`` school staff
    (one unit leader per school, some also at a class). Every person has an address; a
    few chose Nynorsk or English; a share wants everything in the daily digest."""
    from samla.core.time import oslo_today, school_year_of
    from samla.notifications.kinds import Channel, Kind
    from samla.notifications.models import MailChoice
    from samla.org.models import (
        Enrolment,
        Group,
        GroupKind,
        LanguageForm,
        Level,
        Membership,
        Owner,
        OwnerKind,
        Person,
        Programme,
        Region,
        RegionOwner,
        Role,
        Unit,
        UnitKind,
    )

    today = oslo_today(now)
    school_year = school_year_of(today)
    programme = Programme.objects.create(name="Varsling i Viken", slug=SLUG, level=Level.PRIMARY)
    sizes = []
    while sum(sizes) < staff:
        sizes.append(min(rng.randint(*SCHOOL_SIZE), staff - sum(sizes)))
    if len(sizes) > 1 and sizes[-1] < SCHOOL_SIZE[0]:
        last = sizes.pop()
        sizes[-1] += last
    owner_count = max(1, round(len(sizes) / SCHOOLS_PER_OWNER))
    region_count = min(4, owner_count)
    regions = Region.objects.bulk_create(
        Region(programme=programme, name=f"Region {r}", short_name=f"R{r}")
        for r in range(region_count)
    )
    owners = Owner.objects.bulk_create(
        Owner(name=f"Kommune {o}", kind=OwnerKind.MUNICIPALITY) for o in range(owner_count)
    )
    RegionOwner.objects.bulk_create(
        RegionOwner(region=regions[o % region_count], owner=owner, programme=programme)
        for o, owner in enumerate(owners)
    )
    units = Unit.objects.bulk_create(
        Unit(
            name=f"Skole {u}",
            kind=UnitKind.PRIMARY,
            owner=owners[u % owner_count],
            language_form=LanguageForm.NYNORSK if u % 10 == 3 else LanguageForm.BOKMAL,
        )
        for u in range(len(sizes))
    )
    Enrolment.objects.bulk_create(Enrolment(unit=unit, programme=programme) for unit in units)
    classes = Group.objects.bulk_create(
        Group(
            unit=unit,
            name=f"{grade}A",
            kind=GroupKind.CLASS,
            grade=grade,
            school_year=int(school_year[:4]),
        )
        for unit in units
        for grade in range(1, 8)
    )
    classes_of: dict[int, list] = defaultdict(list)
    for group in classes:
        classes_of[group.unit_id].append(group)

    def language() -> str:
        draw = rng.random()
        return "nn" if draw < 0.04 else "en" if draw < 0.06 else ""

    made = [0]

    def person(prefix: str) -> Person:
        made[0] += 1
        name = f"{prefix}-{made[0]:05d}"
        return Person(
            username=name,
            first_name=rng.choice(FIRST),
            last_name=rng.choice(LAST),
            email=f"{name}@bench.samla.invalid",
            language=language(),
        )

    admins = [person("admin") for _ in range(3)]
    coordinators = [person("koordinator") for _ in regions]
    owner_people = [person("eier") for _ in range(2 * owner_count)]
    school_people = [person("ansatt") for _ in range(sum(sizes))]
    persons = Person.objects.bulk_create(
        [*admins, *coordinators, *owner_people, *school_people], batch_size=2000
    )
    admins, rest = persons[:3], persons[3:]
    coordinators, rest = rest[: len(regions)], rest[len(regions) :]
    owner_people, school_people = rest[: 2 * owner_count], rest[2 * owner_count :]
    memberships = [
        Membership(person=p, role=Role.PROGRAMME_ADMIN, programme=programme) for p in admins
    ]
    memberships += [
        Membership(person=p, role=Role.REGION_COORDINATOR, region=regions[n])
        for n, p in enumerate(coordinators)
    ]
    memberships += [
        Membership(person=p, role=Role.OWNER, owner=owners[n // 2])
        for n, p in enumerate(owner_people)
    ]
    staff_of: dict[int, list] = {}
    start = 0
    for unit, size in zip(units, sizes, strict=True):
        people = school_people[start : start + size]
        start += size
        staff_of[unit.pk] = people
        memberships.append(Membership(person=people[0], role=Role.UNIT_LEADER, unit=unit))
        for member in people[1:]:
            memberships.append(Membership(person=member, role=Role.STAFF, unit=unit))
            if rng.random() < 0.3:
                group = rng.choice(classes_of[unit.pk])
                memberships.append(Membership(person=member, role=Role.STAFF, group=group))
    Membership.objects.bulk_create(memberships, batch_size=2000)
    choices = []
    for member in persons:
        draw = rng.random()
        if draw < DIGEST_SHARE:
            choices += [
                MailChoice(person=member, kind=kind, channel=Channel.DIGEST) for kind in Kind
            ]
        elif draw < DIGEST_SHARE + QUIET_SHARE:
            choices.append(MailChoice(person=member, kind=Kind.DEADLINE_WEEK, channel=Channel.NONE))
    MailChoice.objects.bulk_create(choices, batch_size=2000)
    return {
        "programme": programme,
        "units": units,
        "classes_of": classes_of,
        "staff_of": staff_of,
        "owners": owners,
        "admins": admins,
        "school_year": school_year,
        "people": len(persons),
        "staff": len(school_people),
        "memberships": len(memberships),
        "digest_people": sum(1 for c in choices if c.kind == Kind.DEADLINE_TODAY),
    }


def _deadlines(built: dict, today: date, rng: random.Random) -> int:
    """The plan's duties and deadlines: two for staff (today; in a week, yearly), one each
    for unit leaders, owners and administrators in the coming week, two not due; one in
    ten staff has already marked today's done."""
    from samla.org.models import Role
    from samla.plans.models import Deadline, DeadlineDone, RoleDuty

    programme = built["programme"]
    duties = RoleDuty.objects.bulk_create(
        RoleDuty(programme=programme, role=role, text=text, order=n)
        for n, (role, text) in enumerate(
            [
                (Role.STAFF, "Delta i læringsgruppene og før refleksjonslogg."),
                (Role.UNIT_LEADER, "Lede utviklingsarbeidet på skolen."),
                (Role.OWNER, "Følge opp skolene og rapportere til samarbeidsforumet."),
                (Role.PROGRAMME_ADMIN, "Holde planen og kartleggingene i gang."),
            ]
        )
    )
    duty = {d.role: d for d in duties}
    week = today + timedelta(days=7)
    rows = [
        (Role.STAFF, "Refleksjonslogg levert", {"date": today}),
        (
            Role.STAFF,
            "Kollegaveiledning forberedt",
            {"yearly_month": week.month, "yearly_day": week.day},
        ),
        (Role.UNIT_LEADER, "Implementeringsplan oppdatert", {"date": today + timedelta(days=3)}),
        (Role.OWNER, "Rapport til samarbeidsforumet", {"date": today}),
        (Role.PROGRAMME_ADMIN, "Kartleggingen bestilt", {"date": week}),
        (Role.STAFF, "Egenvurdering levert", {"date": today + timedelta(days=30)}),
        (Role.UNIT_LEADER, "Tiltaksplan levert", {"date": today - timedelta(days=2)}),
    ]
    deadlines = Deadline.objects.bulk_create(
        Deadline(programme=programme, duty=duty[role], role=role, title=title, **when)
        for role, title, when in rows
    )
    done = [
        DeadlineDone(deadline=deadlines[0], due=today, done_by=member)
        for people in built["staff_of"].values()
        for member in people[1:]
        if rng.random() < 0.1
    ]
    DeadlineDone.objects.bulk_create(done, batch_size=2000)
    return len(deadlines)


def _learning(built: dict, today: date, rng: random.Random) -> dict:
    """A package of modules, and each school's staff in learning groups of 5–7 (the
    first member leads); most groups meet tomorrow afternoon, the rest next week, and one
    in twenty of tomorrow's meetings is cancelled."""
    from samla.learning.models import (
        GroupMember,
        LearningGroup,
        Meeting,
        MeetingStatus,
        Module,
        Package,
    )

    programme = built["programme"]
    package = Package.objects.create(programme=programme, title="Lesing", level=programme.level)
    modules = Module.objects.bulk_create(
        Module(package=package, number=n, title=f"Modul {n}") for n in range(1, 7)
    )
    plan = []
    for unit in built["units"]:
        people = built["staff_of"][unit.pk][1:]
        rng.shuffle(people)
        number = 0
        while people:
            size = rng.randint(*GROUP_SIZE)
            if len(people) - size < GROUP_SIZE[0]:
                size = len(people)
            members, people = people[:size], people[size:]
            number += 1
            plan.append((unit, f"Gruppe {number}", members))
    groups = LearningGroup.objects.bulk_create(
        LearningGroup(unit=unit, school_year=built["school_year"], name=name, leader=members[0])
        for unit, name, members in plan
    )
    GroupMember.objects.bulk_create(
        (
            GroupMember(group=group, person=member, unit=unit, school_year=built["school_year"])
            for group, (unit, _name, members) in zip(groups, plan, strict=True)
            for member in members
        ),
        batch_size=2000,
    )
    tomorrow = today + timedelta(days=1)
    meetings = []
    for group in groups:
        soon = rng.random() < MEETING_TOMORROW_SHARE
        day = tomorrow if soon else today + timedelta(days=8)
        meetings.append(
            Meeting(
                group=group,
                module=rng.choice(modules),
                status=MeetingStatus.CANCELLED
                if soon and rng.random() < 0.05
                else MeetingStatus.PLANNED,
                starts_at=_oslo(day, 14, 15),
                minutes=90,
                place=rng.choice(["", "Personalrommet", "Biblioteket"]),
            )
        )
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    return {"groups": len(groups), "meetings": len(meetings)}


def _rounds(built: dict, now: datetime, rng: random.Random) -> dict:
    """A round opening today over every school; one halfway through its window with
    pupils' codes per class of grades 5–7, each school at its own low-ish rate; a closed
    round whose results build failed this afternoon."""
    from samla.results.models import Build, BuildState
    from samla.surveys.models import AccessCode, CodeState, Round

    programme, units = built["programme"], built["units"]
    opened = Round.objects.create(
        programme=programme,
        name="Høst",
        slug=f"{SLUG}-host",
        opens_at=now - timedelta(hours=2),
        closes_at=now + timedelta(days=21),
        published=True,
    )
    halfway = Round.objects.create(
        programme=programme,
        name="Vår",
        slug=f"{SLUG}-var",
        opens_at=now - timedelta(days=7, hours=1),
        closes_at=now + timedelta(days=7, hours=-1),
        published=True,
    )
    closed = Round.objects.create(
        programme=programme,
        name="Fjorår",
        slug=f"{SLUG}-fjor",
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(days=10),
        published=True,
    )
    for round in (opened, halfway, closed):
        round.units.set(units)
    codes = []
    for unit in units:
        rate = rng.uniform(0.15, 0.8)
        for group in built["classes_of"][unit.pk]:
            if group.grade < 5:
                continue
            for _ in range(CODES_PER_CLASS):
                codes.append(
                    AccessCode(
                        round=halfway,
                        unit=unit,
                        group=group,
                        respondent_group="pupil_5_7",
                        code_hmac=os.urandom(32),
                        state=CodeState.SUBMITTED if rng.random() < rate else CodeState.ISSUED,
                    )
                )
    AccessCode.objects.bulk_create(codes, batch_size=2000)
    Build.objects.create(
        round=closed,
        state=BuildState.FAILED,
        error="bench",
        created_at=now - timedelta(hours=3),
        finished_at=now - timedelta(hours=2, minutes=50),
    )
    return {"rounds": 3, "codes": len(codes)}


def _analyses(built: dict, now: datetime, today: date, rng: random.Random) -> dict:
    """An analysis per school (half of them a learning group's), each with two or three
    comments of the last day by its people; one in ten shared with the owner this
    morning, one in fifty withdrawn; a third with two measures that ended yesterday
    unevaluated."""
    from samla.analysis.models import Analysis, Comment, Measure, MeasureStatus, Phase
    from samla.learning.models import LearningGroup

    groups_of: dict[int, list] = defaultdict(list)
    for group in LearningGroup.objects.filter(unit__in=built["units"]).order_by("pk"):
        groups_of[group.unit_id].append(group)
    fields = {field.name for field in Analysis._meta.get_fields()}
    analyses = []
    for unit in built["units"]:
        leader = built["staff_of"][unit.pk][0]
        draw = rng.random()
        extra = {}
        if draw < 0.1:
            extra = {"shared_with_owner_at": now - timedelta(hours=5), "shared_by": leader}
        elif draw < 0.12 and "withdrawn_from_owner_at" in fields:
            extra = {"withdrawn_from_owner_at": now - timedelta(hours=2)}
        analyses.append(
            Analysis(
                unit=unit,
                learning_group=rng.choice(groups_of[unit.pk])
                if groups_of[unit.pk] and rng.random() < 0.5
                else None,
                title=f"Leseglede på mellomtrinnet ({unit.name})",
                phase=Phase.ANALYSIS,
                created_by=leader,
                **extra,
            )
        )
    Analysis.objects.bulk_create(analyses)
    comments = []
    for analysis in analyses:
        people = built["staff_of"][analysis.unit_id]
        for _ in range(rng.randint(2, 3)):
            comments.append(
                Comment(
                    analysis=analysis,
                    phase=rng.choice([Phase.PROBLEM, Phase.INFORMATION, Phase.ANALYSIS]),
                    text="Hva sier elevene selv om lesingen?",
                    author=rng.choice(people),
                )
            )
    Comment.objects.bulk_create(comments, batch_size=2000)
    # created_at is set on insert: date the comments from ``now`` (the last 30 hours).
    for comment in comments:
        Comment.objects.filter(pk=comment.pk).update(
            created_at=now - timedelta(minutes=rng.randint(30, 30 * 60))
        )
    measures = [
        Measure(
            analysis=analysis,
            title=f"Tiltak {n}",
            responsible="Lærerne på mellomtrinnet",
            starts_on=today - timedelta(days=60),
            ends_on=today - timedelta(days=1),
            success_criteria="Flere elever leser frivillig.",
            status=MeasureStatus.RUNNING,
        )
        for analysis in analyses
        if rng.random() < 1 / 3
        for n in (1, 2)
    ]
    Measure.objects.bulk_create(measures)
    return {"analyses": len(analyses), "comments": len(comments), "measures": len(measures)}


def setup(staff: int, seed: int, now_text: str) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from samla.core.time import oslo_today

    now = datetime.fromisoformat(now_text)
    today = oslo_today(now)
    began = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()
    rng = random.Random(seed)
    with transaction.atomic():
        built = _people(staff, rng, now)
        deadlines = _deadlines(built, today, rng)
        learning = _learning(built, today, rng)
        rounds = _rounds(built, now, rng)
        analyses = _analyses(built, now, today, rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        json.dumps(
            {
                "people": built["people"],
                "staff": built["staff"],
                "units": len(built["units"]),
                "owners": len(built["owners"]),
                "memberships": built["memberships"],
                "digest_people": built["digest_people"],
                "deadlines": deadlines,
                **learning,
                **rounds,
                **analyses,
                "migrate_s": round(migrated - began, 1),
                "build_s": round(time.perf_counter() - migrated, 1),
            }
        )
    )


class _Clock:
    """Seconds and queries spent inside the wrapped callables, by label."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.items: Counter = Counter()

    def wrap(self, label: str, function, *, listed: bool = False):
        def timed(*args, **kwargs):
            began = time.perf_counter()
            try:
                result = function(*args, **kwargs)
                if listed:
                    result = list(result)
                    self.items[label] += len(result)
                return result
            finally:
                self.seconds[label] += time.perf_counter() - began

        return timed


# What is timed inside run_due, beside each source: (module, attribute, label). An
# attribute the engine no longer has is left out of the figures, not an error.
PARTS = (
    ("samla.notifications.services.dispatch", "collect", "collect"),
    ("samla.notifications.services.collect", "store", "  store"),
    ("samla.notifications.services.dispatch", "send_pending", "send at once"),
    ("samla.notifications.services.mail", "_claim", "  claim"),
    ("samla.notifications.services.mail", "_settle_choices", "  settle choices"),
    ("samla.notifications.rendering", "languages", "  languages"),
    ("samla.notifications.rendering", "notification_message", "  write mail"),
    ("samla.notifications.services.mail", "_write_outcome", "  write outcome"),
    ("samla.notifications.services.dispatch", "send_digests", "send digests"),
    ("samla.notifications.rendering", "digest_message", "  write digest"),
    ("samla.notifications.services.digest", "_write_outcome", "  write digest outcome"),
    ("samla.notifications.services.mail", "Postman.send", "SMTP (both)"),
    ("django.core.mail.message", "EmailMessage.message", "  MIME (in SMTP)"),
)


def _instrument(clock: _Clock) -> None:
    """Times each source and the parts of ``PARTS`` (``collect`` as a whole; the rest of
    ``run_due`` is sending)."""
    import importlib

    collect_module = importlib.import_module("samla.notifications.services.collect")
    collect_module.SOURCES = tuple(
        clock.wrap(f"  source {source.__module__.rsplit('.', 1)[-1]}", source, listed=True)
        for source in collect_module.SOURCES
    )
    for module_name, attribute, label in PARTS:
        try:
            owner = importlib.import_module(module_name)
        except ImportError:
            continue
        *path, name = attribute.split(".")
        for step in path:
            owner = getattr(owner, step, None)
        if owner is not None and callable(getattr(owner, name, None)):
            setattr(owner, name, clock.wrap(label, getattr(owner, name)))


def _warm_up() -> None:
    """What a worker process has done before its first run: the address patterns read,
    each language's catalogue loaded, its host name looked up (SMTP's EHLO)."""
    from django.conf import settings
    from django.core.mail.utils import DNS_NAME
    from django.urls import reverse
    from django.utils import translation

    reverse("portal:home")
    DNS_NAME.get_fqdn()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Deadlines")


def time_run(now_text: str, profile: bool) -> None:
    from django.db import connection
    from django.db.models import Count

    from samla.notifications.models import DigestSent, MailState, Notification
    from samla.notifications.services import run_due

    now = datetime.fromisoformat(now_text)
    _warm_up()
    clock = _Clock()
    _instrument(clock)
    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    with connection.execute_wrapper(count):
        began_cpu, began = time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        summary = run_due(now)
        if profiler:
            profiler.disable()
        seconds, cpu = time.perf_counter() - began, time.process_time() - began_cpu
        first_queries = queries[0]
        collect_seconds = clock.seconds["collect"]
        order = [label for _module, _attribute, label in PARTS]
        parts = {
            label: round(clock.seconds[label], 2)
            for label in sorted(clock.seconds, key=lambda x: order.index(x) if x in order else 0.5)
        }
        found = dict(clock.items)
        again_began = time.perf_counter()
        again = run_due(now)
        again_seconds = time.perf_counter() - again_began
    by_state = dict(
        Notification.objects.values_list("mail_state").annotate(n=Count("pk")).order_by()
    )
    by_kind = dict(Notification.objects.values_list("kind").annotate(n=Count("pk")).order_by())
    expected: Counter = Counter()
    sent_states = [MailState.SENT]
    for address, n in (
        Notification.objects.filter(mail_state__in=sent_states)
        .values_list("person__email")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        expected[address] += n
    digests = DigestSent.objects.filter(sent_at__isnull=False)
    for address, n in digests.values_list("person__email").annotate(n=Count("pk")).order_by():
        expected[address] += n
    if profiler:
        import io
        import pstats

        for order, lines in (("cumulative", 30), ("tottime", 20)):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(lines)
            print(out.getvalue())
    print(
        json.dumps(
            {
                "summary": vars(summary),
                "again": vars(again),
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 2),
                "collect_seconds": round(collect_seconds, 2),
                "send_seconds": round(seconds - collect_seconds, 2),
                "again_seconds": round(again_seconds, 2),
                "parts": parts,
                "found": found,
                "queries": first_queries,
                "again_queries": queries[0] - first_queries,
                "made": sum(by_kind.values()),
                "by_kind": by_kind,
                "by_state": by_state,
                "digests_sent": digests.count(),
                "expected": dict(expected),
            }
        )
    )


if __name__ == "__main__":
    django.setup()
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "setup":
        setup(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif command == "time":
        time_run(sys.argv[2], len(sys.argv) > 3 and sys.argv[3] == "profile")
    else:
        raise SystemExit(__doc__)
