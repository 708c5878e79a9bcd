"""The round's organisation: its nodes, their names and parents, and node filters.

Nodes. A node is ``(level, id)`` with level one of programme, region, owner, unit, group.
``nodes`` arguments take what :func:`samla.results.access.result_nodes` returns (level → ids),
or any iterable of ``(level, id)`` pairs; :func:`parse_node` turns ``"owner:12"`` into the
owner and everything under it (its units and their classes).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Q

from samla.org.models import Group, Owner, Region, RegionOwner, Unit
from samla.surveys.models import Round

LEVELS: tuple[str, ...] = ("programme", "region", "owner", "unit", "group")

NodeSet = dict[str, set[int]]


class UnknownNode(ValueError):
    """A node filter names no node of the round."""


@dataclass
class Tree:
    """The nodes of a round (the units taking part and everything above and below them),
    with their names and parents."""

    programme_id: int
    programme_name: str
    regions: dict[int, str]
    owners: dict[int, str]
    units: dict[int, str]
    groups: dict[int, str]
    region_of_owner: dict[int, int]
    owner_of_unit: dict[int, int]
    unit_of_group: dict[int, int]

    def exists(self, level: str, pk: int) -> bool:
        if level == "programme":
            return pk == self.programme_id
        return pk in self._names(level)

    def name(self, level: str, pk: int) -> str:
        if level == "programme":
            return self.programme_name
        if level == "group" and pk in self.groups:
            unit = self.units.get(self.unit_of_group[pk], "")
            return f"{unit}, {self.groups[pk]}" if unit else self.groups[pk]
        return self._names(level).get(pk, f"{level}:{pk}")

    def parent(self, level: str, pk: int) -> tuple[str, int] | None:
        if level == "group":
            found = ("unit", self.unit_of_group.get(pk))
        elif level == "unit":
            found = ("owner", self.owner_of_unit.get(pk))
        elif level == "owner":
            found = ("region", self.region_of_owner.get(pk))
        elif level == "region":
            found = ("programme", self.programme_id)
        else:
            return None
        return None if found[1] is None else found

    def ancestors(self, level: str, pk: int) -> list[tuple[str, int]]:
        found, node = [], self.parent(level, pk)
        while node is not None:
            found.append(node)
            node = self.parent(*node)
        return found

    def subtree(self, level: str, pk: int) -> NodeSet:
        """The node and every node under it."""
        nodes: NodeSet = {each: set() for each in LEVELS}
        nodes[level].add(pk)
        below = {
            "region": ("owner", self.region_of_owner),
            "owner": ("unit", self.owner_of_unit),
            "unit": ("group", self.unit_of_group),
        }
        if level == "programme":
            nodes["region"].update(self.regions)
            nodes["owner"].update(self.owners)
            nodes["unit"].update(self.units)
            nodes["group"].update(self.groups)
            return nodes
        current = level
        while current in below:
            child_level, parent_of = below[current]
            nodes[child_level].update(
                child for child, parent in parent_of.items() if parent in nodes[current]
            )
            current = child_level
        return nodes

    def _names(self, level: str) -> dict[int, str]:
        return {
            "region": self.regions,
            "owner": self.owners,
            "unit": self.units,
            "group": self.groups,
        }[level]


def tree_for(
    round: Round, nodes: Mapping[str, Iterable[int]] | Iterable[tuple[str, int]] | None = None
) -> Tree:
    """The round's nodes in five queries, whatever their number. With ``nodes``, only the
    part of the tree they need: their units (those of their regions and owners, their
    own, those of their classes), the units' classes, owners and regions — every node of
    the selection, everything under it and every parent above it, each with the same name
    and parent as in the whole tree. Without, or with the programme among them: all."""
    programme = round.programme
    unit_rows = Unit.objects.filter(rounds=round)
    scope = _scope(programme.pk, nodes)
    if scope is not None:
        unit_rows = unit_rows.filter(scope)
    units = {
        pk: (name, owner_id)
        for pk, name, owner_id in unit_rows.values_list("pk", "name", "owner_id")
    }
    owner_ids = {owner_id for _name, owner_id in units.values()}
    groups = {
        pk: (name, unit_id)
        for pk, name, unit_id in Group.objects.filter(unit_id__in=units).values_list(
            "pk", "name", "unit_id"
        )
    }
    return Tree(
        programme_id=programme.pk,
        programme_name=programme.name,
        regions=dict(Region.objects.filter(programme=programme).values_list("pk", "name")),
        owners=dict(Owner.objects.filter(pk__in=owner_ids).values_list("pk", "name")),
        units={pk: name for pk, (name, _owner) in units.items()},
        groups={pk: name for pk, (name, _unit) in groups.items()},
        region_of_owner=dict(
            RegionOwner.objects.filter(programme=programme, owner_id__in=owner_ids).values_list(
                "owner_id", "region_id"
            )
        ),
        owner_of_unit={pk: owner for pk, (_name, owner) in units.items()},
        unit_of_group={pk: unit for pk, (_name, unit) in groups.items()},
    )


def _scope(programme_id: int, nodes) -> Q | None:
    """Which of the round's units a selection reaches (None: all of them)."""
    if nodes is None:
        return None
    chosen = _node_set(nodes)
    if chosen["programme"]:
        return None
    scope = Q(pk__in=chosen["unit"]) | Q(owner_id__in=chosen["owner"])
    if chosen["region"]:
        scope |= Q(
            owner__regionowner__programme_id=programme_id,
            owner__regionowner__region_id__in=chosen["region"],
        )
    if chosen["group"]:
        scope |= Q(pk__in=Group.objects.filter(pk__in=chosen["group"]).values("unit_id"))
    return scope


def parse_node(round: Round, spec: str, tree: Tree | None = None) -> NodeSet:
    """``"owner:12"`` → that owner and everything under it. Raises :class:`UnknownNode`."""
    level, _sep, raw = spec.strip().partition(":")
    level = level.strip().lower()
    if level not in LEVELS or not raw.strip().isdigit():
        raise UnknownNode(
            f"{spec!r} is not a node: write LEVEL:ID with LEVEL one of {', '.join(LEVELS)}."
        )
    pk = int(raw)
    tree = tree or tree_for(round, [(level, pk)])
    if not tree.exists(level, pk):
        raise UnknownNode(f"No {level} with id {pk} takes part in the round {round.slug}.")
    return tree.subtree(level, pk)


def visible_below(round: Round, level: str, pk: int, visible: Mapping[str, set[int]]) -> NodeSet:
    """The node and everything under it, kept to the nodes in ``visible`` (what a person may
    see). Raises :class:`UnknownNode` for a node with no unit in the round (an owner none of
    whose units took part), which has nothing to export."""
    tree = tree_for(round, [(level, pk)])
    below = parse_node(round, f"{level}:{pk}", tree)
    return {kind: _kept(kind, ids, visible.get(kind, set()), tree) for kind, ids in below.items()}


def _kept(level: str, ids: set[int], allowed, tree: Tree) -> set[int]:
    """The ids among ``allowed``: a set, or a set-like that answers for itself (an
    administrator's every class of the round, ``access.RoundClasses``: the classes of its
    ``unit_ids``, answered here from the tree without reading them one by one)."""
    if isinstance(allowed, set | frozenset):
        return ids & allowed
    units = getattr(allowed, "unit_ids", None)
    if level == "group" and units is not None:
        return {pk for pk in ids if tree.unit_of_group.get(pk) in units}
    return {pk for pk in ids if pk in allowed}


def _node_set(nodes: Mapping[str, Iterable[int]] | Iterable[tuple[str, int]]) -> NodeSet:
    found: NodeSet = {level: set() for level in LEVELS}
    pairs = (
        ((level, pk) for level, ids in nodes.items() for pk in ids)
        if isinstance(nodes, Mapping)
        else nodes
    )
    for level, pk in pairs:
        if level not in found:
            raise UnknownNode(f"{level!r} is not a level: choose {', '.join(LEVELS)}.")
        found[level].add(int(pk))
    return found


def _report_nodes(tree: Tree, selected: NodeSet | None) -> tuple[list, list]:
    """(the report's nodes: the top of the selection and the level below it, the top's
    comparisons: its owner, region and programme)."""
    if selected is None:
        selected = tree.subtree("programme", tree.programme_id)
    top = [
        (level, pk)
        for level in LEVELS
        for pk in sorted(selected[level], key=lambda pk, level=level: tree.name(level, pk))
        if (parent := tree.parent(level, pk)) is None or parent[1] not in selected[parent[0]]
    ]
    tops = set(top)
    below = [
        (level, pk)
        for level in LEVELS
        for pk in sorted(selected[level], key=lambda pk, level=level: tree.name(level, pk))
        if tree.parent(level, pk) in tops
    ]
    # More than one top node (a person's units in two owners): no single comparison line.
    comparisons = tree.ancestors(*top[0]) if len(top) == 1 else []
    return top + below, comparisons
