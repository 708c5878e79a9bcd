"""Who opens the money pages: administrators and the county governor every ledger, forum
members the totals, the owner (eier, Hamar kommune) its own ledger and forms."""

from samla.org.models import Owner
from samla.partnership.demo import base, money
from samla.partnership.models import Spending
from tests.role_matrix_support import Case, everyone, only

READERS = {"admin", "statsforvalter", "eier", "forsker", "tillitsvalgt"}


def _slug(org):
    base.build()
    money.build()
    return {"slug": org.school_programme.slug}


def _ledger(name):
    def kwargs(org):
        owner = Owner.objects.get(name=name)
        return _slug(org) | {"year": money.YEAR, "owner": owner.pk}

    return kwargs


def _line(org):
    slug = _slug(org)
    line = Spending.objects.filter(allocation__owner__name="Hamar kommune").first()
    return slug | {"pk": line.pk}


CASES = [
    Case("portal:partnership_money", "money totals", _slug, only(READERS)),
    Case("portal:partnership_money_export", "money workbook", _slug, only(READERS)),
    Case(
        "portal:partnership_money_ledger",
        "Hamar's ledger",
        _ledger("Hamar kommune"),
        only({"admin", "statsforvalter", "eier"}),
    ),
    Case(
        "portal:partnership_money_ledger",
        "Stange's ledger",
        _ledger("Stange kommune"),
        only({"admin", "statsforvalter"}),
    ),
    Case(
        "portal:partnership_money_allocation",
        "set Hamar's grant",
        _ledger("Hamar kommune"),
        only({"admin"}),
    ),
    Case(
        "portal:partnership_money_own_share",
        "set Hamar's own share",
        _ledger("Hamar kommune"),
        only({"eier"}),
    ),
    Case(
        "portal:partnership_money_own_share",
        "set Stange's own share",
        _ledger("Stange kommune"),
        only(set()),
    ),
    Case(
        "portal:partnership_money_spending_new",
        "record Hamar's spending",
        _ledger("Hamar kommune"),
        only({"eier"}),
    ),
    Case("portal:partnership_money_spending_edit", "change a line", _line, only({"eier"})),
    Case(
        "portal:partnership_money_spending_delete",
        "remove a line (POST only)",
        _line,
        everyone(405, anonymous=302),
    ),
]
