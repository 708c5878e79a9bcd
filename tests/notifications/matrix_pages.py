"""Who opens the notification pages: each person their own list and settings; a
notification only its own person; the unsubscribe link anyone holding it (mail clients do
not log in); the address problems programme administrators only."""

from samla.notifications.services import unsubscribe
from samla.org.models import Person
from tests.notifications.pages_support import notify
from tests.role_matrix_support import Case, everyone, no_kwargs, only


def _teachers_notification(org) -> dict:
    (notification,) = notify(Person.objects.get(username="laerer"), prefix="matrix")
    return {"pk": notification.pk}


def _token(org) -> dict:
    person = Person.objects.get(username="laerer")
    return {"token": unsubscribe.token(person.pk, "deadline_week")}


CASES = [
    Case("portal:notifications", "notifications", no_kwargs, everyone(200, anonymous=302)),
    Case(
        "portal:notifications_read",
        "mark as read (POST only)",
        no_kwargs,
        everyone(405, anonymous=302),
    ),
    Case(
        "portal:notification_open",
        "the teacher's notification (opening it leads on to its page)",
        _teachers_notification,
        only({"laerer"}, ok=302),
    ),
    Case(
        "portal:notification_settings",
        "e-mail settings",
        no_kwargs,
        everyone(200, anonymous=302),
    ),
    Case("portal:notifications_unsubscribe", "unsubscribe link", _token, everyone(200)),
    Case(
        "portal:notifications_unsubscribe",
        "altered unsubscribe link",
        lambda org: {"token": "x"},
        everyone(404),
    ),
    Case(
        "portal:notification_addresses",
        "address problems and reminder threshold",
        no_kwargs,
        only({"admin"}, other=403),
    ),
]
