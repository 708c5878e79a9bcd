"""Limits for uploaded Office files (Word .docx, Excel .xlsx), checked before any parser
opens them.

A .docx or .xlsx is a zip of XML parts, and XML compresses very well: 3.65 MB of xlsx can
unpack to 428 MB and 400 000 rows, which openpyxl and pyxform then hold in memory for
minutes. So before a file is parsed, :func:`check_office_file` reads the zip's directory
(how many parts, how large each says it is unpacked: zipfile never unpacks more than that,
so a part cannot claim to be small and be large) and then counts the rows and cells of the
parts that hold them while unpacking in small pieces, stopping at the first limit passed.
Nothing is parsed and at most a piece of the file is in memory at any time.

Pure Python (no Django): the Word and XLSForm readers use it. A refusal is
:class:`UploadTooLarge` with an English msgid that names the limit; the readers turn it
into their own messages, translated by the Django layer.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass


def gettext_noop(message: str) -> str:
    """Marks a msgid for makemessages; translated where the message is shown."""
    return message


UNPACKED_TOO_LARGE = gettext_noop(
    "The file unpacks to more than %(limit)s MB, more than Samla reads. Remove what the "
    "file does not need (pictures, other sheets or tables) and upload it again."
)
TOO_MANY_PARTS = gettext_noop(
    "The file holds more than %(limit)s parts, more than Samla reads. Save it again from "
    "Word or Excel and upload the new file."
)
TOO_MANY_ROWS = gettext_noop(
    "The file has more than %(limit)s rows, more than Samla reads. Remove the rows it does "
    "not need and upload it again."
)
TOO_MANY_CELLS = gettext_noop(
    "The file has more than %(limit)s cells, more than Samla reads. Remove the rows and "
    "columns it does not need and upload it again."
)

MB = 1024 * 1024


class UploadTooLarge(ValueError):
    """The file passes a limit. ``msgid`` (English) and ``params`` say which, with the limit."""

    def __init__(self, msgid: str, limit: int, shown: str) -> None:
        super().__init__(msgid % {"limit": shown})
        self.msgid = msgid
        self.limit = limit
        self.params = {"limit": shown}


@dataclass(frozen=True)
class OfficeLimits:
    """What one uploaded file may hold. ``counted`` says which parts hold the rows and
    cells (a regular expression on the part's name), ``row`` and ``cell`` how their
    elements start (any namespace prefix)."""

    unpacked_bytes: int
    parts: int
    rows: int
    cells: int
    counted: re.Pattern[str]
    row: bytes
    cell: bytes


# A plan is a table of some hundred rows; pictures may come with it.
WORD_PLAN = OfficeLimits(
    unpacked_bytes=25 * MB,
    parts=500,
    rows=5_000,
    cells=50_000,
    counted=re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml"),
    row=b"tr",
    cell=b"tc",
)
# Samla's questionnaires have 30–70 survey rows and about 300 cells on all sheets.
XLSFORM = OfficeLimits(
    unpacked_bytes=10 * MB,
    parts=200,
    rows=5_000,
    cells=100_000,
    counted=re.compile(r"xl/worksheets/[^/]+\.xml"),
    row=b"row",
    cell=b"c",
)

_PIECE = 256 * 1024


def check_office_file(data: bytes, limits: OfficeLimits) -> None:
    """Raise :class:`UploadTooLarge` when ``data`` passes one of ``limits``. Bytes that are
    not a zip pass: the reader then says that the file is not a Word or Excel file."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return
    with archive:
        members = archive.infolist()
        if len(members) > limits.parts:
            raise UploadTooLarge(TOO_MANY_PARTS, limits.parts, _number(limits.parts))
        if sum(member.file_size for member in members) > limits.unpacked_bytes:
            raise UploadTooLarge(
                UNPACKED_TOO_LARGE, limits.unpacked_bytes, _number(limits.unpacked_bytes // MB)
            )
        rows = cells = 0
        row, cell = _start_tag(limits.row), _start_tag(limits.cell)
        for member in members:
            if not limits.counted.fullmatch(member.filename):
                continue
            for piece in _pieces(archive, member):
                rows += len(row.findall(piece))
                cells += len(cell.findall(piece))
                if rows > limits.rows:
                    raise UploadTooLarge(TOO_MANY_ROWS, limits.rows, _number(limits.rows))
                if cells > limits.cells:
                    raise UploadTooLarge(TOO_MANY_CELLS, limits.cells, _number(limits.cells))


def _start_tag(name: bytes) -> re.Pattern[bytes]:
    # <row …>, <x:row>, <w:tr/> — not <rowBreaks> or <w:trPr>.
    return re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?" + re.escape(name) + rb"[\s/>]")


def _pieces(archive: zipfile.ZipFile, member: zipfile.ZipInfo):
    """The part unpacked in pieces that overlap by a few bytes, so that no tag is cut in
    two unseen; a tag in the overlap is counted in the piece where it starts only."""
    tail = b""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_PIECE):
                piece = tail + chunk
                # Keep the last bytes back unless they cannot hold the start of a tag.
                cut = piece.rfind(b"<", max(len(piece) - 64, 0))
                if cut == -1:
                    yield piece
                    tail = b""
                else:
                    yield piece[:cut]
                    tail = piece[cut:]
            if tail:
                yield tail
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError):
        # A damaged or encrypted part: the reader reports the file as unreadable.
        return


def _number(value: int) -> str:
    """5000 → "5 000" (a no-break space between thousands, as Norwegian writes numbers)."""
    return f"{value:,}".replace(",", "\u00a0")
