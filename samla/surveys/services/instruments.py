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
    instrument = read_xlsform(source, respondent_group=respondent_group, scale_labels=scale_labels)
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


def publish_upload(upload: InstrumentUpload, published_by: Person) -> InstrumentVersion | None:
    """Publish an upload (see publish_instrument) and remember the version it became; None
    when someone published the same form id and version a moment ago.

    Side effects: those of publish_instrument; sets the upload's ``published``. Both or
    neither."""
    try:
        with transaction.atomic():
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
