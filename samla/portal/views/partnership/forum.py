"""The cooperation forum: its members by type (administrators add and remove them), its
meetings with agenda and minutes, and each meeting's decisions. Members, administrators
and the county governor read; members with a seat other than the county governor's and
administrators write meetings and decisions; everyone else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samla.partnership import access
from samla.partnership.forms.forum import DecisionForm, MeetingForm, MemberForm
from samla.partnership.queries import forum as queries
from samla.partnership.queries.partners import (
    programme_owners,
    programme_partners,
    programme_people,
)
from samla.partnership.services import forum as services
from samla.portal import confirm


def _forum_url(forum) -> str:
    return reverse(
        "portal:partnership_forum", kwargs={"slug": forum.programme.slug, "pk": forum.pk}
    )


def _meeting_url(meeting) -> str:
    slug = meeting.forum.programme.slug
    return reverse("portal:partnership_forum_meeting", kwargs={"slug": slug, "pk": meeting.pk})


@login_required
def forum_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = access.get_partnership_or_404(request.user, slug)
    forums = list(queries.forums_for(request.user, programme).order_by("name"))
    if not forums and not access.reads_everything(request.user, programme):
        raise Http404
    return render(
        request, "partnership/forum/list.html", {"programme": programme, "forums": forums}
    )


@login_required
def forum_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = access.get_partnership_or_404(request.user, slug)
    forum = queries.get_forum_or_404(request.user, programme, pk)
    context = {
        "programme": programme,
        "forum": forum,
        "groups": queries.members_by_type(forum),
        "meetings": queries.meetings(forum),
        "is_admin": access.is_admin(request.user, programme),
        "writes": queries.writes_forum(request.user, forum),
    }
    return render(request, "partnership/forum/detail.html", context)


@login_required
def member_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = access.get_partnership_or_404(request.user, slug)
    forum = queries.get_forum_or_404(request.user, programme, pk)
    if not access.is_admin(request.user, programme):
        raise PermissionDenied
    form = MemberForm(
        request.POST if request.method == "POST" else None,
        people=programme_people(request.user, programme),
        owners=programme_owners(programme),
        partners=programme_partners(programme),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_member(request.user, forum, form.to_input())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The member is added."))
            return redirect(_forum_url(forum))
    context = {"programme": programme, "forum": forum, "form": form}
    return render(request, "partnership/forum/member_form.html", context)


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = access.get_partnership_or_404(request.user, slug)
    member = queries.get_member_or_404(programme, pk)
    queries.get_forum_or_404(request.user, programme, member.forum_id)
    if not access.is_admin(request.user, programme):
        raise PermissionDenied
    back = _forum_url(member.forum)
    if not confirm.confirmed(request):
        return confirm.ask(
            request,
            question=_("Remove %(person)s from %(forum)s?")
            % {"person": member.person, "forum": member.forum},
            details=_("The person no longer reads or writes the forum's meetings."),
            yes=_("Yes, remove the member"),
            back=back,
        )
    try:
        services.remove_member(request.user, member)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The member is removed."))
    return redirect(back)


@login_required
def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = access.get_partnership_or_404(request.user, slug)
    meeting = queries.get_meeting_or_404(request.user, programme, pk)
    context = {
        "programme": programme,
        "forum": meeting.forum,
        "meeting": meeting,
        "decisions": queries.decisions(meeting),
        "writes": queries.writes_forum(request.user, meeting.forum),
    }
    return render(request, "partnership/forum/meeting.html", context)


@login_required
def meeting_form(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Plan a meeting (``..._meeting_new``: pk is the forum) or change one."""
    programme = access.get_partnership_or_404(request.user, slug)
    if request.resolver_match.url_name == "partnership_forum_meeting_new":
        forum, meeting = queries.get_forum_or_404(request.user, programme, pk), None
    else:
        meeting = queries.get_meeting_or_404(request.user, programme, pk)
        forum = meeting.forum
    if not queries.writes_forum(request.user, forum):
        raise PermissionDenied
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        initial=MeetingForm.initial_for(meeting) if meeting else {},
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_meeting(request.user, forum, form.to_input(), meeting)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect(_meeting_url(saved))
    context = {"programme": programme, "forum": forum, "meeting": meeting, "form": form}
    return render(request, "partnership/forum/meeting_form.html", context)


@login_required
def decision_form(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Record a decision (``..._decision_new``: pk is the meeting) or correct one."""
    programme = access.get_partnership_or_404(request.user, slug)
    if request.resolver_match.url_name == "partnership_forum_decision_new":
        meeting, decision = queries.get_meeting_or_404(request.user, programme, pk), None
        initial = {"order": meeting.decisions.count() + 1}
    else:
        decision = queries.get_decision_or_404(request.user, programme, pk)
        meeting, initial = decision.meeting, DecisionForm.initial_for(decision)
    if not queries.writes_forum(request.user, meeting.forum):
        raise PermissionDenied
    form = DecisionForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        voters=queries.voting_members(meeting.forum),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_decision(request.user, meeting, form.to_input(), decision)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The decision is saved."))
            return redirect(_meeting_url(meeting))
    context = {
        "programme": programme,
        "forum": meeting.forum,
        "meeting": meeting,
        "decision": decision,
        "form": form,
    }
    return render(request, "partnership/forum/decision_form.html", context)


P = "partnerskap/<slug:slug>/forum/"
urlpatterns: list[URLPattern] = [
    path(P, forum_list, name="partnership_forums"),
    path(f"{P}<int:pk>/", forum_detail, name="partnership_forum"),
    path(f"{P}<int:pk>/medlemmer/ny/", member_new, name="partnership_forum_member_new"),
    path(f"{P}medlemmer/<int:pk>/fjern/", member_remove, name="partnership_forum_member_remove"),
    path(f"{P}<int:pk>/moter/nytt/", meeting_form, name="partnership_forum_meeting_new"),
    path(f"{P}moter/<int:pk>/", meeting_detail, name="partnership_forum_meeting"),
    path(f"{P}moter/<int:pk>/endre/", meeting_form, name="partnership_forum_meeting_edit"),
    path(f"{P}moter/<int:pk>/vedtak/nytt/", decision_form, name="partnership_forum_decision_new"),
    path(f"{P}vedtak/<int:pk>/endre/", decision_form, name="partnership_forum_decision_edit"),
]
