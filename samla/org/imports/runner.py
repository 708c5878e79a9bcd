"""An import's way through Samla: uploaded, checked by the task worker, applied.

``start_import`` keeps the file and queues the check; ``run_check`` and ``run_apply``
(the tasks in ``org.tasks``) choose the reader by the import's kind — Samla's workbook
(``staff``) or a register or list of units (``units``) — and run it in the uploader's
language, counting progress on the import for the page's progress bar. A crash marks the
import failed with a plain message (the traceback goes to the log) and changes nothing.
"""

from __future__ import annotations

import logging
import time

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .. import access
from ..models import ImportKind, ImportState, OrgImport, Owner, Person, Programme, Unit
from ..stewardship import is_steward, steward_units
from .preview import error_count
from .staff import ImportRefused, PreviewChanged, apply_workbook, check_workbook
from .units import apply_units, check_units

logger = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
REGISTER_KINDS = (ImportKind.NSR, ImportKind.NBR, ImportKind.UNIT_LIST)
RUNNING = (ImportState.CHECKING, ImportState.APPLYING)


class UploadRefused(ValueError):
    """The upload is not taken; the message says why, in the uploader's language."""


def start_import(
    *,
    programme: Programme,
    kind: str,
    file_name: str,
    content: bytes,
    actor: Person,
    owner: Owner | None = None,
    unit: Unit | None = None,
    language: str = "",
) -> OrgImport:
    """Keep an uploaded file and queue its check.

    Raises :class:`UploadRefused` for a file over 10 MB, an empty file, a kind the person
    may not import or a unit or owner they do not look after. Side effects: creates the
    OrgImport (state "checking"); enqueues ``check_import`` once the transaction commits."""
    if len(content) > MAX_BYTES:
        raise UploadRefused(
            _("The file is larger than 10 MB. Split it by owner or unit and upload each part.")
        )
    if not content:
        raise UploadRefused(_("The file is empty. Choose the filled-in file and upload it."))
    if kind not in ImportKind.values:
        raise UploadRefused(_("Choose what kind of file this is."))
    if kind in REGISTER_KINDS and not access.is_programme_admin(actor, programme):
        raise UploadRefused(_("Only a programme administrator imports units from registers."))
    if not is_steward(actor, programme):
        raise UploadRefused(_("You do not look after any units in this programme."))
    mine = steward_units(actor, programme)
    if unit is not None and not mine.filter(pk=unit.pk).exists():
        raise UploadRefused(_("You do not look after this unit."))
    if owner is not None and not (
        access.is_programme_admin(actor, programme)
        or owner.pk in access.grants_for(actor).ids("owner", "owner")
    ):
        raise UploadRefused(_("You do not look after this owner's units."))
    with transaction.atomic():
        org_import = OrgImport.objects.create(
            programme=programme,
            kind=kind,
            file_name=file_name[:255],
            content=content,
            created_by=actor,
            owner=owner,
            unit=unit,
            language=language or translation.get_language() or "nb",
        )
        transaction.on_commit(lambda: _enqueue("check_import", org_import.pk))
    return org_import


def request_apply(org_import: OrgImport, *, confirm_removals: bool) -> bool:
    """Queue the apply of a checked import with no errors; False if it cannot be applied
    (not checked, has errors, already applied or applying)."""
    if org_import.state != ImportState.CHECKED or error_count(org_import.preview):
        return False
    with transaction.atomic():
        claimed = OrgImport.objects.filter(pk=org_import.pk, state=ImportState.CHECKED).update(
            state=ImportState.APPLYING, confirm_removals=confirm_removals, done=0, total=0
        )
        if claimed:
            transaction.on_commit(lambda: _enqueue("apply_import", org_import.pk))
    return bool(claimed)


def _enqueue(name: str, pk: int) -> None:
    # tasks.py calls back into this module: imported here to break the cycle.
    from .. import tasks  # noqa: PLC0415

    getattr(tasks, name).enqueue(pk)


def _progress(pk: int):
    """A callback counting progress on the import, written at most every half second."""
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - last[0] >= 0.5:
            last[0] = now
            OrgImport.objects.filter(pk=pk).update(done=done, total=total)

    return progress


def _finish(org_import: OrgImport, **fields) -> None:
    fields["finished_at"] = timezone.now()
    OrgImport.objects.filter(pk=org_import.pk).update(**fields)


def run_check(import_id: int) -> None:
    """Check an import that is waiting to be checked; anything else is left as it is."""
    org_import = OrgImport.objects.select_related("programme", "created_by").get(pk=import_id)
    if org_import.state != ImportState.CHECKING:
        return
    with translation.override(org_import.language or "nb"):
        try:
            if org_import.kind == ImportKind.WORKBOOK:
                preview = check_workbook(org_import, progress=_progress(import_id))
            else:
                preview = check_units(org_import, progress=_progress(import_id))
        except Exception:
            logger.exception("Checking import %s failed", import_id)
            _finish(
                org_import,
                state=ImportState.FAILED,
                error=_(
                    "Samla could not check the file. Nothing was changed. Upload it again, "
                    "or ask for help if it happens again."
                ),
            )
            return
    ok = preview.get("valid", False) and not error_count(preview)
    _finish(
        org_import,
        state=ImportState.CHECKED if ok else ImportState.INVALID,
        preview=preview,
        error="",
    )


def run_apply(import_id: int) -> None:
    """Apply a checked import with no errors (queued by :func:`request_apply`, or called
    on a checked import). An import applied, failed or with errors is left as it is, so
    running it twice applies it once."""
    org_import = OrgImport.objects.select_related("programme", "created_by").get(pk=import_id)
    if org_import.state not in (ImportState.CHECKED, ImportState.APPLYING):
        return
    if error_count(org_import.preview) or not org_import.preview.get("valid", False):
        return
    claimed = OrgImport.objects.filter(
        pk=import_id, state=org_import.state, finished_at=org_import.finished_at
    ).update(state=ImportState.APPLYING, finished_at=None)
    if not claimed:
        return  # another worker has it
    with translation.override(org_import.language or "nb"):
        try:
            if org_import.kind == ImportKind.WORKBOOK:
                outcome = apply_workbook(org_import, progress=_progress(import_id))
            else:
                outcome = apply_units(
                    org_import, actor=org_import.created_by, progress=_progress(import_id)
                )
        except ImportRefused as refused:
            _finish(org_import, state=ImportState.INVALID, preview=refused.preview, error="")
            return
        except PreviewChanged as changed:
            _finish(
                org_import,
                state=ImportState.CHECKED,
                preview=changed.preview,
                error=_(
                    "The organisation has changed since the file was checked, so nothing was "
                    "applied. Look over what the file would change now, and apply it again."
                ),
            )
            return
        except Exception:
            logger.exception("Applying import %s failed", import_id)
            _finish(
                org_import,
                state=ImportState.FAILED,
                error=_(
                    "Samla could not apply the file. Nothing was changed. Upload it again, "
                    "or ask for help if it happens again."
                ),
            )
            return
    # The file itself (names and e-mail addresses of a whole staff) is not kept once it is
    # in: what it changed stays in the preview, the outcome and the history.
    _finish(org_import, state=ImportState.APPLIED, outcome=outcome, error="", content=b"")
