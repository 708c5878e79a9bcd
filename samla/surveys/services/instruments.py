"""Publishing questionnaires: an XLSForm, uploaded and looked over, becomes an immutable
InstrumentVersion."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import IntegrityError, transaction

from samla.org.models import Person

from ..instrument_data import content_hash, instrument_to_data
from ..models import InstrumentUpload, InstrumentVersion
from ..xlsform import read_xlsform


@transaction.atomic
def publish_instrument(
    source: bytes,
    published_by: Person | None = None,
    *,
    respondent_group: str | None = None,
    scale_labels: Mapping[str, Mapping[str, str]] | None = None,
    file_name: str | None = None,
) -> InstrumentVersion:
    """Read an XLSForm and publish it as an immutable version. ``respondent_group`` and
    ``scale_labels`` are what the publisher chose where the form is silent (see read_xlsform).

    Side effects: creates an InstrumentVersion unless one with the same content exists
    (then that one is returned). Raises InstrumentError (every problem, with sheet, row and
    column) and saves nothing when the form is not valid."""
    instrument = read_xlsform(
        source, respondent_group=respondent_group, scale_labels=scale_labels, file_name=file_name
    )
    digest = content_hash(instrument)
    existing = InstrumentVersion.objects.filter(content_hash=digest).first()
    if existing:
        return existing
    return InstrumentVersion.objects.create(
        form_id=instrument.form_id,
        version=instrument.version,
        content_hash=digest,
        respondent_group=instrument.respondent_group,
        title=dict(instrument.title),
        definition=instrument_to_data(instrument),
        source=source,
        published_by=published_by,
    )


def upload_instrument(source: bytes, file_name: str, uploaded_by: Person) -> InstrumentUpload:
    """Keep an uploaded XLSForm for its uploader to look over before publishing.

    Side effects: creates an InstrumentUpload (the file name cut at 200 characters)."""
    return InstrumentUpload.objects.create(
        source=source, file_name=file_name[:200], uploaded_by=uploaded_by
    )


def choose_for_upload(
    upload: InstrumentUpload,
    *,
    respondent_group: str | None = None,
    scale_code: str | None = None,
    names: Mapping[str, str] | None = None,
) -> bool:
    """Keep what the uploader chose where the form is silent: the respondent group, and/or
    the names of the index ``scale_code`` by language (an empty name forgets that
    language's). False, changing nothing, when the upload is already published: a published
    upload never changes.

    Side effects: sets the upload's ``respondent_group`` and/or one entry of its
    ``scale_labels`` (the row locked, so that a publish at the same moment goes first or
    sees the change)."""
    with transaction.atomic():
        locked = (
            InstrumentUpload.objects.select_for_update()
            .only("published", "respondent_group", "scale_labels")
            .filter(pk=upload.pk)
            .first()
        )
        if locked is None or locked.published_id is not None:
            return False
        fields = []
        if respondent_group is not None:
            locked.respondent_group = respondent_group
            fields.append("respondent_group")
        if scale_code is not None:
            labels = dict(locked.scale_labels or {})
            kept = {language: name for language, name in (names or {}).items() if name}
            if kept:
                labels[scale_code] = kept
            else:
                labels.pop(scale_code, None)
            locked.scale_labels = labels
            fields.append("scale_labels")
        if fields:
            locked.save(update_fields=fields)
    upload.respondent_group, upload.scale_labels = locked.respondent_group, locked.scale_labels
    return True


def publish_upload(upload: InstrumentUpload, published_by: Person) -> InstrumentVersion | None:
    """Publish an upload (see publish_instrument) with the choices stored on it when the
    row is locked, and remember the version it became; None when someone published the
    same form id and version a moment ago.

    Side effects: those of publish_instrument; sets the upload's ``published``. Both or
    neither."""
    try:
        with transaction.atomic():
            stored = (
                InstrumentUpload.objects.select_for_update()
                .only("respondent_group", "scale_labels")
                .get(pk=upload.pk)
            )
            upload.respondent_group, upload.scale_labels = (
                stored.respondent_group,
                stored.scale_labels,
            )
            version = publish_instrument(
                bytes(upload.source),
                published_by=published_by,
                respondent_group=upload.respondent_group or None,
                scale_labels=upload.scale_labels or None,
                file_name=upload.file_name,
            )
            upload.published = version
            upload.save(update_fields=["published"])
    except IntegrityError:
        return None
    return version
