"""The reader's length limits are what the database stores."""

from samla.surveys.models import InstrumentVersion
from samla.surveys.xlsform.settings import FORM_ID_LIMIT, VERSION_LIMIT


def test_the_readers_form_id_and_version_limits_are_the_models():
    fields = {field.name: field.max_length for field in InstrumentVersion._meta.fields}

    assert (fields["form_id"], fields["version"]) == (FORM_ID_LIMIT, VERSION_LIMIT)
