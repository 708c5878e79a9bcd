"""A pedagogical analysis as plain data for its exports: every text ready to print, in the
language asked for (a fixed number of queries, whatever the number of sources, factors and
measures). The evidence comes from the frozen snapshots only; a hidden figure is "–" and
its numbers are never read. Comments are not exported: they are supervision between PPT
and the unit, not part of what is presented."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _

from samla.core.text import label_in
from samla.results.exports import HIDDEN_MARK, hidden_note
from samla.results.models import NodeKind
from samla.surveys.models import RESPONDENT_GROUP_LABELS

from ..models import (
    Analysis,
    Evaluation,
    LogEntry,
    MaintainingFactor,
    Measure,
    Perspective,
    SnapshotKind,
    Source,
)
from ..queries import comparisons

# --- Numbers, as the results pages show them ------------------------------------------------


def _mean(value: float) -> str:
    return f"{value:.2f}".replace(".", get_format("DECIMAL_SEPARATOR"))


def figure_texts(row: dict[str, Any] | None) -> tuple[str, str, str]:
    """(500 scale, mean, n) of a frozen row as the results pages write them: "–" in each
    for a hidden figure (its numbers, if any, are not read), "no answers" without one."""
    if row is None:
        return ("", "", "")
    if row.get("hidden"):
        return (HIDDEN_MARK, HIDDEN_MARK, HIDDEN_MARK)
    if row.get("n") is None:
        return (_("no answers"), "", "")
    score = row.get("score500")
    mean = row.get("mean")
    return (
        "" if score is None else f"{score:.0f}",
        "" if mean is None else _mean(mean),
        str(int(row["n"])),
    )


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _moment(value) -> str:
    return _day(timezone.localtime(value).date()) if value else ""


# --- The evidence ---------------------------------------------------------------------------


def _node_level(kind: str) -> str:
    return str(NodeKind(kind).label) if kind in NodeKind.values else kind


def _change(before: dict[str, Any], after: dict[str, Any] | None) -> str:
    """The later score minus the first on the 500 scale, as the evaluation page shows it:
    "–" when either is hidden, empty when either has no score."""
    if after is None:
        return ""
    if before.get("hidden") or after.get("hidden"):
        return HIDDEN_MARK
    if before.get("score500") is None or after.get("score500") is None:
        return ""
    change = round(after["score500"] - before["score500"])
    return f"+{change}" if change > 0 else str(change)


def _round_text(snapshot) -> str:
    return _("%(round)s, opened %(date)s") % {
        "round": snapshot.round_name,
        "date": _moment(snapshot.round_opened_at),
    }


def _evidence(before, after, language: str) -> dict[str, Any]:
    """One result the analysis holds: its table (the node, then its comparisons), beside
    the same index in a later round when that was taken, and its questions."""
    later = {(r["kind"], r["id"]): r for r in after.figures["rows"]} if after else {}
    rows = []
    for row in before.figures["rows"]:
        rows.append(
            {
                "name": row.get("name", ""),
                "level": _node_level(row.get("kind", "")),
                "before": figure_texts(row),
                "after": figure_texts(later.get((row.get("kind"), row.get("id"))))
                if after
                else None,
                "change": _change(row, later.get((row.get("kind"), row.get("id"))))
                if after
                else None,
            }
        )
    rounds = [before.round_name] + ([after.round_name] if after else [])
    headings = [_("Name"), _("Level")]
    for name in rounds:
        headings += [
            _("500 scale, %(round)s") % {"round": name},
            _("Mean, %(round)s") % {"round": name},
            _("n, %(round)s") % {"round": name},
        ]
    if after:
        headings.append(_("Change (500 scale)"))
    label = before.label(language)
    group = str(RESPONDENT_GROUP_LABELS.get(before.respondent_group, before.respondent_group))
    return {
        "label": label,
        "group": group,
        "node": before.node_name,
        "kind": str(SnapshotKind(before.kind).label),
        "baseline": before.kind == SnapshotKind.BASELINE,
        "caption": f"{label} – {group}, {before.node_name}",
        "table_caption": (
            _("Figures in %(before)s and %(after)s")
            % {"before": before.round_name, "after": after.round_name}
            if after
            else _("Figures in %(round)s") % {"round": before.round_name}
        ),
        "round": before.round_name,
        "when": _round_text(before),
        "after_when": _round_text(after) if after else "",
        "headings": headings,
        "rows": rows,
        "items": _items(before, language),
        "hidden_note": hidden_note(before.threshold),
    }


def _items(snapshot, language: str) -> list[dict[str, Any]]:
    """The index's questions at the node: mean, n and the answer shares ("–" hidden)."""
    items = []
    for item in snapshot.figures.get("items", []):
        hidden = bool(item.get("hidden"))
        _score, mean, n = figure_texts(item)
        if hidden:
            answers = HIDDEN_MARK
        elif item.get("n") is None:
            answers = _("no answers")
        else:
            answers = "; ".join(
                f"{label_in(labels, language)}: "
                + (HIDDEN_MARK if percent is None else f"{percent}\u00a0%")
                for labels, percent in item.get("options", [])
            )
        label = label_in(item.get("labels"), language)
        if item.get("reversed"):
            label += " (" + _("reversed: a low answer counts high") + ")"
        items.append(
            {
                "label": label,
                "mean": mean,
                "n": n,
                "answers": answers,
            }
        )
    return items


# --- The analysis as plain data ---------------------------------------------------------------


def _load(analysis: Analysis) -> Analysis:
    return (
        Analysis.objects.select_related("unit", "learning_group", "previous")
        .prefetch_related(
            Prefetch("sources", queryset=Source.objects.select_related("snapshot")),
            Prefetch(
                "factors",
                queryset=MaintainingFactor.objects.prefetch_related(
                    Prefetch("sources", queryset=Source.objects.order_by("created_at", "pk"))
                ),
            ),
            Prefetch(
                "measures",
                queryset=Measure.objects.prefetch_related(
                    Prefetch(
                        "factors",
                        queryset=MaintainingFactor.objects.order_by("created_at", "pk"),
                    ),
                    Prefetch("evaluations", queryset=Evaluation.objects.order_by("created_at")),
                ),
            ),
            Prefetch("log", queryset=LogEntry.objects.select_related("measure")),
        )
        .get(pk=analysis.pk)
    )


def _facts(analysis: Analysis, evidence: list[dict[str, Any]]) -> list[tuple[str, str]]:
    facts = [(_("Unit"), analysis.unit.name)]
    if analysis.learning_group is not None:
        facts.append((_("Learning group"), analysis.learning_group.name))
    baseline = next((e for e in evidence if e["baseline"]), None)
    if baseline is not None:
        facts.append((str(SnapshotKind.BASELINE.label), baseline["when"]))
    facts.append((_("Phase"), str(analysis.get_phase_display())))
    facts.append((_("Status"), str(analysis.get_status_display())))
    if analysis.analysis_completed_at:
        facts.append((_("Analysis part complete"), _moment(analysis.analysis_completed_at)))
    if analysis.previous is not None:
        facts.append((_("Continues"), analysis.previous.title))
    facts.append((_("Printed"), _day(timezone.localdate())))
    return facts


def analysis_document(analysis: Analysis, language: str) -> dict[str, Any]:
    """Everything the exports show of the analysis, in ``language``."""
    with translation.override(language):
        return _document(_load(analysis), language)


def _document(analysis: Analysis, language: str) -> dict[str, Any]:
    evidence = [_evidence(c.before, c.after, language) for c in comparisons(analysis)]
    sources = [
        {
            "title": source.title,
            "kind": str(source.get_kind_display()),
            "note": source.note,
        }
        for source in analysis.sources.all()
    ]
    perspectives = []
    for value, label in Perspective.choices:
        factors = [
            {
                "description": factor.description,
                "likelihood": str(factor.get_likelihood_display()),
                "sources": [s.title for s in factor.sources.all()],
            }
            for factor in analysis.factors.all()
            if factor.perspective == value
        ]
        if factors:
            perspectives.append({"label": str(label), "factors": factors})
    measures, evaluations = [], []
    for measure in analysis.measures.all():
        measures.append(
            {
                "title": measure.title,
                "description": measure.description,
                "factors": [f.description for f in measure.factors.all()],
                "responsible": measure.responsible,
                "starts_on": _day(measure.starts_on),
                "ends_on": _day(measure.ends_on),
                "success_criteria": measure.success_criteria,
                "status": str(measure.get_status_display()),
            }
        )
        for evaluation in measure.evaluations.all():
            evaluations.append(
                {
                    "measure": measure.title,
                    "date": _moment(evaluation.created_at),
                    "verdict": str(evaluation.get_verdict_display()),
                    "text": evaluation.text,
                }
            )
    log = [
        {
            "date": _day(entry.day),
            "measure": entry.measure.title if entry.measure else "",
            "text": entry.text,
        }
        for entry in sorted(analysis.log.all(), key=lambda e: (e.day, e.pk))
    ]
    return {
        "language": language,
        "title": _("Pedagogical analysis: %(title)s") % {"title": analysis.title},
        "analysis_title": analysis.title,
        "unit": analysis.unit.name,
        "facts": _facts(analysis, evidence),
        "problem": analysis.problem,
        "goal_kind": str(analysis.get_goal_kind_display()) if analysis.goal_kind else "",
        "goal": analysis.goal,
        "override_reason": analysis.override_reason,
        "override_date": _moment(analysis.overridden_at),
        "evidence": evidence,
        "sources": sources,
        "perspectives": perspectives,
        "measures": measures,
        "log": log,
        "evaluations": evaluations,
        "closing_note": analysis.closing_note,
        "hidden_mark": HIDDEN_MARK,
    }


def section_titles() -> dict[str, str]:
    """The headings both exports use (in the active language)."""
    return {
        "problem": _("Problem"),
        "goal": _("Goal"),
        "override": _("Measures before the analysis was complete"),
        "evidence": _("Results"),
        "questions": _("The questions"),
        "sources": _("Sources of information"),
        "factors": _("Maintaining factors"),
        "measures": _("Strategies and measures"),
        "measures_caption": _("The measures and the maintaining factors they aim at"),
        "log": _("Implementation log"),
        "log_caption": _("What was done, by date"),
        "evaluations": _("Evaluation"),
        "evaluations_caption": _("The group's judgement of each measure"),
        "closing": _("Conclusion"),
        "not_written": _("Not written yet."),
        "none_yet": _("None yet."),
    }


def measure_headings() -> tuple[str, ...]:
    return (
        _("Measure"),
        _("Aimed at"),
        _("Who"),
        _("Start"),
        _("End"),
        _("Success criteria"),
        _("Status"),
    )


def measure_values(measure: dict[str, Any]) -> tuple[str, ...]:
    title = measure["title"]
    if measure["description"]:
        title = f"{title}\n{measure['description']}"
    return (
        title,
        "\n".join(measure["factors"]),
        measure["responsible"],
        measure["starts_on"],
        measure["ends_on"],
        measure["success_criteria"],
        measure["status"],
    )
