"""What an owner may link as evidence for a needs report's priority: only what the owner
sees in Samla.

- Released results at the owner and its units, read through the results app's own reads
  (``results.access.result_nodes`` for which nodes the person may open,
  ``results.queries.read_cells`` for the built figures): a hidden cell has no figures and
  is never offered.
- Learning-group activity at the owner's units, from the learning dashboard
  (``learning.queries.dashboard``): counts only.
- Pedagogical analyses the units have shared with the owner.
- Self-assessments shared with the owner (``samla.selfassessment``, when installed).

Each choice carries the text the owner sees; linking it freezes that text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from samla.analysis.access import analyses_for
from samla.analysis.models import Analysis
from samla.core.text import label_in
from samla.core.time import current_semester
from samla.learning import queries as learning
from samla.learning.access import learning_scope
from samla.org.models import Owner, Programme, Unit
from samla.results import queries as results
from samla.results.access import result_nodes
from samla.surveys.models import RESPONDENT_GROUP_LABELS, Round

from ..models import EvidenceKind

ROUNDS = 2
SEMESTERS = 2


@dataclass(frozen=True)
class EvidenceChoice:
    kind: str
    key: str
    source_id: int | None
    heading: str
    text: str


def _semester_name(semester) -> str:
    if semester.half == "H":
        return _("autumn %(year)s") % {"year": semester.year}
    return _("spring %(year)s") % {"year": semester.year}


def result_choices(user, owner: Owner, programme: Programme, language: str) -> list:
    """Index means at the owner and its units in the latest released rounds the person
    may open there; never a hidden cell."""
    rounds = (
        Round.objects.filter(results.released(), programme=programme, units__owner=owner)
        .distinct()
        .order_by("-opens_at")[:ROUNDS]
    )
    choices = []
    for round in rounds:
        allowed = result_nodes(user, round)
        nodes = []
        if owner.pk in allowed["owner"]:
            nodes.append(results.Node("owner", owner.pk, owner.name))
        units = Unit.objects.filter(owner=owner, pk__in=allowed["unit"]).order_by("name")
        nodes += [results.Node("unit", u.pk, u.name) for u in units]
        if not nodes:
            continue
        names = {n.key: n.name for n in nodes}
        instruments = results.instruments_of(round)
        for cell in results.read_cells(round, list(names), kind="scale"):
            if cell.suppressed or cell.mean is None or not cell.n:
                continue
            instrument = instruments.get(cell.respondent_group)
            scale = next((s for s in instrument.scales if s.code == cell.scale), None)
            label = label_in(scale.label, language) if scale else cell.scale
            group = RESPONDENT_GROUP_LABELS.get(cell.respondent_group, cell.respondent_group)
            text = _("%(round)s, %(node)s, %(group)s – %(index)s: mean %(mean)s (n = %(n)s)") % {
                "round": round.name,
                "node": names[(cell.node_kind, cell.node_id)],
                "group": group,
                "index": label or cell.scale,
                "mean": number_format(cell.mean, 2),
                "n": cell.n,
            }
            node = f"{cell.node_kind}:{cell.node_id}"
            key = f"result|{round.pk}|{node}|{cell.respondent_group}|{cell.scale}"
            choices.append(EvidenceChoice(EvidenceKind.RESULT, key, round.pk, round.name, text))
    return choices


def learning_choices(owner: Owner, programme: Programme, now: datetime) -> list:
    """The owner's learning groups in this and the last semester: in total and per unit."""
    choices = []
    semester = current_semester(now.date())
    for _i in range(SEMESTERS):
        board = learning.dashboard(programme, "owner", owner.pk, semester, now)
        if board is not None and board.total.groups:
            heading = _("Learning groups, %(semester)s") % {"semester": _semester_name(semester)}
            lines = [(owner.name, "owner", owner.pk, board.total)]
            lines += [(line.name, "unit", line.pk, line.figures) for line in board.lines]
            for name, kind, pk, f in lines:
                if not f.groups:
                    continue
                text = _(
                    "%(name)s, %(semester)s: %(groups)s learning groups, %(held)s meetings "
                    "held, %(met)s of %(groups)s groups met the meeting rule"
                ) % {
                    "name": name,
                    "semester": _semester_name(semester),
                    "groups": f.groups,
                    "held": f.held,
                    "met": f.met,
                }
                key = f"learning|{semester.key}|{kind}:{pk}"
                # The source is the owner's dashboard, where each unit's line is too.
                choices.append(EvidenceChoice(EvidenceKind.LEARNING, key, owner.pk, heading, text))
        semester = semester.previous()
    return choices


def analysis_choices(owner: Owner) -> list:
    """Pedagogical analyses the owner's units share with it."""
    shared = Analysis.objects.filter(
        unit__owner=owner, shared_with_owner_at__isnull=False
    ).select_related("unit")
    heading = _("Pedagogical analyses shared with you")
    choices = []
    for analysis in shared.order_by("unit__name", "title"):
        text = f"{analysis.unit.name}: {analysis.title}"
        if analysis.problem:
            text += f" – {analysis.problem[:300]}"
        choices.append(
            EvidenceChoice(
                EvidenceKind.ANALYSIS, f"analysis|{analysis.pk}", analysis.pk, heading, text
            )
        )
    return choices


def self_assessment_choices(owner: Owner) -> list:
    """Self-assessments the owner's units share with it (when that app is installed)."""
    try:
        # Another app, built alongside: offered once it is installed.
        from samla.selfassessment.queries import shared_with_owner  # noqa: PLC0415
    except ImportError:
        return []
    heading = _("Self-assessments shared with you")
    choices = []
    for item in shared_with_owner(owner):
        text = f"{item.title}: {item.summary_text}" if item.summary_text else str(item.title)
        choices.append(
            EvidenceChoice(
                EvidenceKind.SELF_ASSESSMENT, f"self_assessment|{item.pk}", item.pk, heading, text
            )
        )
    return choices


def evidence_choices(user, owner: Owner, programme: Programme, language: str, now) -> list:
    """Everything the person may link for the owner, grouped by its heading in order."""
    return [
        *result_choices(user, owner, programme, language),
        *learning_choices(owner, programme, now),
        *analysis_choices(owner),
        *self_assessment_choices(owner),
    ]


def source_url(user, programme: Programme, evidence) -> str:
    """Where the person may open the evidence's source, or "" where they may not."""
    kind, pk = evidence.kind, evidence.source_id
    if pk is None:
        return ""
    if kind == EvidenceKind.ANALYSIS:
        if analyses_for(user).filter(pk=pk).exists():
            return reverse("portal:analysis", kwargs={"pk": pk})
    elif kind == EvidenceKind.RESULT:
        round = Round.objects.filter(pk=pk).first()
        if round is not None and any(result_nodes(user, round).values()):
            return reverse("portal:round_results", kwargs={"slug": round.slug})
    elif kind == EvidenceKind.LEARNING and pk in learning_scope(user, programme)["owner"]:
        return reverse(
            "portal:learning_dashboard", kwargs={"slug": programme.slug, "kind": "owner", "pk": pk}
        )
    elif kind == EvidenceKind.SELF_ASSESSMENT:
        return _self_assessment_url(user, pk)
    return ""


def _self_assessment_url(user, pk: int) -> str:
    try:
        from samla.selfassessment.access import assessments_for  # noqa: PLC0415
    except ImportError:
        return ""
    if assessments_for(user).filter(pk=pk).exists():
        return reverse("portal:selfassessment", kwargs={"pk": pk})
    return ""
