"""A node's results as a tagged PDF report (WeasyPrint), read at a glance.

The report of a node (a unit, an owner, or any node a person may open) has:

1. a cover: the node, the round, the programme, the respondent groups with their response
   rate (codes answered of codes issued) and the date the results were built;
2. a summary page in words: the indices that differ from a comparison (owner, region,
   programme) by 0.2 standard deviations or more (Cohen's d) and the changes of that size
   since the round before — only figures that are shown — or that nothing stands out;
3. per respondent group: the index chart (:mod:`samla.results.charts`, the same picture as
   the results page), the node's indices beside its comparisons, the nodes right under it
   (classes of a unit, units of an owner) and the trend.

A node under it whose figures are all hidden is named in one line, never printed as a row
of dashes, and a table whose rows are all hidden is left out for that line.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from samla.core.pdf import render_pdf
from samla.surveys.models import Round

from .. import charts
from ..figures import Figure, GroupBlock, ScaleRow, _d, below, overview
from ..models import NodeKind
from ..queries import Node
from .common import HIDDEN_MARK, _built_at, _group_rank, _measures, hidden_note, not_for_ranking
from .tree import Tree, UnknownNode, _node_set, _report_nodes, tree_for
from .trend import Trends, _trends, changed_note

PDF_TEMPLATE = "results/export/results_pdf.html"
# |d| from which a difference or a change is named on the summary page (figures.difference_band).
NOTABLE_D = 0.2


def _number(value: float | None, places: int) -> str:
    if value is None:
        return ""
    # number_format cuts surplus decimals off rather than rounding them.
    return formats.number_format(round(value, places), places, use_l10n=True)


def _signed(value: float) -> str:
    text = _number(abs(value), 2)
    return f"+{text}" if value >= 0 else f"\u2212{text}"


def _pdf_row(figure: Figure) -> dict[str, Any]:
    """A figure's columns as text: empty for nobody, the hidden mark for hidden."""
    if figure.hidden:
        return {"hidden": True}
    if not figure.shown:
        return {"hidden": False, "nobody": True}
    low = figure.low_share
    return {
        "hidden": False,
        "n": figure.n,
        "mean": _number(figure.mean, 2),
        "sd": _number(figure.sd, 2),
        "score500": _number(figure.score500, 0),
        "low_share": f"{_number(low * 100, 0)}\u00a0%" if low is not None else "",
    }


def _band_words() -> dict[str, str]:
    """Words for the differences of 0.2 SD or more (:func:`figures.difference_band`)."""
    return {
        "higher": _("somewhat higher"),
        "lower": _("somewhat lower"),
        "much_higher": _("clearly higher"),
        "much_lower": _("clearly lower"),
    }


def _plural(level: str) -> str:
    return {
        "region": _("Regions"),
        "owner": _("Owners"),
        "unit": _("Units"),
        "group": _("Classes and departments"),
    }.get(level, _("Nodes"))


def hidden_for(names: list[str], threshold: int) -> str:
    """The one line that names the nodes whose figures are all hidden."""
    return _(
        "Hidden for: %(names)s (fewer than %(threshold)s answered, or showing them would "
        "reveal a hidden figure)"
    ) % {"names": ", ".join(names), "threshold": threshold}


def pdf_context(round: Round, nodes=None, language: str = "nb") -> dict[str, Any]:
    """Everything the report template shows, in ``language``."""
    with translation.override(language):
        return _pdf_context(round, nodes, language)


def _short_name(tree: Tree, top: tuple[str, int], level: str, pk: int) -> str:
    """A class under its own unit by its own name (5A), anything else as the tree names it."""
    if level == "group" and top == ("unit", tree.unit_of_group.get(pk)):
        return tree.groups.get(pk) or tree.name(level, pk)
    return tree.name(level, pk)


def _pdf_context(round: Round, nodes, language: str) -> dict[str, Any]:
    tree = tree_for(round, nodes)
    selected = None if nodes is None else _node_set(nodes)
    report, comparisons = _report_nodes(tree, selected)
    if not report:
        raise UnknownNode("The selection holds no node of the round.")
    top = report[0]
    chain = [Node(level, pk, tree.name(level, pk)) for level, pk in [top, *comparisons]]
    threshold = round.programme.anonymity_threshold
    blocks = [
        block
        for block in sorted(
            overview(round, chain, language), key=lambda b: _group_rank(b.respondent_group)
        )
        if any(row.figure.hidden or row.figure.n is not None for row in block.rows)
    ]
    under = [Node(level, pk, _short_name(tree, top, level, pk)) for level, pk in report[1:]]
    tables = {table.respondent_group: table for table in below(round, under, language)}
    trends = _trends(round, tree, _measures(round), top, language)
    drawn = charts.svgs([charts.index_chart(block, chain) for block in blocks])
    sections = [
        {
            "label": block.label,
            "chart": svg,
            "overview": _overview_table(block, chain, threshold),
            "below": _below_table(tables.get(block.respondent_group), block, chain[0], threshold),
            "trend": _pdf_trend(trends, block.respondent_group),
        }
        for block, svg in zip(blocks, drawn, strict=True)
    ]
    built = _built_at(round)
    subject = chain[0]
    return {
        "language": language,
        "title": _("Results of %(round)s: %(node)s") % {"round": str(round), "node": subject.name},
        "round": round,
        "programme": round.programme,
        "built": formats.date_format(timezone.localtime(built), "SHORT_DATE_FORMAT")
        if built
        else "",
        "subject": subject.name,
        "subject_kind": NodeKind(subject.kind).label,
        "groups": [_rate(block) for block in blocks],
        "summary": _summary(blocks, trends, round, subject),
        "sections": sections,
        "hidden_mark": HIDDEN_MARK,
        "hidden_note": hidden_note(threshold),
        "not_for_ranking": not_for_ranking(),
        "changed_note": changed_note(),
        "threshold": threshold,
    }


def _rate(block: GroupBlock) -> dict[str, Any]:
    rate = block.rate
    return {
        "label": block.label,
        "issued": block.issued,
        "submitted": block.submitted,
        "rate": f"{rate}\u00a0%" if rate is not None else "",
    }


def _overview_table(block: GroupBlock, chain: list[Node], threshold: int) -> dict[str, Any]:
    """The node's indices (when any is shown) beside the comparisons' 500-scale scores and
    the difference in words; when every index of the node is hidden, one line says so."""
    words = _band_words()
    own_shown = any(row.figure.shown for row in block.rows)
    rows = []
    for row in block.rows:
        others = []
        for comparison in row.comparisons:
            figure = comparison.figure
            if figure.hidden:
                others.append({"text": HIDDEN_MARK, "band": ""})
            elif figure.shown:
                # Only a difference worth naming gets words ("about the same" gets none:
                # on every line it would double the table's height and say nothing).
                band = words.get(comparison.band, "")
                others.append({"text": _number(figure.score500, 0), "band": band})
            else:
                others.append({"text": "", "band": ""})
        rows.append({"label": row.label, "own": _pdf_row(row.figure), "others": others})
    note = ""
    if not own_shown:
        note = hidden_for([chain[0].name], threshold)
        nearest = next((row.shown_at for row in block.rows if row.shown_at), None)
        if nearest is not None:
            note += " " + _(
                "They count in the figure of %(node)s, the nearest level that shows them."
            ) % {"node": nearest.name}
    return {
        "caption": _(
            "%(group)s: indices at %(node)s and for comparison (in words where %(node)s "
            "differs by 0.2 SD or more)"
        )
        % {"group": block.label, "node": chain[0].name},
        "node": chain[0].name,
        "own_shown": own_shown,
        "comparisons": [node.name for node in chain[1:]],
        "rows": rows,
        "note": note,
    }


def _below_table(table, block: GroupBlock, at: Node, threshold: int) -> dict[str, Any] | None:
    """The nodes under the node with at least one figure shown, a row each (500 scale and
    n); those whose figures are all hidden named in one line."""
    if table is None:
        return None
    rows, hidden = [], []
    level = table.rows[0][0].kind if table.rows else ""
    for node, found in table.rows:
        if not any(figure.shown for figure in found):
            if any(figure.hidden for figure in found):
                hidden.append(node.name)
            continue
        cells = []
        for figure in found:
            if figure.hidden:
                cells.append(HIDDEN_MARK)
            elif figure.shown:
                cells.append(f"{_number(figure.score500, 0)} ({figure.n})")
            else:
                cells.append("")
        rows.append({"name": node.name, "cells": cells})
    return {
        "caption": _("%(group)s: %(level)s in %(node)s, 500 scale (n)")
        % {"group": block.label, "level": _plural(level).lower(), "node": at.name},
        "level": _plural(level),
        "columns": [label for _code, label in table.scales],
        "rows": rows,
        "hidden": hidden_for(hidden, threshold) if hidden else "",
    }


def _summary(
    blocks: list[GroupBlock], trends: Trends | None, round: Round, subject: Node
) -> dict[str, Any]:
    """What stands out, in words: differences from a comparison and changes since the round
    before of 0.2 SD or more, between figures that are shown."""
    words = _band_words()
    differences = []
    for block in blocks:
        for row in block.rows:
            notable = [c for c in row.comparisons if c.d is not None and abs(c.d) >= NOTABLE_D]
            # One line per index: the comparisons with the same words named together.
            parts = []
            for band in dict.fromkeys(c.band for c in notable):
                alike = [c for c in notable if c.band == band]
                parts.append(
                    _("%(band)s than %(nodes)s (%(d)s SD)")
                    % {
                        "band": words[band],
                        "nodes": _joined([c.node.name for c in alike]),
                        "d": ", ".join(_signed(c.d) for c in alike),
                    }
                )
            if parts:
                differences.append(_sentence(block, row, "; ".join(parts)))
    changes = []
    previous_round = None
    if trends is not None:
        for block in blocks:
            for line in trends.lines:
                if line.respondent_group != block.respondent_group:
                    continue
                change = _change(line, round)
                if change is not None:
                    changes.append({"group": block.label, "index": line.label, "text": change})
        earlier = [each for each in trends.rounds if each.opens_at < round.opens_at]
        previous_round = earlier[-1] if earlier else None
    return {
        "differences": differences,
        "changes": changes,
        "has_trend": trends is not None,
        "previous": previous_round.name if previous_round else "",
        "subject": subject.name,
    }


def _joined(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) < 2:
        return "".join(names)
    return _("%(some)s and %(last)s") % {"some": ", ".join(names[:-1]), "last": names[-1]}


def _sentence(block: GroupBlock, row: ScaleRow, text: str) -> dict[str, str]:
    return {"group": block.label, "index": row.label, "text": text}


def _change(line, round: Round) -> str | None:
    """The index's change from the round before (the latest earlier round with a cell) to
    this round, in words, when both are shown and differ by 0.2 SD or more."""
    now = line.point(round.pk)
    if now is None:
        return None
    before = [p for p in line.points if p.round.opens_at < round.opens_at]
    if not before:
        return None
    then = before[-1]
    d = _d(now.figure, then.figure)
    if d is None or abs(d) < NOTABLE_D:
        return None
    values = {
        "then": _number(then.figure.score500, 0),
        "round": then.round.name,
        "now": _number(now.figure.score500, 0),
        "d": _signed(d),
    }
    if d > 0:
        text = _("up from %(then)s in %(round)s to %(now)s (%(d)s SD)")
    else:
        text = _("down from %(then)s in %(round)s to %(now)s (%(d)s SD)")
    text = text % values
    if now.changed:
        text += " – " + _("items of the index changed: compare with care")
    return text


def _pdf_trend(trends: Trends | None, group: str) -> dict[str, Any] | None:
    """The respondent group's trend table: a row per index, a column per round with a
    result (the 500-scale score; "–" hidden; empty without a cell), or None for fewer than
    two rounds."""
    lines = [line for line in trends.lines if line.respondent_group == group] if trends else []
    rounds = trends.rounds_of(lines) if trends else []
    if len(rounds) < 2:
        return None
    rows = []
    for line in lines:
        cells = []
        for each in rounds:
            point = line.point(each.pk)
            if point is None:
                cells.append({"text": "", "changed": False})
            elif point.figure.hidden:
                cells.append({"text": HIDDEN_MARK, "changed": point.changed})
            else:
                cells.append({"text": _number(point.figure.score500, 0), "changed": point.changed})
        rows.append({"label": line.label, "cells": cells})
    return {
        "caption": _("Trend for %(node)s (500 scale)") % {"node": trends.name},
        "rounds": [each.name for each in rounds],
        "rows": rows,
        "changed": any(cell["changed"] for row in rows for cell in row["cells"]),
    }


def write_results_pdf(round: Round, nodes, language: str, out: BinaryIO, progress=None) -> None:
    """:func:`results_pdf` written to ``out``; ``progress(percent, step)`` once the
    figures are read, before WeasyPrint lays the pages out."""
    with translation.override(language):
        context = pdf_context(round, nodes, language)
        if progress is not None:
            progress(40, "layout")
        out.write(render_pdf(PDF_TEMPLATE, context))


def results_pdf(round: Round, nodes=None, language: str = "nb") -> bytes:
    """A tagged PDF report of the selection's top node (see the module's docstring): a
    cover, a summary page, then per respondent group its chart and tables. Raises
    :class:`samla.core.pdf.PdfUnavailable` without WeasyPrint."""
    with translation.override(language):
        return render_pdf(PDF_TEMPLATE, pdf_context(round, nodes, language))
