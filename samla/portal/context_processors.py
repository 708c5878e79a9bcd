from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from samla.analysis import access as analysis_access
from samla.org import access
from samla.partnership import access as partnership_access
from samla.surveys import access as survey_access


def navigation(request: HttpRequest) -> dict:
    """The main menu: only the places the person may go."""
    if request.path.startswith("/svar/"):
        return {"nav_items": [], "nav_active": ""}  # respondents: no menu, no session read
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_active": ""}
    items = [(reverse("portal:home"), _("Home"), "home")]
    programmes = list(access.programmes_for(user).only("slug", "name"))
    if programmes:
        items.append((reverse("portal:programmes"), _("Programmes"), "programmes"))
    if access.units_for(user).exists():
        items.append((reverse("portal:units"), _("Units"), "units"))
    if programmes:
        items.append((reverse("portal:learning"), _("Learning groups"), "learning"))
    if survey_access.rounds_for(user).exists():
        items.append((reverse("portal:rounds"), _("Surveys"), "surveys"))
        items.append((reverse("portal:results"), _("Results"), "results"))
    if analysis_access.may_see_analyses(user):
        items.append((reverse("portal:analyses"), _("Analyses"), "analysis"))
    # A unit's own self-assessments: its leader runs them, its staff rate and read them
    # (owners reach those shared with them from the partnership page). No query.
    if access.grants_for(user).member_unit_ids:
        items.append((reverse("portal:selfassessments"), _("Self-assessment"), "selfassessment"))
    if partnership_access.partnership_programmes(user).exists():
        items.append((reverse("portal:partnerships"), _("Partnership"), "partnership"))
    if access.can_use_django_admin(user):
        items.append((reverse("admin:index"), _("Administration"), "admin"))
    match = getattr(request, "resolver_match", None)
    active = _ACTIVE.get(match.view_name, "") if match else ""
    if match and match.view_name.startswith("portal:partnership"):
        active = "partnership"
    elif match and match.view_name.startswith("portal:selfassessment"):
        active = "selfassessment"
    return {"nav_items": items, "nav_active": active}


_ACTIVE = {
    "portal:home": "home",
    "portal:programmes": "programmes",
    "portal:programme": "programmes",
    "portal:units": "units",
    "portal:unit": "units",
    "portal:rounds": "surveys",
    "portal:round": "surveys",
    "portal:round_new": "surveys",
    "portal:round_edit": "surveys",
    "portal:round_units": "surveys",
    "portal:response_monitor": "surveys",
    "portal:code_slips": "surveys",
    "portal:children": "surveys",
    "portal:group_children": "surveys",
    "portal:instruments": "surveys",
    "portal:results": "results",
    "portal:round_results": "results",
    "portal:node_results": "results",
    "portal:scale_results": "results",
    "portal:instrument": "surveys",
    **{
        f"portal:{name}": "learning"
        for name in (
            "learning",
            "learning_calendar",
            "learning_dashboard",
            "packages",
            "package",
            "package_new",
            "package_edit",
            "module_new",
            "module_edit",
            "multi_year_plan",
            "conditions",
            "unit_learning",
            "implementation_plan",
            "divide_staff",
            "learning_group",
            "learning_group_edit",
            "meeting_new",
            "meeting",
            "meeting_edit",
            "meeting_record",
        )
    },
    "portal:instrument_upload": "surveys",
    "portal:analyses": "analysis",
    "portal:analysis_start": "analysis",
    "portal:analysis_phase": "analysis",
}
