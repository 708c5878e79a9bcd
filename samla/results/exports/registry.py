"""The one list of the files a round's results and responses can be downloaded as.

Each format names its identifier (in addresses and on the command line), its file
extension, its content type, the label of its download link and the function that writes
it. The results page's links, the download view and the ``export_results`` and
``export_responses`` commands all read these lists, so a format is added in one place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .data import results_json_bytes, write_results_json
from .report import results_pdf, write_results_pdf
from .responses import frame_csv, frame_parquet
from .slides import results_pptx, write_results_pptx
from .workbook import results_xlsx, write_results_xlsx


@dataclass(frozen=True)
class ExportFormat:
    identifier: str
    extension: str
    content_type: str
    label: str | Promise
    render: Callable[..., bytes]
    # Results formats: write(round, nodes, language, out, progress) writes the file to a
    # binary file object (the task worker's way, without the whole file in memory).
    write: Callable[..., None] | None = None

    def write_to(self, round, nodes, language: str, out: BinaryIO, progress=None) -> None:
        if self.write is None:
            out.write(self.render(round, nodes, language))
        else:
            self.write(round, nodes, language, out, progress)


# The results of a node and everything under it: render(round, nodes, language). In the
# order the page offers them.
RESULT_FORMATS: dict[str, ExportFormat] = {
    f.identifier: f
    for f in (
        ExportFormat(
            "pdf",
            "pdf",
            "application/pdf",
            _("report (PDF)"),
            lambda round, nodes, language: results_pdf(round, nodes, language=language),
            write_results_pdf,
        ),
        ExportFormat(
            "xlsx",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _("figures (Excel)"),
            lambda round, nodes, language: results_xlsx(round, nodes, language=language),
            write_results_xlsx,
        ),
        ExportFormat(
            "pptx",
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            _("slides (PowerPoint)"),
            lambda round, nodes, language: results_pptx(round, nodes, language=language),
            write_results_pptx,
        ),
        ExportFormat(
            "json",
            "json",
            "application/json",
            _("data (JSON)"),
            lambda round, nodes, language: results_json_bytes(round, nodes),
            lambda round, nodes, language, out, progress: write_results_json(
                round, nodes, out, progress
            ),
        ),
    )
}

# One pseudonymous row per response, for researchers: render(responses_frame(…)).
RESPONSE_FORMATS: dict[str, ExportFormat] = {
    f.identifier: f
    for f in (
        ExportFormat("csv", "csv", "text/csv; charset=utf-8", "CSV", frame_csv),
        ExportFormat(
            "parquet", "parquet", "application/vnd.apache.parquet", "Parquet", frame_parquet
        ),
    )
}
