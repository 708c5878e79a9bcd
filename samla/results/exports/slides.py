"""A node's results as a slide deck (PowerPoint, python-pptx) for a leader meeting or a
learning caravan: a title slide, then one slide per respondent group and index with its
chart, the node beside its owner, region and programme in a small table, and, where the
node's figure is hidden, why and where to look instead.

The deck covers the selection's top node only (as the report's trend does). It reads the
figures the node's page shows (:func:`figures.overview`), so a hidden figure has no number
to leak: it is the word for hidden in the table and the chart. The chart is the page's
index chart (:func:`charts.index_chart`) drawn for one index, as a picture whose alt text
says what it shows; the slide titles sit in title placeholders, which screen readers read
as the slides' names."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from typing import BinaryIO

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.util import Emu, Inches, Pt

from samla.core.text import clean_text
from samla.surveys.models import Round

from .. import charts, figures, queries
from ..charts.slide import index_slide_chart, index_title, score_text
from ..figures import Comparison, Figure, GroupBlock, ScaleRow
from ..queries import Node
from .common import _built_at, not_for_ranking
from .tree import UnknownNode, _node_set, _report_nodes, tree_for

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 16:9, as PowerPoint makes it
MARGIN = Inches(0.5)
TITLE_TOP, TITLE_HEIGHT = Inches(0.3), Inches(1.0)
BODY_TOP = Inches(1.45)
CHART_WIDTH = Inches(6.6)
TABLE_LEFT = MARGIN + CHART_WIDTH + Inches(0.3)
INK, MUTED = RGBColor(0x1B, 0x1F, 0x24), RGBColor(0x4D, 0x55, 0x60)
TITLE_LAYOUT, TITLE_ONLY_LAYOUT = 0, 5  # python-pptx's default template
LANGUAGE_IDS = {
    "nb": MSO_LANGUAGE_ID.NORWEGIAN_BOKMOL,
    "nn": MSO_LANGUAGE_ID.NORWEGIAN_NYNORSK,
    "en": MSO_LANGUAGE_ID.ENGLISH_UK,
}


def results_pptx(
    round: Round,
    nodes: Mapping[str, Iterable[int]] | Iterable[tuple[str, int]] | None = None,
    language: str | None = None,
) -> bytes:
    """A 16:9 deck for the selection's top node (the programme without a selection): a
    title slide, then per respondent group and index a slide with the index chart and the
    node's 500-scale score and n beside its owner's, region's and programme's. Hidden
    figures are the word for hidden, explained on the slide. Raises :class:`UnknownNode`
    for a selection with no node of the round."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        return _deck(round, nodes, language)


def write_results_pptx(round: Round, nodes, language: str, out: BinaryIO, progress=None) -> None:
    """:func:`results_pptx` written to ``out``; ``progress(percent, step)`` once the
    figures are read, before the charts are drawn."""
    with translation.override(language):
        top = _top(round, nodes)
        chain = queries.lineage(round, top)
        blocks = figures.overview(round, chain, language)
        if progress is not None:
            progress(30, "charts")
        out.write(deck_of(round, chain, blocks, language))


def _top(round: Round, nodes) -> Node:
    tree = tree_for(round, nodes)
    report, _comparisons = _report_nodes(tree, None if nodes is None else _node_set(nodes))
    if not report:
        raise UnknownNode("The selection holds no node of the round.")
    level, pk = report[0]
    # The page's name for the node ("Engtun skole – 6A" for a class).
    return queries.node(round, level, pk) or Node(level, pk, tree.name(level, pk))


def _deck(round: Round, nodes, language: str) -> bytes:
    top = _top(round, nodes)
    chain = queries.lineage(round, top)
    return deck_of(round, chain, figures.overview(round, chain, language), language)


def deck_of(round: Round, chain: Sequence[Node], blocks: Sequence[GroupBlock], language) -> bytes:
    """The deck of the node ``chain[0]`` from its page's figures (:func:`figures.overview`
    with ``chain``), in the active language."""
    top = chain[0]
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    words = _Words(language, round.programme.anonymity_threshold)
    _title_slide(deck, round, top, words)
    for block in blocks:
        for row in block.rows:
            _index_slide(deck, block, row, chain, words)
    deck.core_properties.title = clean_text(_slide_deck_title(round, top))
    deck.core_properties.language = language
    output = io.BytesIO()
    deck.save(output)
    return output.getvalue()


def _slide_deck_title(round: Round, top: Node) -> str:
    return _("Results of %(round)s: %(node)s") % {"round": str(round), "node": top.name}


class _Words:
    """The texts every slide writes, in the deck's language."""

    def __init__(self, language: str, threshold: int) -> None:
        self.language_id = LANGUAGE_IDS.get(language, MSO_LANGUAGE_ID.NORWEGIAN_BOKMOL)
        self.threshold = threshold


# --- Text ---------------------------------------------------------------------------------


def _write(frame, lines: Sequence[str], words: _Words, size: int, *, bold=False, colour=INK):
    """The lines as paragraphs of ``frame``, in the deck's language."""
    frame.clear()
    frame.word_wrap = True
    for number, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = clean_text(line)  # XML takes no control characters (a typed name's)
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = colour
        run.font.language_id = words.language_id


def _place(shape, left, top, width, height) -> None:
    shape.left, shape.top, shape.width, shape.height = left, top, width, height


def _title(slide, text: str, words: _Words, size: int = 28) -> None:
    """The slide's title in its title placeholder (the slide's name for screen readers),
    placed for 16:9 (the default template's layouts are 4:3)."""
    title = slide.shapes.title
    _place(title, MARGIN, TITLE_TOP, WIDTH - 2 * MARGIN, TITLE_HEIGHT)
    _write(title.text_frame, [text], words, size, bold=True)


def _textbox(slide, lines, words, left, top, width, height, size=14, colour=INK):
    box = slide.shapes.add_textbox(left, top, width, height)
    _write(box.text_frame, lines, words, size, colour=colour)
    return box


# --- The title slide ----------------------------------------------------------------------


def _title_slide(deck, round: Round, top: Node, words: _Words) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_LAYOUT])
    title = slide.shapes.title
    _place(title, MARGIN, Inches(1.6), WIDTH - 2 * MARGIN, Inches(1.5))
    _write(title.text_frame, [top.name], words, 40, bold=True)
    built = _built_at(round)
    lines = [_("Results of %(round)s") % {"round": round.name}, round.programme.name]
    if built:
        lines.append(_("Results built %(date)s") % {"date": _date(built)})
    else:  # a build from the command line records no time
        lines.append(_("Made %(date)s") % {"date": _date(timezone.now())})
    subtitle = slide.placeholders[1]
    _place(subtitle, MARGIN, Inches(3.3), WIDTH - 2 * MARGIN, Inches(1.6))
    _write(subtitle.text_frame, lines, words, 20, colour=MUTED)
    _textbox(
        slide,
        [not_for_ranking(), _hidden_rule(words)],
        words,
        MARGIN,
        Inches(5.3),
        WIDTH - 2 * MARGIN,
        Inches(1.6),
        size=14,
    )


def _date(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")


def _hidden_rule(words: _Words) -> str:
    return _(
        "Figures are shown only for groups of at least %(threshold)s respondents, and never "
        "where they would reveal a hidden figure."
    ) % {"threshold": words.threshold}


# --- One slide per index ------------------------------------------------------------------


def _n_text(figure: Figure) -> str:
    return str(int(figure.n)) if figure.shown else ""


def _band_text(comparison: Comparison) -> str:
    """How the node compares with a level above it, in words (never a rank)."""
    return {
        "same": _("about the same"),
        "higher": _("somewhat higher"),
        "lower": _("somewhat lower"),
        "much_higher": _("clearly higher"),
        "much_lower": _("clearly lower"),
    }.get(comparison.band, "")


def _index_slide(deck, block: GroupBlock, row: ScaleRow, chain: Sequence[Node], words) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
    _title(slide, index_title(block, row), words)
    chart = index_slide_chart(block, row, chain)
    picture = slide.shapes.add_picture(
        io.BytesIO(charts.png(chart)), MARGIN, BODY_TOP, width=CHART_WIDTH
    )
    room = HEIGHT - BODY_TOP - Inches(2.0)
    if picture.height > room:  # a tall chart: keep its shape, fit it to the slide
        picture.width = Emu(int(picture.width * room / picture.height))
        picture.height = room
    properties = picture._element.nvPicPr.cNvPr
    properties.set("descr", clean_text(chart.description))
    properties.set("name", chart.title)
    _comparison_table(slide, row, chain, words)
    notes = _hidden_notes(row, chain, words)
    explained = _(
        "The 500 scale: the reference round's respondents have mean 500 and standard "
        "deviation 100. A difference under 0.2 standard deviations is about the same."
    )
    bottom = HEIGHT - Inches(1.7)
    if notes:
        _textbox(slide, notes, words, MARGIN, bottom, WIDTH - 2 * MARGIN, Inches(0.9), size=16)
    _textbox(
        slide,
        [explained],
        words,
        MARGIN,
        HEIGHT - Inches(0.75),
        WIDTH - 2 * MARGIN,
        Inches(0.5),
        size=12,
        colour=MUTED,
    )


def _comparison_table(slide, row: ScaleRow, chain: Sequence[Node], words: _Words) -> None:
    figures_by_node = [(chain[0], row.figure, None)] + [
        (node, comparison.figure, comparison)
        for node, comparison in zip(chain[1:], row.comparisons, strict=False)
    ]
    header = ["", _("500 scale"), "n", _("Difference")]
    width = WIDTH - TABLE_LEFT - MARGIN
    shape = slide.shapes.add_table(
        len(figures_by_node) + 1,
        len(header),
        TABLE_LEFT,
        BODY_TOP,
        width,
        Inches(0.4) * (len(figures_by_node) + 1),
    )
    table = shape.table
    for column, share in enumerate((0.4, 0.2, 0.12, 0.28)):
        table.columns[column].width = Emu(int(width * share))
    for column, text in enumerate(header):
        _write(table.cell(0, column).text_frame, [text], words, 14, bold=True)
    for number, (node, figure, comparison) in enumerate(figures_by_node, 1):
        values = [
            node.name,
            score_text(figure),
            _n_text(figure),
            _band_text(comparison) if comparison else "",
        ]
        for column, text in enumerate(values):
            _write(table.cell(number, column).text_frame, [text], words, 14, bold=number == 1)


def _hidden_notes(row: ScaleRow, chain: Sequence[Node], words: _Words) -> list[str]:
    """Why a figure is hidden and where to look instead. Never which of the two reasons
    holds: that would tell whether fewer than the threshold answered."""
    notes = []
    if row.figure.hidden:
        notes.append(
            _(
                "The figure for %(node)s is hidden to protect anonymity: fewer than "
                "%(threshold)s answered, or showing it would reveal a hidden figure."
            )
            % {"node": chain[0].name, "threshold": words.threshold}
        )
        above = row.shown_at  # as the page: a level that shows the figure, not its n only
        if above is not None:
            notes.append(
                _("Look at %(node)s instead, the nearest level above that shows it.")
                % {"node": above.name}
            )
    elif any(c.figure.hidden for c in row.comparisons):
        notes.append(
            _(
                "Hidden: fewer than %(threshold)s answered, or showing the figure would "
                "reveal a hidden one."
            )
            % {"threshold": words.threshold}
        )
    return notes
