"""One notification told to many people is rendered once and given each recipient's own
name and unsubscribe address: the mails read exactly as if each were rendered alone."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from samla.notifications import rendering
from samla.notifications.kinds import Kind
from samla.notifications.services import unsubscribe
from samla.notifications.texts import title_and_body
from samla.org.models import Person
from tests.notifications.test_mail_support import notify, person


def _alone(notification, language: str) -> tuple[str, str]:
    """The mail's text and HTML rendered straight from the templates for this person."""
    who = notification.person
    with translation.override(language):
        title, body = title_and_body(notification.kind, notification.params)
        context = {
            "language": language,
            "first_name": who.first_name,
            "title": title,
            "body": body,
            "url": rendering.notification_url(notification),
            "kind": Kind(notification.kind).label,
            "settings_url": rendering.absolute(reverse("portal:notification_settings")),
            "unsubscribe_url": unsubscribe.link(who.pk, notification.kind),
        }
        return (
            render_to_string("notifications/email/notification.txt", context),
            render_to_string("notifications/email/notification.html", context),
        )


def test_shared_rendering_gives_each_person_their_own_name_and_link(db, settings):
    settings.SAMLA_BASE_URL = "https://samla.example.no"
    marked, plain, nameless = person("aase"), person("bo"), person("nn")
    marked.first_name = 'Åse <b>"&</b>'
    nameless.first_name = ""
    Person.objects.bulk_update([marked, nameless], ["first_name"])
    for who in (marked, plain, nameless):
        for language in ("nb", "nn", "en"):
            notification = notify(who)
            message = rendering.notification_message(notification, language)
            text, html = _alone(notification, language)
            assert message.body == text
            assert message.alternatives[0][0] == html
            assert "\x00" not in message.body + html
    html = rendering.notification_message(notify(marked), "nb").alternatives[0][0]
    assert "Åse &lt;b&gt;&quot;&amp;&lt;/b&gt;" in html and "<b>" not in html
    first = rendering.notification_message(notify(marked), "nb")
    second = rendering.notification_message(notify(plain), "nb")
    assert unsubscribe.token(marked.pk, Kind.DEADLINE_TODAY) in first.body
    assert unsubscribe.token(marked.pk, Kind.DEADLINE_TODAY) not in second.body
    assert unsubscribe.token(plain.pk, Kind.DEADLINE_TODAY) in second.body
