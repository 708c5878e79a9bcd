"""A learning group's page, its meetings (planned, then recorded as held) and the modules
it has finished. Members read; the group leader and the unit leader plan and record; the
unit leader changes who is in the group."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from samla.core.time import current_semester
from samla.learning import access as learning_access
from samla.learning import queries, services, unit_queries
from samla.learning.forms import GroupForm, MeetingForm, NewMeetingForm, RecordForm
from samla.learning.models import Meeting, MeetingStatus
from samla.portal import confirm


def group_url(group) -> str:
    return reverse("portal:learning_group", kwargs={"pk": group.pk})


@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = learning_access.get_learning_group_or_404(request.user, pk)
    now = timezone.now()
    meetings = unit_queries.group_meetings(group)
    members = unit_queries.group_members(group)
    semester = current_semester(timezone.localdate())
    programme = group.unit.programmes.first()
    line = None
    if programme is not None:
        board = queries.dashboard(programme, "unit", group.unit_id, semester, now)
        line = next((row for row in board.lines if row.pk == group.pk), None) if board else None
    upcoming = [m for m in meetings if m.status == MeetingStatus.PLANNED and m.starts_at >= now]
    held = [m for m in meetings if m.status == MeetingStatus.HELD]
    context = {
        "group": group,
        "members": members,
        "warning": services.size_warning(len(members)),
        "meetings": meetings,
        "next_meeting": upcoming[0] if upcoming else None,
        "last_held": held[-1] if held else None,
        "progress": unit_queries.progress_rows(group),
        "line": line,
        "semester": semester,
        "rule": queries.meeting_rule(programme) if programme else None,
        "can_record": learning_access.can_record_meetings(request.user, group),
        "can_change": learning_access.can_change_group(request.user, group),
        "now": now,
    }
    return render(request, "learning/group_detail.html", context)


@login_required
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = learning_access.get_learning_group_or_404(request.user, pk)
    if not learning_access.can_change_group(request.user, group):
        raise PermissionDenied
    staff = services.unit_staff(group.unit)
    by_id = {p.pk: p for p in staff}
    initial = {
        "name": group.name,
        "members": list(group.members.values_list("person_id", flat=True)),
        "leader": group.leader_id,
    }
    form = GroupForm(
        request.POST if request.method == "POST" else None, initial=initial, staff=staff
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        people = [by_id[i] for i in data["members"]]
        leader = by_id.get(data["leader"]) if data["leader"] else None
        try:
            warning = services.save_group(group, data["name"], people, leader)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The group is saved."))
            if warning:
                messages.warning(request, warning)
            return redirect(group_url(group))
    return render(request, "learning/group_edit.html", {"group": group, "form": form})


def _recordable_group(request: HttpRequest, pk: int):
    group = learning_access.get_learning_group_or_404(request.user, pk)
    if not learning_access.can_record_meetings(request.user, group):
        raise PermissionDenied
    return group


def _recordable_meeting(request: HttpRequest, pk: int) -> Meeting:
    meeting = learning_access.get_meeting_or_404(request.user, pk)
    if not learning_access.can_record_meetings(request.user, meeting.group):
        raise PermissionDenied
    return meeting


@login_required
def meeting_form(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan a meeting (``meeting_new``: pk is the group) or change one (``meeting_edit``)."""
    if request.resolver_match.url_name == "meeting_new":
        group, meeting = _recordable_group(request, pk), None
        initial = {"start": "14:00", "end": "15:30"}
    else:
        meeting = _recordable_meeting(request, pk)
        if meeting.status == MeetingStatus.HELD:  # a held meeting is corrected in its record
            return redirect("portal:meeting_record", pk=meeting.pk)
        group, initial = meeting.group, MeetingForm.initial_for(meeting)
    modules = unit_queries.group_modules(group)
    if meeting is None:
        done = set(group.progress.values_list("module_id", flat=True))
        upcoming = [m for m in modules if m.pk not in done]
        if upcoming:
            initial["module"] = upcoming[0].pk
    form_class = NewMeetingForm if meeting is None else MeetingForm
    form = form_class(
        request.POST if request.method == "POST" else None, initial=initial, modules=modules
    )
    if request.method == "POST" and form.is_valid():
        try:
            if meeting is None:
                count = form.cleaned_data["count"]
                services.plan_meetings(
                    group, form.to_input(), count, form.cleaned_data["weeks_between"]
                )
                messages.success(
                    request,
                    ngettext("The meeting is planned.", "%(n)d meetings are planned.", count)
                    % {"n": count},
                )
            else:
                services.update_meeting(meeting, form.to_input())
                messages.success(request, _("The meeting is changed."))
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return redirect(group_url(group))
    context = {"group": group, "meeting": meeting, "form": form}
    return render(request, "learning/meeting_form.html", context)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = learning_access.get_meeting_or_404(request.user, pk)
    present = set(meeting.attendance.values_list("person_id", flat=True))
    members = unit_queries.meeting_people(meeting)
    context = {
        "meeting": meeting,
        "group": meeting.group,
        "module": meeting.module,
        "members": [(p, p.pk in present) for p in members],
        "present_count": len(present),
        "can_record": learning_access.can_record_meetings(request.user, meeting.group),
        "started": meeting.starts_at <= timezone.now(),
    }
    return render(request, "learning/meeting_detail.html", context)


@login_required
def meeting_record(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _recordable_meeting(request, pk)
    group = meeting.group
    members = unit_queries.meeting_people(meeting)
    modules = unit_queries.group_modules(group)
    initial = MeetingForm.initial_for(meeting)
    if meeting.status == MeetingStatus.HELD:
        initial["present"] = list(meeting.attendance.values_list("person_id", flat=True))
    else:
        initial["present"] = [p.pk for p in members]
    initial.update(notes=meeting.notes, between_tasks=meeting.between_tasks)
    if meeting.module_id:
        initial["module_done"] = group.progress.filter(module_id=meeting.module_id).exists() or (
            meeting.status != MeetingStatus.HELD
        )
    form = RecordForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        modules=modules,
        members=members,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_id = {p.pk: p for p in members}
        try:
            services.record_meeting_and_module(
                meeting,
                form.to_input(),
                [by_id[i] for i in data["present"]],
                notes=data["notes"],
                between_tasks=data["between_tasks"],
                by=request.user,
                module_done=data["module_done"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The meeting is recorded."))
            return redirect(group_url(group))
    context = {"group": group, "meeting": meeting, "form": form}
    return render(request, "learning/meeting_record.html", context)


@login_required
@require_POST
def meeting_action(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _recordable_meeting(request, pk)
    action = request.POST.get("action")
    if action in ("cancel", "delete") and not confirm.confirmed(request):
        return _ask_about_meeting(request, meeting, action)
    try:
        if action == "cancel":
            services.cancel_meeting(meeting)
            messages.success(request, _("The meeting is cancelled."))
        elif action == "delete":
            services.delete_meeting(meeting)
            messages.success(request, _("The meeting is removed."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(group_url(meeting.group))


def _ask_about_meeting(request: HttpRequest, meeting: Meeting, action: str) -> HttpResponse:
    starts = timezone.localtime(meeting.starts_at)
    when = {
        "date": formats.date_format(starts, "DATE_FORMAT"),
        "time": formats.time_format(starts, "H:i"),
        "group": meeting.group.name,
    }
    back = reverse("portal:meeting_edit", kwargs={"pk": meeting.pk})
    if action == "cancel":
        return confirm.ask(
            request,
            question=_("Call off the meeting of %(group)s on %(date)s at %(time)s?") % when,
            details=_(
                "The meeting is marked as not held and drops out of the calendar. It stays in "
                "the group's list as called off, and cannot be planned again."
            ),
            yes=_("Yes, call off the meeting"),
            no=_("No, keep the meeting"),
            back=back,
        )
    return confirm.ask(
        request,
        question=_("Remove the meeting of %(group)s on %(date)s at %(time)s?") % when,
        details=_("The meeting is deleted from the group's plan. This cannot be undone."),
        yes=_("Yes, remove the meeting"),
        no=_("No, keep the meeting"),
        back=back,
    )


@login_required
@require_POST
def module_progress(request: HttpRequest, pk: int, module_pk: int) -> HttpResponse:
    group = _recordable_group(request, pk)
    # Only a module of the catalogues of the group's unit's programmes; another is not found.
    module = get_object_or_404(unit_queries.catalogue_modules(group.unit), pk=module_pk)
    error = ""
    try:
        if request.POST.get("done") == "1":
            services.mark_module_done(group, module, timezone.localdate(), request.user)
        else:
            services.unmark_module(group, module)
    except ValidationError as refused:
        error = " ".join(refused.messages)
        messages.error(request, error)
    if request.htmx:
        row = next(
            (r for r in unit_queries.progress_rows(group) if r["module"].pk == module.pk), None
        )
        if row is None:  # not a module of the unit's packages: nothing to swap in
            response = HttpResponse(error, status=422)
            response.headers["HX-Reswap"] = "none"
            return response
        context = {"group": group, "row": row, "can_record": True}
        return render(request, "learning/includes/progress_row.html", context)
    return redirect(group_url(group) + "#progress-heading")
