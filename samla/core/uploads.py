"""Limits for uploaded Office files (Word .docx, Excel .xlsx), checked before any parser
opens them.

A .docx or .xlsx is a zip of XML parts, and XML compresses very well: 3.65 MB of xlsx can
unpack to 428 MB and 400 000 rows, which openpyxl and pyxform then hold in memory for
minutes. So before a file is parsed, :func:`check_office_file` reads the zip's directory
(how many parts, how large each says it is unpacked: zipfile never unpacks more than that,
so a part cannot claim to be small and be large) and then counts the rows and cells of
every part while unpacking in small pieces, stopping at the first limit passed. Every part,
not the ones at the usual names: Excel, openpyxl and python-docx find a sheet or the main
document through the package's relationships, so any name can hold rows (issue 18). The
unpacked total is already limited, so counting everywhere costs at most a scan of that
much; a part in UTF-16 or another encoding that does not write ``<`` as ASCII is decoded
first, so that its tags are seen. Nothing is parsed and at most a piece of the file is in
memory at any time.

Pure Python (no Django): the Word and XLSForm readers use it. A refusal is
:class:`UploadTooLarge` with an English msgid that names the limit; the readers turn it
into their own messages, translated by the Django layer.
"""

from __future__ import annotations

import codecs
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
    """What one uploaded file may hold. ``row`` and ``cell`` say how the elements counted
    start (any namespace prefix); they are counted in every part of the file. ``counted``
    is no longer used (the part names it matched could be bypassed) and is kept only so
    that existing limits still construct."""

    unpacked_bytes: int
    parts: int
    rows: int
    cells: int
    row: bytes
    cell: bytes
    counted: re.Pattern[str] | None = None


# A plan is a table of some hundred rows; pictures may come with it.
WORD_PLAN = OfficeLimits(
    unpacked_bytes=25 * MB,
    parts=500,
    rows=5_000,
    cells=50_000,
    row=b"tr",
    cell=b"tc",
)
# Samla's questionnaires have 30–70 survey rows and about 300 cells on all sheets.
XLSFORM = OfficeLimits(
    unpacked_bytes=10 * MB,
    parts=200,
    rows=5_000,
    cells=100_000,
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
            for piece in _pieces(archive, member):
                rows += len(row.findall(piece))
                cells += len(cell.findall(piece))
                if rows > limits.rows:
                    raise UploadTooLarge(TOO_MANY_ROWS, limits.rows, _number(limits.rows))
                if cells > limits.cells:
                    raise UploadTooLarge(TOO_MANY_CELLS, limits.cells, _number(limits.cells))


def _start_tag(name: bytes) -> re.Pattern[bytes]:
    # <row …>, <x:row>, <é:row>, <w:tr/> — not <rowBreaks> or <w:trPr>. The prefix is any
    # run of bytes a name may hold (UTF-8 letters too), not only ASCII ones.
    return re.compile(rb"<(?:[^\s<>/:!?=\"']+:)?" + re.escape(name) + rb"[\s/>]")


# What ends a tag's name; while none follows the last "<" of a piece, its name is open.
_NAME_END = re.compile(rb"[\s/>]")
_KEPT_OF_A_LONG_NAME = 64


def _pieces(archive: zipfile.ZipFile, member: zipfile.ZipInfo):
    """The part unpacked in pieces, as UTF-8. A tag whose name is cut at the end of a piece
    is carried over to the next one, so it is seen whole and counted once; of a very long
    name only "<" and its last bytes are carried, which match just when the whole did."""
    tail = b""
    try:
        with archive.open(member) as stream:
            decode = None
            while chunk := stream.read(_PIECE):
                if decode is None:
                    decode = _decoder(chunk)
                if decode is not False:
                    chunk = decode(chunk).encode("utf-8", "surrogatepass")
                piece = tail + chunk
                cut = piece.rfind(b"<")
                if cut == -1 or _NAME_END.search(piece, cut + 1):
                    yield piece
                    tail = b""
                else:
                    yield piece[:cut]
                    tail = piece[cut:]
                    if len(tail) > 2 * _KEPT_OF_A_LONG_NAME:
                        tail = b"<" + tail[-_KEPT_OF_A_LONG_NAME:]
            if tail:
                yield tail
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError):
        # A damaged or encrypted part: the reader reports the file as unreadable.
        return
    except UnicodeError:
        # Declared UTF-16 or UTF-32 but not written so (no mark): no XML parser reads it.
        return


# How an XML parser tells the encoding from a part's first bytes (XML 1.0, appendix F);
# without one of these it reads the declaration, which lxml lets name e.g. UTF-7.
_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (b"<\0\0\0", "utf-32-le"),
    (b"\0\0\0<", "utf-32-be"),
    (b"<\0?\0", "utf-16-le"),
    (b"\0<\0?", "utf-16-be"),
)
_DECLARED = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")


def _decoder(head: bytes):
    """A function that turns the part's pieces into text, or False when its bytes are UTF-8
    and counted as they are. Any other encoding is decoded, even one that writes ASCII as
    ASCII: UTF-7, for one, may also write "<" as "+ADw-"."""
    encoding = next((name for mark, name in _MARKS if head.startswith(mark)), None)
    if encoding is None:
        declared = _DECLARED.match(head[:200])
        encoding = declared.group(1).decode() if declared else "utf-8"
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        return False  # not an encoding Python knows: counted as it is
    # The codecs that are no text encoding (base64, rot13) say so in this attribute only.
    if info.name in ("utf-8", "ascii") or not getattr(info, "_is_text_encoding", True):
        return False
    return info.incrementaldecoder("replace").decode


def _number(value: int) -> str:
    """5000 → "5 000" (a no-break space between thousands, as Norwegian writes numbers)."""
    return f"{value:,}".replace(",", "\u00a0")
