"""The preview every import shows before it is applied, as plain data.

``{"valid", "counts", "rows", "removals"}``: ``rows`` hold one line per row of the file
that is new, changed, closed, unchanged, skipped (with the reason) or wrong (with what to
do), errors first; ``removals`` the roles that would be taken from people no longer in
the file. The register import (``units``) writes the same shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STATUSES = ("error", "removed", "new", "changed", "closed", "skipped", "unchanged")
COUNTED = ("new", "changed", "closed", "unchanged", "skipped")


@dataclass
class Preview:
    valid: bool = True
    rows: list[dict] = field(default_factory=list)
    removals: list[dict] = field(default_factory=list)

    def add(
        self,
        status: str,
        *,
        sheet: str = "",
        row: int | None = None,
        column: str = "",
        label: str = "",
        message: str = "",
    ) -> None:
        self.rows.append(
            {
                "status": status,
                "sheet": sheet,
                "row": row,
                "column": column,
                "label": label,
                "message": message,
            }
        )

    def error(self, **where) -> None:
        self.add("error", **where)

    @property
    def errors(self) -> int:
        return sum(1 for row in self.rows if row["status"] == "error")

    def as_dict(self) -> dict:
        order = {status: index for index, status in enumerate(STATUSES)}
        rows = sorted(
            self.rows,
            key=lambda r: (order[r["status"]], r["sheet"], r["row"] or 0, r["label"]),
        )
        counts = {status: 0 for status in COUNTED}
        for row in rows:
            if row["status"] in counts:
                counts[row["status"]] += 1
        counts["errors"] = self.errors
        return {"valid": self.valid, "counts": counts, "rows": rows, "removals": self.removals}


def file_refused(message: str, *, sheet: str = "") -> dict:
    """The preview of a file that could not be read at all: one error, nothing else."""
    preview = Preview(valid=False)
    preview.error(sheet=sheet, message=message)
    return preview.as_dict()


def error_count(preview: dict) -> int:
    return int((preview or {}).get("counts", {}).get("errors", 0))
