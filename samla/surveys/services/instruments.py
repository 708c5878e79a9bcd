"""Publishing questionnaires: an XLSForm becomes an immutable InstrumentVersion."""

from __future__ import annotations

from django.db import transaction

from samla.org.models import Person

from ..instrument import content_hash, instrument_to_data
from ..models import InstrumentVersion
from ..xlsform import read_xlsform


@transaction.atomic
def publish_instrument(source: bytes, published_by: Person | None = None) -> InstrumentVersion:
    """Read an XLSForm and publish it as an immutable version.

    Side effects: creates an InstrumentVersion unless one with the same content exists
    (then that one is returned). Raises InstrumentError (every problem, with sheet, row and
    column) and saves nothing when the form is not valid."""
    instrument = read_xlsform(source)
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
