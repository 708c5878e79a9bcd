"""Notifications from pedagogical analyses: a comment to the people who work on the
analysis (not its author), sharing and withdrawal to the owner's people, measures due
for evaluation to the unit leader. Each made due through the analysis services, the
worker run, and what it made read back."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from samla.analysis import access as analysis_access
from samla.analysis import services
from samla.analysis.models import MeasureStatus, Phase
from samla.learning.models import GroupMember
from samla.notifications.kinds import Kind
from samla.notifications.models import Notification
from samla.notifications.services import run_due
from samla.notifications.sources import analysis as source
from samla.notifications.texts import title_and_body
from samla.org.models import Membership, Person, Role
from tests.conftest import client_for
from tests.notifications.test_mail_support import BASE, html_of, text_of

ENGLISH_MONTHS = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
NORWEGIAN_MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip


def made(kind: str) -> list[tuple[str, str, str]]:
    """(username, key, link) of every notification of the kind, in a fixed order."""
    return list(
        Notification.objects.filter(kind=kind)
        .order_by("person__username", "key")
        .values_list("person__username", "key", "link")
    )


def working_on(analysis) -> set[str]:
    """Everyone at the unit or in the analysis's group whom access.py lets work on it."""
    candidates = Person.objects.filter(
        Q(pk__in=Membership.objects.filter(unit=analysis.unit).values("person"))
        | Q(pk__in=Membership.objects.filter(group__unit=analysis.unit).values("person"))
        | Q(pk__in=GroupMember.objects.filter(unit=analysis.unit).values("person"))
    )
    return {p.username for p in candidates if analysis_access.can_edit_analysis(p, analysis)}


def leaders_of(unit) -> list[str]:
    """The unit's leaders (the demo school has rektor and one generated leader)."""
    return sorted(
        Membership.objects.filter(unit=unit, role=Role.UNIT_LEADER).values_list(
            "person__username", flat=True
        )
    )


def mails_linking(smtp, username: str, link: str) -> list:
    """The messages to the demo person that link to ``link`` (other sources may write to
    the same person at the same run)."""
    address = f"{username}@demo.samla.invalid"
    return [m for m in smtp.to(address) if f"{BASE}{link}" in text_of(m)]


def speaks(username: str, language: str) -> None:
    Person.objects.filter(username=username).update(language=language)


def in_english(notification: Notification) -> tuple[str, str]:
    with translation.override("en"):
        return title_and_body(notification.kind, notification.params)


def test_a_comment_reaches_those_who_work_on_the_analysis_but_not_its_author(demo_org, smtp):
    analysis = demo_org.analysis("Arbeidsro i gruppene", group=True)
    speaks("gruppeleder", "en")
    speaks("rektor", "nn")
    author = demo_org.user("laerer")
    comment = services.add_comment(analysis, author, Phase.GOAL, "Skal vi dele målet i to?")
    expected = working_on(analysis) - {"laerer"}

    run_due(timezone.now())
    first = made(Kind.ANALYSIS_COMMENT)
    run_due(timezone.now() + timedelta(hours=1))

    rows = made(Kind.ANALYSIS_COMMENT)
    link = f"/analyser/{analysis.pk}/mal/#comment-{comment.pk}"
    assert {"rektor", "gruppeleder"} < expected
    assert rows == sorted((name, f"analysis_comment:{comment.pk}", link) for name in expected)
    assert first == rows
    notification = Notification.objects.get(kind=Kind.ANALYSIS_COMMENT, person__username="rektor")
    title, body = in_english(notification)
    assert (title, body) == (
        "New comment on an analysis",
        "There is a new comment on the analysis “Arbeidsro i gruppene”, in the phase Goal.",
    )
    assert author.get_full_name() not in title + body
    # By e-mail: once, to each of them who has an address; none to the author.
    [english] = mails_linking(smtp, "gruppeleder", link)
    [nynorsk] = mails_linking(smtp, "rektor", link)
    assert mails_linking(smtp, "laerer", link) == []
    assert english["Subject"] == "New comment on an analysis"
    with translation.override("nn"):
        nn_title, nn_body = title_and_body(Kind.ANALYSIS_COMMENT, notification.params)
    assert (nynorsk["Content-Language"], nynorsk["Subject"].strip()) == ("nn", nn_title)
    assert nn_body in text_of(nynorsk) and "Mål" in nn_body
    assert f'href="{BASE}{link}"' in html_of(english)
    for message in (english, nynorsk):
        assert author.get_full_name() not in text_of(message) + html_of(message)
    page = client_for("gruppeleder").get(link.split("#")[0])
    assert page.status_code == 200
    assert f'id="comment-{comment.pk}"' in page.content.decode()


def test_an_answer_links_to_its_thread_and_reaches_all_but_its_author(demo_org):
    analysis = demo_org.analysis("Bare rektor")
    ppt_comment = services.add_comment(analysis, demo_org.user("ppt"), Phase.PROBLEM, "Tanker?")
    answer = services.add_comment(
        analysis, demo_org.user("rektor"), Phase.PROBLEM, "Ja, se kilden.", ppt_comment.pk
    )

    run_due(timezone.now())

    thread = f"/analyser/{analysis.pk}/problem/"
    # The analysis is the unit's, no group: only its leaders work on it. The PPT
    # advisor's comment reaches them; rektor's answer reaches the other leader only.
    others = [name for name in leaders_of(analysis.unit) if name != "rektor"]
    assert sorted(working_on(analysis)) == leaders_of(analysis.unit)
    assert others
    assert made(Kind.ANALYSIS_COMMENT) == sorted(
        [
            (name, f"analysis_comment:{ppt_comment.pk}", f"{thread}#comment-{ppt_comment.pk}")
            for name in leaders_of(analysis.unit)
        ]
        + [
            (name, f"analysis_comment:{answer.pk}", f"{thread}#comment-{ppt_comment.pk}")
            for name in others
        ]
    )
    assert not Notification.objects.filter(
        key=f"analysis_comment:{answer.pk}", person__username="rektor"
    ).exists()


def test_comments_older_than_the_window_are_not_told(demo_org):
    analysis = demo_org.analysis("Gammel tråd")
    services.add_comment(analysis, demo_org.user("ppt"), Phase.PROBLEM, "Et gammelt spørsmål.")

    run_due(timezone.now() + source.EVENT_WINDOW + timedelta(minutes=1))

    assert made(Kind.ANALYSIS_COMMENT) == []


def test_sharing_then_withdrawing_tells_the_owner_both_and_sharing_again_is_new(demo_org, smtp):
    analysis = demo_org.analysis("Delt med eier")
    speaks("eier", "nn")
    rektor = demo_org.user("rektor")

    services.share_with_owner(analysis, rektor)
    run_due(timezone.now())
    first_share = analysis.shared_with_owner_at
    services.withdraw_sharing(analysis)
    run_due(timezone.now())
    services.withdraw_sharing(analysis)  # not shared any more: nothing new to tell
    services.share_with_owner(analysis, rektor)
    run_due(timezone.now())
    run_due(timezone.now() + timedelta(hours=1))

    analysis.refresh_from_db()
    moments = [
        first_share.astimezone(UTC).isoformat(),
        analysis.shared_with_owner_at.astimezone(UTC).isoformat(),
    ]
    withdrawn = analysis.withdrawn_from_owner_at.astimezone(UTC).isoformat()
    assert made(Kind.ANALYSIS_SHARED) == sorted(
        ("eier", f"analysis_shared:{analysis.pk}:{moment}", f"/analyser/{analysis.pk}/")
        for moment in moments
    )
    assert made(Kind.ANALYSIS_WITHDRAWN) == [
        ("eier", f"analysis_withdrawn:{analysis.pk}:{withdrawn}", "/analyser/")
    ]
    shared = Notification.objects.filter(kind=Kind.ANALYSIS_SHARED).first()
    gone = Notification.objects.get(kind=Kind.ANALYSIS_WITHDRAWN)
    assert in_english(shared) == (
        "An analysis was shared with the owner",
        "Bjørkely skole has shared the analysis “Delt med eier” with the owner.",
    )
    assert in_english(gone) == (
        "An analysis is no longer shared",
        "Bjørkely skole has withdrawn the analysis “Delt med eier”: the owner can no longer "
        "read it.",
    )
    with translation.override("nn"):
        titles = [title_and_body(n.kind, n.params)[0] for n in (shared, gone)]
    to_owner = smtp.to("eier@demo.samla.invalid")
    shares = [m for m in to_owner if m["Subject"] == titles[0]]
    [withdrawal] = [m for m in to_owner if m["Subject"] == titles[1]]
    assert len(shares) == 2
    assert all(f"{BASE}/analyser/{analysis.pk}/" in text_of(m).splitlines() for m in shares)
    assert f"{BASE}/analyser/" in text_of(withdrawal).splitlines()
    assert {m["Content-Language"] for m in [*shares, withdrawal]} == {"nn"}
    assert rektor.get_full_name() not in "".join(text_of(m) for m in [*shares, withdrawal])
    assert client_for("eier").get(shared.link, follow=True).status_code == 200


def test_measures_that_ended_without_an_evaluation_are_due_to_the_unit_leader(demo_org, smtp):
    analysis = demo_org.analysis_with_measure("Tiltak som er ferdige")
    speaks("rektor", "nn")
    ended = analysis.measures.get()
    factor_ids = tuple(ended.factors.values_list("pk", flat=True))
    yesterday, today = ended.ends_on, timezone.localdate()

    def measure(title, ends_on, status=MeasureStatus.RUNNING):
        added = services.add_measure(
            analysis,
            services.MeasureInput(
                title, "Kontaktlærerne", ends_on - timedelta(days=20), ends_on, "Færre konflikter.",
                factor_ids,
            ),
        )  # fmt: skip
        services.set_measure_status(added, status)
        return added

    measure("Samme dag ferdig", yesterday)
    measure("Stoppet", yesterday, MeasureStatus.STOPPED)
    measure("Slutter i dag", today)
    evaluated = measure("Allerede vurdert", yesterday - timedelta(days=1))
    services.evaluate_measure(evaluated, demo_org.user("rektor"), "met", "Det virket.")
    measure("For lenge siden", yesterday - timedelta(days=source.EVALUATION_WINDOW_DAYS))

    # Run again later the same day (an hour later, unless that is past midnight in Oslo:
    # the next day's run rightly finds "Slutter i dag" ended yesterday, and the test ran
    # between 23 and 24 once).
    now = timezone.now()
    end_of_day = timezone.make_aware(datetime.combine(timezone.localdate(now), time(23, 59)))
    run_due(now)
    run_due(max(now, min(now + timedelta(hours=1), end_of_day)))

    assert made(Kind.MEASURE_EVALUATION_DUE) == [
        (
            name,
            f"measure_evaluation_due:{analysis.pk}:{yesterday.isoformat()}",
            f"/analyser/{analysis.pk}/evaluering/",
        )
        for name in leaders_of(analysis.unit)
    ]
    notification = Notification.objects.get(
        kind=Kind.MEASURE_EVALUATION_DUE, person__username="rektor"
    )
    day = f"{yesterday.day} {ENGLISH_MONTHS[yesterday.month - 1]} {yesterday.year}"
    assert notification.params == {
        "title": "Tiltak som er ferdige",
        "count": 2,
        "ended": yesterday.isoformat(),
    }
    assert in_english(notification) == (
        "2 measures are due for evaluation",
        f"2 measures in the analysis “Tiltak som er ferdige” ended on {day}. Evaluate them "
        "against their success criteria.",
    )
    [message] = mails_linking(smtp, "rektor", notification.link)
    with translation.override("nn"):
        nn_title, nn_body = title_and_body(notification.kind, notification.params)
    assert (message["Content-Language"], message["Subject"]) == ("nn", nn_title)
    nynorsk_day = f"{yesterday.day}. {NORWEGIAN_MONTHS[yesterday.month - 1]} {yesterday.year}"
    assert nynorsk_day in nn_body and nn_body in text_of(message)
    assert client_for("rektor").get(notification.link).status_code == 200


def _everything_due(demo_org, titles: list[str]):
    """Analyses with a comment, a share, a withdrawal and an ended measure each."""
    rektor, ppt = demo_org.user("rektor"), demo_org.user("ppt")
    for title in titles:
        analysis = demo_org.analysis_with_measure(title)
        services.add_comment(analysis, ppt, Phase.PROBLEM, "Et spørsmål.")
        services.share_with_owner(analysis, rektor)
        services.withdraw_sharing(analysis)
        services.share_with_owner(analysis, rektor)


def test_the_source_reads_a_fixed_number_of_queries_however_many_analyses(demo_org):
    now = timezone.now() + timedelta(minutes=1)
    _everything_due(demo_org, ["Første"])
    with CaptureQueriesContext(connection) as one:
        for_one = list(source.due(now))
    _everything_due(demo_org, ["Andre", "Tredje"])
    with CaptureQueriesContext(connection) as three:
        for_three = list(source.due(now))

    # Per analysis: its comment and its ended measure to each leader, the share and the
    # withdrawal to the owner.
    per_analysis = 2 * len(leaders_of(demo_org.school)) + 2
    assert [len(for_one), len(for_three)] == [per_analysis, 3 * per_analysis]
    assert len(three.captured_queries) == len(one.captured_queries)
