"""The indices a unit's leader may start an analysis from are read for its latest rounds
at once: the same choices as reading each round's cells, in queries that do not grow with
the rounds."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from samla.analysis import evidence
from samla.results import queries as results
from samla.results.trends import indices_present
from tests.results.test_export_trend import rounds  # noqa: F401


def _round_by_round(unit) -> list[tuple[int, str, str]]:
    node = results.Node("unit", unit.pk, unit.name)
    found = []
    for round in evidence.released_rounds_of_unit(unit.pk)[:3]:
        present = {
            (c.respondent_group, c.scale)
            for c in results.read_cells(round, [node.key], kind="scale")
        }
        for group, instrument in sorted(results.instruments_of(round).items()):
            found += [
                (round.pk, group, s.code) for s in instrument.scales if (group, s.code) in present
            ]
    return found


def test_the_same_indices_as_read_round_by_round_in_four_queries(rounds):  # noqa: F811
    for unit in rounds[0].units.all():
        node = results.Node("unit", unit.pk, unit.name)
        assert indices_present(rounds, node) == {
            round.pk: {
                (c.respondent_group, c.scale)
                for c in results.read_cells(round, [node.key], kind="scale")
            }
            for round in rounds
        }
        with CaptureQueriesContext(connection) as read:
            choices = evidence.unit_indices(unit, "nb")
        assert len(read) == 4
        assert [(c.round.pk, c.respondent_group, c.scale) for c in choices] == _round_by_round(unit)
        assert len({c.round.pk for c in choices}) == 3
