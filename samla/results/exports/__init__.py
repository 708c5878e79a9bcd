"""A round's results as JSON, an Excel workbook and a tagged PDF; its responses,
pseudonymised, as CSV and Parquet for researchers.

The results exports read the stored cells only (:func:`queries.read_cells`): anonymity was
applied when they were built, and a hidden cell holds no figure, so no export can show
one. In JSON a hidden cell has ``"suppressed": true`` and no figure keys at all; in the
workbook and the PDF it shows as "–" with a note on why.

The modules, each importing only those above it:

- :mod:`.tree`: the round's nodes (:class:`Tree`, :func:`tree_for`), node filters
  (:func:`parse_node`, :class:`UnknownNode`) and the report's nodes.
- :mod:`.common`: reading the cells (:func:`cells_for`), their order, labels, the round's
  facts, the notes on hidden figures and ranking.
- :mod:`.trend`: the top node's indices across the programme's rounds.
- :mod:`.data` (JSON), :mod:`.workbook` (Excel), :mod:`.report` (PDF).
- :mod:`.responses`: the respondent-level files (pseudonyms, decoded answers, CSV, Parquet).
- :mod:`.log`: who exported what.

The public names and the helpers the modules share are re-exported here:
``exports.results_json`` and ``from samla.results.exports import results_json`` both work.
"""

from .common import (
    FIGURES,
    HIDDEN_MARK,
    Measures,
    cells_for,
    hidden_note,
    not_for_ranking,
    round_info,
)
from .common import _built_at as _built_at
from .common import _group_rank as _group_rank
from .common import _measures as _measures
from .common import _ordered as _ordered
from .data import cell_dict, results_json, results_json_bytes
from .log import access_log, log_export
from .report import PDF_TEMPLATE, pdf_context, results_pdf
from .report import _number as _number
from .report import _pdf_context as _pdf_context
from .report import _pdf_row as _pdf_row
from .report import _pdf_trend as _pdf_trend
from .responses import (
    decoded_columns,
    pseudonym,
    responses_csv,
    responses_frame,
    responses_parquet,
)
from .tree import LEVELS, NodeSet, Tree, UnknownNode, parse_node, tree_for, visible_below
from .tree import _node_set as _node_set
from .tree import _report_nodes as _report_nodes
from .trend import TrendLine, Trends, changed_note, trend_point_dict
from .trend import _top_node as _top_node
from .trend import _trends as _trends
from .workbook import _workbook as _workbook
from .workbook import results_xlsx

__all__ = [
    "FIGURES",
    "HIDDEN_MARK",
    "LEVELS",
    "PDF_TEMPLATE",
    "Measures",
    "NodeSet",
    "Tree",
    "TrendLine",
    "Trends",
    "UnknownNode",
    "access_log",
    "cell_dict",
    "cells_for",
    "changed_note",
    "decoded_columns",
    "hidden_note",
    "log_export",
    "not_for_ranking",
    "parse_node",
    "pdf_context",
    "pseudonym",
    "responses_csv",
    "responses_frame",
    "responses_parquet",
    "results_json",
    "results_json_bytes",
    "results_pdf",
    "results_xlsx",
    "round_info",
    "tree_for",
    "trend_point_dict",
    "visible_below",
]
