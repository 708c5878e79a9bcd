"""Who opens the partnership's list and a programme's partnership page."""

from samla.partnership.demo import base
from tests.role_matrix_support import Case, everyone, no_kwargs, only


def _school(org):
    base.build()
    return {"slug": org.school_programme.slug}


def _kindergarten(org):
    base.build()
    return {"slug": org.kindergarten_programme.slug}


CASES = [
    Case("portal:partnerships", "partnerships", no_kwargs, everyone(200, anonymous=302)),
    Case(
        "portal:partnership",
        "school partnership",
        _school,
        only({"admin", "statsforvalter", "eier", "forsker", "tillitsvalgt"}),
    ),
    Case(
        "portal:partnership",
        "kindergarten partnership (no forum or partners yet)",
        _kindergarten,
        only({"admin", "statsforvalter", "eier"}),
    ),
]
