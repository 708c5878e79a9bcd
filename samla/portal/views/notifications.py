"""A person's notifications: the list behind the bell (newest first, paged), marking them
read, opening one, and how each kind reaches them by e-mail. Everything here is the
logged-in person's own: another person's notification answers 404.

Opening a notification is a GET of ``varsler/<id>/`` that marks it read and sends the
person on to its page: a plain link works without JavaScript, in a new tab and from a
screen reader's list of links; marking read is harmless to repeat, and only the
person's own row changes."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from samla.core.posted import posted_id
from samla.notifications import queries, services
from samla.notifications.forms import MailChoicesForm
from samla.notifications.kinds import Kind
from samla.notifications.services import unsubscribe as unsubscribe_tokens
from samla.org import access


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = queries.notification_page(request.user, request.GET.get("page"))
    # Administrators reach their programmes' address problems from here.
    is_admin = access.is_programme_admin(request.user)
    return render(request, "notifications/list.html", {"page": page, "is_admin": is_admin})


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    """One notification (``notification``) or all of them (``all``) marked read."""
    if request.POST.get("all"):
        changed = services.mark_read(request.user, None, timezone.now())
        messages.success(
            request,
            ngettext(
                "%(count)s notification marked as read.",
                "%(count)s notifications marked as read.",
                changed,
            )
            % {"count": changed},
        )
    else:
        notification = queries.own_notification_or_404(
            request.user, posted_id(request.POST, "notification")
        )
        services.mark_read(request.user, [notification.pk], timezone.now())
        messages.success(request, _("The notification is marked as read."))
    return redirect(_back_to_list(request.POST.get("page", "")))


def _back_to_list(page: str) -> str:
    url = reverse("portal:notifications")
    return f"{url}?page={page}" if page.isdigit() and page != "1" else url


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    notification = queries.own_notification_or_404(request.user, pk)
    if notification.read_at is None:
        services.mark_read(request.user, [notification.pk], timezone.now())
    link = notification.link
    # A link is a path inside Samla; anything else goes to the list instead.
    if not link.startswith("/") or not url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        link = reverse("portal:notifications")
    return redirect(link)


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    person = request.user
    form = MailChoicesForm(request.POST or None, choices=queries.mail_choices(person))
    if request.method == "POST" and form.is_valid():
        services.set_mail_choices(person, form.chosen())
        messages.success(request, _("Your choices for e-mails are saved."))
        return redirect("portal:notification_settings")
    language = queries.mail_language(person)
    return render(
        request,
        "notifications/settings.html",
        {
            "form": form,
            "email": person.email,
            "language_name": dict(settings.LANGUAGES).get(language, language),
        },
    )


@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every e-mail, with no login: GET asks, POST stops those e-mails. A mail
    client's one-click POST (RFC 8058, body ``List-Unsubscribe=One-Click``) carries no
    CSRF token, so none is asked for: the signed token names the person and the kind, and
    only that person's choice changes. The page names the kind, never the person."""
    found = unsubscribe_tokens.read(token)
    person = queries.active_person(found[0]) if found else None
    kind = found[1] if found else ""
    if person is None or (kind != unsubscribe_tokens.EVERY_KIND and kind not in Kind.values):
        return render(request, "notifications/unsubscribe_invalid.html", status=404)
    every = kind == unsubscribe_tokens.EVERY_KIND
    done = request.method == "POST"
    if done:
        services.apply_unsubscribe(person, kind)
    return render(
        request,
        "notifications/unsubscribe.html",
        {"every": every, "what": "" if every else Kind(kind).label, "done": done},
    )
