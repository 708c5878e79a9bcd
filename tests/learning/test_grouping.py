"""Suggested groups: sizes 5–7 where possible, subjects spread over the groups."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from samla.learning.grouping import group_count, suggest_groups


def test_group_counts():
    assert group_count(0) == 0
    assert group_count(6) == 1
    assert group_count(12) == 2
    assert group_count(14) == 2
    assert group_count(15) == 3  # 5 + 5 + 5
    assert group_count(8) == 1  # no split into 5–7 exists: one group, warned


@given(st.lists(st.sampled_from(["norsk", "matte", "engelsk", "kroppsøving", ""]), max_size=60))
def test_everyone_placed_once_sizes_balanced(areas):
    staff = list(enumerate(areas))
    groups = suggest_groups(staff)
    placed = [p for g in groups for p in g]
    assert sorted(placed) == [p for p, _a in staff]
    if groups:
        sizes = [len(g) for g in groups]
        assert max(sizes) - min(sizes) <= 1
        if len(staff) >= 10:
            assert all(5 <= s <= 7 for s in sizes)


def test_subjects_are_spread():
    staff = [(i, "norsk" if i < 6 else "matte") for i in range(12)]
    groups = suggest_groups(staff)
    for group in groups:
        assert Counter(dict(staff)[p] for p in group) == {"norsk": 3, "matte": 3}
