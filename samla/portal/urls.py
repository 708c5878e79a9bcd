from django.urls import path, register_converter

from . import (
    urls_directory,
    urls_imports,
    urls_invitations,
    urls_notifications,
    urls_partnership,
    urls_school_year,
)
from .converters import SchoolYearConverter
from .views import (
    analysis_exports,
    children,
    duties,
    home,
    instrument_download,
    instruments,
    learning,
    learning_catalogue,
    learning_exports,
    learning_groups,
    learning_unit,
    org,
    plan_exports,
    plan_import,
    plans,
    result_exports,
    results,
    rounds,
    surveys,
)
from .views.analysis import actions as analysis_actions
from .views.analysis import comments as analysis_comments
from .views.analysis import overview as analysis_overview
from .views.analysis import phases as analysis_phases

app_name = "portal"
register_converter(SchoolYearConverter, "schoolyear")

plan = "program/<slug:slug>/plan/<schoolyear:year>/"
package = "program/<slug:slug>/pakker/<int:pk>/"

urlpatterns = [
    path("", home.home, name="home"),
    path("program/", org.programme_list, name="programmes"),
    path("program/<slug:slug>/", org.programme_detail, name="programme"),
    path("enheter/", org.unit_list, name="units"),
    path("enheter/<int:pk>/", org.unit_detail, name="unit"),
    path("program/<slug:slug>/roller/", duties.role_duties, name="role_duties"),
    path("kartlegging/", rounds.round_list, name="rounds"),
    path("kartlegging/ny/", rounds.round_form, name="round_new"),
    path("kartlegging/sporreskjema/", instruments.instrument_list, name="instruments"),
    path(
        "kartlegging/sporreskjema/opplasting/<int:pk>/",
        instruments.upload_preview,
        name="instrument_upload",
    ),
    path("kartlegging/sporreskjema/<int:pk>/", instruments.version_detail, name="instrument"),
    path(
        "kartlegging/sporreskjema/<int:pk>/skjema.xlsx",
        instruments.version_source,
        name="instrument_source",
    ),
    path(
        "kartlegging/sporreskjema/<int:pk>/xlsform.xlsx",
        instrument_download.version_xlsform,
        name="instrument_xlsform",
    ),
    path("kartlegging/<slug:slug>/", rounds.round_detail, name="round"),
    path("kartlegging/<slug:slug>/endre/", rounds.round_form, name="round_edit"),
    path("kartlegging/<slug:slug>/enheter/", rounds.round_units, name="round_units"),
    path("kartlegging/<slug:slug>/status/", rounds.round_action, name="round_action"),
    path("kartlegging/<slug:slug>/barn/", children.child_lists, name="children"),
    path(
        "kartlegging/<slug:slug>/barn/<int:group_pk>/",
        children.group_children,
        name="group_children",
    ),
    path("kartlegging/<slug:slug>/svarprosent/", surveys.response_monitor, name="response_monitor"),
    path("kartlegging/<slug:slug>/kodelapper/", surveys.code_slips, name="code_slips"),
    path("resultater/", results.results_list, name="results"),
    path("resultater/<slug:slug>/", results.round_results, name="round_results"),
    path("resultater/<slug:slug>/bygg/", results.build_action, name="results_build"),
    path("resultater/<slug:slug>/bygg/status/", results.build_status, name="results_build_status"),
    # Before node_results: "fil" would be taken for a level there.
    path(
        "resultater/<slug:slug>/fil/<int:pk>/",
        result_exports.export_job,
        name="results_export_job",
    ),
    path(
        "resultater/<slug:slug>/fil/<int:pk>/last-ned",
        result_exports.export_download,
        name="results_export_download",
    ),
    path(
        "resultater/<slug:slug>/<str:kind>/<int:pk>/",
        results.node_results,
        name="node_results",
    ),
    path(
        "resultater/<slug:slug>/svar.<str:fmt>", results.responses_export, name="responses_export"
    ),
    path(
        "resultater/<slug:slug>/<str:kind>/<int:pk>/last-ned.<str:fmt>",
        results.node_export,
        name="node_export",
    ),
    path(
        "resultater/<slug:slug>/<str:kind>/<int:pk>/<str:group>/<str:scale>/",
        results.scale_results,
        name="scale_results",
    ),
    path("frister/<int:pk>/utfort/", duties.deadline_done, name="deadline_done"),
    path("program/<slug:slug>/plan/", plans.plan_list, name="plans"),
    path("program/<slug:slug>/plan/import/", plan_import.upload, name="plan_import"),
    path(
        "program/<slug:slug>/plan/import/<int:pk>/",
        plan_import.preview,
        name="plan_import_preview",
    ),
    path(plan, plans.plan_detail, name="plan"),
    path(f"{plan}kalender/", plans.plan_calendar, name="plan_calendar"),
    path(
        f"{plan}last-ned.<str:fmt>",
        plan_exports.plan_export,
        name="plan_export",
    ),
    path(
        "program/<slug:slug>/kalenderabonnement/",
        plan_exports.subscriptions,
        name="plan_subscriptions",
    ),
    path(f"{plan}godkjenning/", plans.plan_approve, name="plan_approve"),
    path(f"{plan}historikk/", plans.plan_history, name="plan_history"),
    path(f"{plan}kopier-til-neste-ar/", plans.plan_copy, name="plan_copy"),
    path(f"{plan}aktivitet/ny/", plans.activity_form, name="activity_new"),
    path(f"{plan}aktivitet/<int:pk>/", plans.activity_form, name="activity_edit"),
    path(f"{plan}aktivitet/<int:pk>/handling/", plans.activity_action, name="activity_action"),
    path(f"{plan}aktivitet/<int:pk>/region/ny/", plans.session_form, name="session_new"),
    path(
        f"{plan}aktivitet/<int:pk>/region/<int:session_pk>/",
        plans.session_form,
        name="session_edit",
    ),
    # Competence packages and learning groups
    path("laering/", learning.home, name="learning"),
    path("laering/kalender/", learning_exports.calendar, name="learning_calendar"),
    path(
        "program/<slug:slug>/laering/<str:kind>/<int:pk>/",
        learning.dashboard,
        name="learning_dashboard",
    ),
    path("program/<slug:slug>/pakker/", learning_catalogue.package_list, name="packages"),
    path("program/<slug:slug>/pakker/ny/", learning_catalogue.package_form, name="package_new"),
    path(package, learning_catalogue.package_detail, name="package"),
    path(f"{package}endre/", learning_catalogue.package_form, name="package_edit"),
    path(f"{package}slett/", learning_catalogue.package_delete, name="package_delete"),
    path(f"{package}modul/ny/", learning_catalogue.module_form, name="module_new"),
    path(f"{package}modul/<int:module_pk>/", learning_catalogue.module_form, name="module_edit"),
    path(
        f"{package}modul/<int:module_pk>/handling/",
        learning_catalogue.module_action,
        name="module_action",
    ),
    path(
        "program/<slug:slug>/flerarsplan/",
        learning_catalogue.multi_year_plan,
        name="multi_year_plan",
    ),
    path(
        "program/<slug:slug>/flerarsplan/last-ned.<str:fmt>",
        learning_catalogue.multi_year_plan_export,
        name="multi_year_plan_export",
    ),
    path("program/<slug:slug>/vilkar/", learning_catalogue.conditions, name="conditions"),
    path("enheter/<int:pk>/laering/", learning_unit.unit_learning, name="unit_learning"),
    path(
        "enheter/<int:pk>/laering/pakke/<int:choice_pk>/",
        learning_unit.implementation_plan,
        name="implementation_plan",
    ),
    path("enheter/<int:pk>/laering/grupper/", learning_unit.divide_staff, name="divide_staff"),
    path("laering/gruppe/<int:pk>/", learning_groups.group_detail, name="learning_group"),
    path("laering/gruppe/<int:pk>/endre/", learning_groups.group_edit, name="learning_group_edit"),
    path("laering/gruppe/<int:pk>/mote/ny/", learning_groups.meeting_form, name="meeting_new"),
    path(
        "laering/gruppe/<int:pk>/modul/<int:module_pk>/",
        learning_groups.module_progress,
        name="module_progress",
    ),
    path(
        "laering/gruppe/<int:pk>/motplan.<str:fmt>",
        learning_exports.meeting_plan_export,
        name="meeting_plan_export",
    ),
    path("laering/mote/<int:pk>/", learning_groups.meeting_detail, name="meeting"),
    path("laering/mote/<int:pk>/endre/", learning_groups.meeting_form, name="meeting_edit"),
    path("laering/mote/<int:pk>/referat/", learning_groups.meeting_record, name="meeting_record"),
    path("laering/mote/<int:pk>/handling/", learning_groups.meeting_action, name="meeting_action"),
    # Pedagogical analysis
    path("analyser/", analysis_overview.analysis_list, name="analyses"),
    path("analyser/ny/", analysis_overview.start, name="analysis_start"),
    path("analyser/<int:pk>/", analysis_overview.detail, name="analysis"),
    path("analyser/<int:pk>/handling/", analysis_actions.action, name="analysis_action"),
    path("analyser/<int:pk>/kommentar/", analysis_comments.comment, name="analysis_comment"),
    path("analyser/<int:pk>/last-ned.<str:fmt>", analysis_exports.export, name="analysis_export"),
    path("analyser/<int:pk>/<slug:phase>/", analysis_phases.phase_page, name="analysis_phase"),
]

# The organisation's own pages: people and roles, imports, invitations, the school year.
urlpatterns += (
    urls_directory.urlpatterns
    + urls_imports.urlpatterns
    + urls_invitations.urlpatterns
    + urls_school_year.urlpatterns
    + urls_partnership.urlpatterns
    + urls_notifications.urlpatterns
)
