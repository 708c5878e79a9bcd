"""Starting an analysis and its sources of information: frozen copies of survey results
(evidence snapshots) and the group's other sources."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samla.results import queries as results
from samla.surveys.models import Round

from .. import evidence
from ..models import Analysis, EvidenceSnapshot, SnapshotKind, Source, SourceKind
from .rules import refuse_if_closed, required_text


def take_snapshot(
    analysis: Analysis,
    round: Round,
    at: results.Node,
    respondent_group: str,
    scale: str,
    kind: str,
    person,
    compares_to: EvidenceSnapshot | None = None,
) -> EvidenceSnapshot:
    """Copy one index at a node, as the results pages show it, into the analysis.

    Side effects: creates an EvidenceSnapshot (never changed afterwards)."""
    found = evidence.index_figures(round, at, respondent_group, scale)
    if found is None:
        raise ValidationError(_("The round has no such index for this respondent group."))
    labels, figures = found
    return EvidenceSnapshot.objects.create(
        analysis=analysis,
        kind=kind,
        compares_to=compares_to,
        round=round,
        round_name=round.name,
        round_opened_at=round.opens_at,
        node_kind=at.kind,
        node_id=at.id,
        node_name=at.name,
        respondent_group=respondent_group,
        scale=scale,
        scale_labels=labels,
        threshold=round.programme.anonymity_threshold,
        figures=figures,
        taken_by=person,
    )


def results_source(
    analysis: Analysis, snapshot: EvidenceSnapshot, person, note: str = ""
) -> Source:
    """The source that holds a snapshot, titled by its index, node and round.

    Side effects: creates a results Source."""
    return Source.objects.create(
        analysis=analysis,
        kind=SourceKind.RESULTS,
        title=f"{snapshot.label('nb')} – {snapshot.node_name}, {snapshot.round_name}"[:200],
        note=note.strip(),
        snapshot=snapshot,
        created_by=person,
    )


@transaction.atomic
def start_analysis(
    person,
    *,
    title: str,
    round: Round,
    at: results.Node,
    respondent_group: str,
    scale: str,
    learning_group=None,
) -> Analysis:
    """Open an analysis at the unit of ``at`` (a unit or one of its classes), starting
    from one index.

    Side effects: creates the Analysis (phase: problem), its baseline EvidenceSnapshot and
    a results Source holding it."""
    unit_id = evidence.unit_of(round, at)
    if unit_id is None:
        raise ValidationError(_("An analysis starts from a unit's or a class's results."))
    if learning_group is not None and learning_group.unit_id != unit_id:
        raise ValidationError({"learning_group": _("Choose a learning group of the unit.")})
    title = required_text(title, "title", _("Give the analysis a title."))
    analysis = Analysis.objects.create(
        unit_id=unit_id, learning_group=learning_group, title=title[:200], created_by=person
    )
    snapshot = take_snapshot(
        analysis, round, at, respondent_group, scale, SnapshotKind.BASELINE, person
    )
    results_source(analysis, snapshot, person)
    return analysis


@transaction.atomic
def start_analysis_from_other_data(
    person, *, unit_id: int, title: str, problem: str, source_title: str, source_note: str
) -> Analysis:
    """Open an analysis at a unit from something other than survey results (a
    self-assessment's goals): the problem as given, and that data as its first source.

    Side effects: creates the Analysis (phase: problem) and an "other data" Source."""
    title = required_text(title, "title", _("Give the analysis a title."))
    analysis = Analysis.objects.create(
        unit_id=unit_id, title=title[:200], problem=problem.strip(), created_by=person
    )
    add_source(analysis, person, SourceKind.OTHER, source_title, source_note)
    return analysis


def add_source(analysis: Analysis, person, kind: str, title: str, note: str) -> Source:
    """A source other than survey results (those come with ``add_result_source``).

    Side effects: creates a Source."""
    refuse_if_closed(analysis)
    if kind not in SourceKind.values or kind == SourceKind.RESULTS:
        raise ValidationError({"kind": _("Choose observation, conversations or other data.")})
    title = required_text(title, "title", _("Give the source a title."))
    return Source.objects.create(
        analysis=analysis, kind=kind, title=title[:200], note=note.strip(), created_by=person
    )


@transaction.atomic
def add_result_source(
    analysis: Analysis, person, round: Round, at: results.Node, respondent_group: str,
    scale: str, note: str = "",
) -> Source:  # fmt: skip
    """More survey results as information: a frozen copy of another index.

    Side effects: creates an EvidenceSnapshot and a results Source holding it."""
    refuse_if_closed(analysis)
    if evidence.unit_of(round, at) != analysis.unit_id:
        raise ValidationError(_("Take results of the analysis's own unit."))
    snapshot = take_snapshot(
        analysis, round, at, respondent_group, scale, SnapshotKind.SOURCE, person
    )
    return results_source(analysis, snapshot, person, note)


def update_source_note(source: Source, note: str) -> None:
    """Side effects: changes the source's note (history kept)."""
    refuse_if_closed(source.analysis)
    source.note = note.strip()
    source.save(update_fields=["note"])


@transaction.atomic
def delete_source(source: Source) -> None:
    """The baseline result stays; a source some factor stands on stays too.

    Side effects: deletes the Source (and its snapshot, if it held one)."""
    refuse_if_closed(source.analysis)
    snapshot = source.snapshot
    if snapshot is not None and snapshot.kind == SnapshotKind.BASELINE:
        raise ValidationError(_("The result the analysis starts from cannot be removed."))
    if source.factors.exists():
        raise ValidationError(
            _("A maintaining factor is tied to this source. Remove the link from the factor first.")
        )
    source.delete()
    if snapshot is not None:
        snapshot.delete()
