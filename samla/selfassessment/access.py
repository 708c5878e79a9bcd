"""Who sees and does what with a unit's self-assessment. It is the unit's own:

- the unit leader runs it (plans, moves it on, writes notes and goals, shares it);
- the participants the leader chose rate (each once);
- the unit's staff (leader, group leaders, staff, also through a class) read it;
- the owner's people read it only while the unit leader shares it with the owner.

Nobody else, administrators included, reads it: no programme-wide reading. Everything
outside a person's scope answers 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from samla.org.access import grants_for
from samla.org.models import Role, Unit

from .models import SelfAssessment


def led_unit_ids(user) -> set[int]:
    return grants_for(user).ids(Role.UNIT_LEADER, "unit")


def assessments_for(user) -> QuerySet[SelfAssessment]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return SelfAssessment.objects.none()
    grants = grants_for(user)
    condition = Q(unit_id__in=grants.member_unit_ids) | Q(participants__person_id=user.pk)
    owned = grants.ids(Role.OWNER, "owner")
    if owned:
        condition |= Q(unit__owner_id__in=owned, shared_with_owner_at__isnull=False)
    return SelfAssessment.objects.filter(condition).distinct()


def get_assessment_or_404(user, pk: int) -> SelfAssessment:
    try:
        return assessments_for(user).select_related("unit", "programme").get(pk=pk)
    except SelfAssessment.DoesNotExist as missing:
        raise Http404 from missing


def leads(user, assessment: SelfAssessment) -> bool:
    return assessment.unit_id in led_unit_ids(user)


def takes_part(user, assessment: SelfAssessment) -> bool:
    return assessment.participants.filter(person_id=user.pk).exists()


def reads_as_staff(user, assessment: SelfAssessment) -> bool:
    return assessment.unit_id in grants_for(user).member_unit_ids


def led_units(user) -> QuerySet[Unit]:
    """Units where the person may plan a self-assessment: those they lead."""
    return Unit.objects.filter(pk__in=led_unit_ids(user)).order_by("name")


def get_led_unit_or_404(user, pk: int) -> Unit:
    try:
        return led_units(user).get(pk=pk)
    except Unit.DoesNotExist as missing:
        raise Http404 from missing
