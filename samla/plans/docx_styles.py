"""What kind of block a Word paragraph is (a bullet, a heading or a paragraph), read from
its own formatting and from its styles.

python-docx finds a style by scanning the document's styles, the default style by a slower
scan of all of them: about half a millisecond a lookup, and a paragraph needs up to three,
so that a plan of 2 000 rows took 10 s to read (issue 18). :class:`ParagraphKinds` looks
each style up once per document and remembers what the reader asks of it, keyed by the
style ids the paragraph and its runs name; the answers are python-docx's own.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.styles.style import BaseStyle
from docx.text.font import Font
from lxml.etree import _Element

from samla.plans.imported_plan import BlockKind

_FALSE = {"0", "false", "off", "none"}
_HEADING_STYLES = ("Heading", "Title")
_LIST_STYLES = ("List Bullet", "List Number")


class ParagraphKinds:
    """The kind of each paragraph of one document; build one per document read."""

    def __init__(self, document: Document) -> None:
        self._part = document.part
        self._styles: dict[tuple[str | None, WD_STYLE_TYPE], BaseStyle | None] = {}
        self._numbered: dict[str | None, bool] = {}
        self._heading: dict[str | None, bool] = {}
        self._bold: dict[tuple[str | None, str | None], bool] = {}

    def kind(self, p: _Element, runs: list[_Element]) -> BlockKind:
        """``p`` a ``w:p``, ``runs`` its own runs (as the reader found them)."""
        style_id = p.style
        if self._numbered_paragraph(p, style_id):
            return BlockKind.BULLET
        if self._heading_style(style_id) or self._all_bold(runs, style_id):
            return BlockKind.HEADING
        return BlockKind.PARAGRAPH

    def _style(self, style_id: str | None, style_type: WD_STYLE_TYPE) -> BaseStyle | None:
        key = (style_id, style_type)
        if key not in self._styles:
            self._styles[key] = self._part.get_style(style_id, style_type)
        return self._styles[key]

    def _heading_style(self, style_id: str | None) -> bool:
        if style_id not in self._heading:
            style = self._style(style_id, WD_STYLE_TYPE.PARAGRAPH)
            name = (style.name or "") if style is not None else ""
            self._heading[style_id] = name.startswith(_HEADING_STYLES)
        return self._heading[style_id]

    def _numbered_paragraph(self, p: _Element, style_id: str | None) -> bool:
        num_ids: list[str] = p.xpath("./w:pPr/w:numPr/w:numId/@w:val")
        if num_ids:
            return num_ids[0] != "0"  # numId 0 switches off the numbering a style would give
        if style_id not in self._numbered:
            self._numbered[style_id] = _numbered_style(
                self._style(style_id, WD_STYLE_TYPE.PARAGRAPH)
            )
        return self._numbered[style_id]

    def _all_bold(self, runs: list[_Element], style_id: str | None) -> bool:
        with_text = [r for r in runs if "".join(r.xpath("./w:t/text()")).strip()]
        return bool(with_text) and all(self._bold_run(r, style_id) for r in with_text)

    def _bold_run(self, r: _Element, paragraph_style_id: str | None) -> bool:
        bold = Font(r).bold
        if bold is not None:
            return bold
        # The run inherits from its character style, then from the paragraph style and their bases.
        key = (r.style, paragraph_style_id)
        if key not in self._bold:
            styles = (
                self._style(key[0], WD_STYLE_TYPE.CHARACTER),
                self._style(paragraph_style_id, WD_STYLE_TYPE.PARAGRAPH),
            )
            self._bold[key] = _bold_style(styles)
        return self._bold[key]


def _numbered_style(style: BaseStyle | None) -> bool:
    while style is not None:
        num_ids = style.element.xpath("./w:pPr/w:numPr/w:numId/@w:val")
        if num_ids:
            return num_ids[0] != "0"
        if (style.name or "").startswith(_LIST_STYLES):
            return True
        style = style.base_style
    return False


def _bold_style(styles: tuple[BaseStyle | None, ...]) -> bool:
    for style in styles:
        while style is not None:
            bold: list[_Element] = style.element.xpath("./w:rPr/w:b")
            if bold:
                return str(bold[0].get(qn("w:val"), "true")).lower() not in _FALSE
            style = style.base_style
    return False
