"""The national dataset's action plans: every programme's shared plan for this school year,
with the activities of the demo plans (``samla.plans.demo``; school or kindergarten), the
regional sessions in the programme's own regions, the school plans approved; and every
programme's roles, duties and deadlines. Through the plan services, so every time text
is parsed as it would be."""

from __future__ import annotations

from datetime import date

from samla.core.time import school_year_text
from samla.plans import demo as plan_demo
from samla.plans import services
from samla.plans.models import Activity, Deadline, RegionalSession, RoleDuty

from .national_org import Nation


def build_plans(nation: Nation) -> dict:
    school_year = school_year_text(nation.school_year)
    words = {
        "grunnskole": plan_demo.WORDS[plan_demo.SCHOOL_SLUG],
        "barnehage": plan_demo.WORDS[plan_demo.KINDERGARTEN_SLUG],
    }
    for county, pair in enumerate(nation.programmes):
        regions = nation.regions[county]
        for side, programme in enumerate(pair):
            school = side == 0
            terms = plan_demo.SCHOOL_PLAN if school else plan_demo.KINDERGARTEN_PLAN
            plan, _created = services.get_or_create_plan(programme, school_year)
            for term, items in terms.items():
                for item in items:
                    activity = services.add_activity(plan, _input(item, term))
                    # The demo's sessions in its four regions, here in this county's.
                    for (_short, when_text, _place), pair_of_regions in zip(
                        item.sessions, regions, strict=False
                    ):
                        services.set_session(activity, pair_of_regions[side], when_text)
                    if item.status:
                        services.set_activity_status(activity, item.status)
            if school:
                services.approve_plan(plan, date(nation.school_year, 9, 10))
            _duties(programme, words[programme.level])
    return {
        "plans": 2 * len(nation.programmes),
        "activities": Activity.objects.filter(
            plan__programme__slug__startswith="nasjonal-"
        ).count(),
        "sessions": RegionalSession.objects.filter(
            activity__plan__programme__slug__startswith="nasjonal-"
        ).count(),
        "duties": RoleDuty.objects.filter(programme__slug__startswith="nasjonal-").count(),
    }


def _duties(programme, words: dict[str, str]) -> None:
    level = programme.level
    for order, duty in enumerate(plan_demo.DUTIES, start=1):
        only = {plan_demo.SCHOOL_SLUG: "grunnskole", plan_demo.KINDERGARTEN_SLUG: "barnehage"}
        if duty.only and only[duty.only] != level:
            continue
        role_duty = RoleDuty.objects.create(
            programme=programme, role=duty.role, text=duty.text.format(**words), order=order
        )
        if duty.deadline:
            month, day = duty.yearly or (None, None)
            Deadline.objects.create(
                programme=programme,
                duty=role_duty,
                role=duty.role,
                title=duty.deadline.format(**words),
                yearly_month=month,
                yearly_day=day,
                date=duty.once,
            )


def _input(item: plan_demo.Item, term: str) -> services.ActivityInput:
    blocks = []
    for line in item.details:
        if line.startswith("· "):
            blocks.append({"kind": "bullet", "text": line.removeprefix("· ")})
        elif line.startswith("# "):
            blocks.append({"kind": "heading", "text": line.removeprefix("# ")})
        else:
            blocks.append({"kind": "paragraph", "text": line})
    return services.ActivityInput(
        title=item.title,
        when_text=item.when,
        term=term,
        details=tuple(blocks),
        responsible=item.responsible,
        audience=item.audience,
        audience_roles=item.audience_roles,
        responsible_roles=item.responsible_roles,
        location=item.location,
    )
