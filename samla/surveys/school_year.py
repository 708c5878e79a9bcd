"""A new school year for the lists of children: children follow their class up a grade.

Connected in ``SurveysConfig.ready``: the organisation's roll (samla.org.school_year) sends
its signal inside its transaction, so the children move with the classes or not at all.
Children of a class that left stay on its (closed) list until the leader takes them off."""

from __future__ import annotations

from django.dispatch import receiver

from samla.org.school_year import school_year_rolled

from .models import Child


@receiver(school_year_rolled, dispatch_uid="surveys-children-follow-their-class")
def children_follow_their_class(sender, *, successors: dict[int, int], **kwargs) -> int:
    """Move the children on each closed class's list to its successor; returns how many."""
    moved = 0
    for old, new in successors.items():
        moved += Child.objects.filter(group_id=old).update(group_id=new)
    return moved
