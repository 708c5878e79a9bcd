"""Invitations: a new person gets an e-mail with a one-time link and chooses their own
password with it. No password is ever sent.

- The link's key is random (``secrets``); only its SHA-256 is stored, so the table alone
  opens no account. A key is looked up by its hash: nothing is compared character by
  character.
- A link works once, until it expires (``SAMLA_INVITATION_DAYS``, 14 days unless set),
  and only while it is the person's newest: sending again gives a new key and the old link
  stops working.
- The e-mail goes out inside the transaction that stores the key: if it cannot be sent,
  nothing is changed and the steward is told so.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Max, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from . import stewardship
from .models import ChangeAction, Invitation, LanguageForm, Membership, Person, Programme
from .services import record_change

log = logging.getLogger(__name__)

DEFAULT_DAYS = 14
# One e-mail a minute per person at most, however many stewards press "Send again".
RESEND_INTERVAL = timedelta(minutes=1)
# What secrets.token_urlsafe(32) gives: 43 characters of the URL-safe alphabet.
_KEY = re.compile(r"[A-Za-z0-9_-]{43}")
_MAIL_TIMEOUT_SECONDS = 20


class LinkState(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"
    # Never issued, replaced by a newer link, or the person is deactivated: the page says
    # the same for all of these, so a link reveals nothing about the person.
    UNKNOWN = "unknown"


class InvitationRefused(Exception):
    """Why an invitation was not sent or a link not used. ``reason`` is one of
    ``no_email``, ``inactive``, ``active`` (already has an account in use), ``too_soon``,
    ``not_sent`` or a ``LinkState`` other than valid."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Lookup:
    state: LinkState
    invitation: Invitation | None = None


def invitation_days() -> int:
    return int(getattr(settings, "SAMLA_INVITATION_DAYS", DEFAULT_DAYS))


def hash_of(key: str) -> str:
    """The SHA-256 (hex) of a link's key: what is stored, and what a page may keep."""
    return hashlib.sha256(key.encode()).hexdigest()


def language_for(person: Person) -> str:
    """The language of the person's e-mail: Nynorsk when every unit they work at writes
    Nynorsk, otherwise Bokmål."""
    # Read from the person's memberships (by index): the units joined to memberships at
    # the unit OR at a class of it were a scan of every unit, class and membership.
    forms = set()
    for held in Membership.objects.filter(person=person).values_list(
        "unit__language_form", "group__unit__language_form"
    ):
        forms.update(held)
    forms -= {"", None}
    return "nn" if forms == {LanguageForm.NYNORSK} else "nb"


def invite(
    person: Person,
    *,
    programme: Programme,
    actor: Person,
    base_url: str,
    language: str | None = None,
) -> Invitation:
    """Send the person a link to activate their account in the programme.

    Side effects, all or nothing: locks the person; stores a new key hash on the person's
    open invitation in the programme (or a new invitation), expiring in
    ``invitation_days()``, with ``invited_by`` the actor, ``sent_at`` now and
    ``times_sent`` one up; ends every other open link of the person; records INVITED in the
    history; sends the e-mail. Refused (``InvitationRefused``) without an e-mail address,
    for a deactivated person, a person already using their account, or within a minute of
    the last e-mail to the person."""
    with transaction.atomic():
        locked = _lock_invitable(person)
        invitation = Invitation.objects.filter(
            person=locked, programme=programme, accepted_at__isnull=True
        ).first() or Invitation(person=locked, programme=programme)
        invitation.invited_by = actor if actor.is_authenticated else None
        return _issue(invitation, locked, actor=actor, base_url=base_url, language=language)


def resend(
    invitation: Invitation, *, actor: Person, base_url: str, language: str | None = None
) -> Invitation:
    """Send the invitation again with a new key: the link sent before stops working.

    Side effects and refusals as ``invite`` (the inviter stays as it was); refused with
    ``used`` when the invitation has been used meanwhile."""
    with transaction.atomic():
        locked = _lock_invitable(invitation.person)
        current = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).first()
        if current is None:
            raise InvitationRefused(LinkState.USED)
        return _issue(current, locked, actor=actor, base_url=base_url, language=language)


def look_up(key: str) -> Lookup:
    """What a link's key opens: its invitation and whether it still works."""
    if not _KEY.fullmatch(key or ""):
        return Lookup(LinkState.UNKNOWN)
    return look_up_hash(hash_of(key))


def look_up_hash(key_hash: str) -> Lookup:
    invitation = (
        Invitation.objects.select_related("person", "programme", "invited_by")
        .filter(key_hash=key_hash)
        .first()
    )
    if invitation is None:
        return Lookup(LinkState.UNKNOWN)
    state = _state_of(invitation)
    return Lookup(state, invitation if state != LinkState.UNKNOWN else None)


def find_valid(key: str) -> Invitation | None:
    """The invitation a key opens, if the link still works."""
    found = look_up(key)
    return found.invitation if found.state == LinkState.VALID else None


def activate(invitation: Invitation, password: str) -> Person:
    """Use the invitation: the person's password is set and the link is spent.

    Side effects, all or nothing: locks the invitation (two clicks at once: one wins, the
    other is refused with ``used``); checks the password against the password validators
    (``ValidationError``); sets it; marks the invitation accepted; ends the person's other
    open links; records ACTIVATED in the history. Refused (``InvitationRefused``) when the
    link has expired, was used, was replaced by a newer one, or the person is deactivated.
    """
    with transaction.atomic():
        current = (
            Invitation.objects.select_for_update()
            .select_related("person")
            .filter(pk=invitation.pk, key_hash=invitation.key_hash)
            .first()
        )
        state = _state_of(current) if current is not None else LinkState.UNKNOWN
        if current is None or state != LinkState.VALID:
            raise InvitationRefused(state)
        person = current.person
        password_validation.validate_password(password, user=person)
        person.set_password(password)
        person.save(update_fields=["password"])
        now = timezone.now()
        current.accepted_at = now
        current.save(update_fields=["accepted_at"])
        _end_other_links(current, now)
        record_change(
            ChangeAction.ACTIVATED, actor=person, person=person, programme=current.programme
        )
    return person


def pending(programme: Programme) -> QuerySet[Invitation]:
    """The programme's invitations of people who have not activated their account yet
    (expired links among them), one per person, by name. Deactivated people are left out:
    they cannot activate."""
    return (
        Invitation.objects.filter(
            programme=programme,
            accepted_at__isnull=True,
            person__is_active=True,
            person__last_login__isnull=True,
        )
        .exclude(person__invitations__accepted_at__isnull=False)
        .select_related("person", "invited_by")
        .order_by("person__last_name", "person__first_name", "person__username")
    )


def pending_for(actor: Person, programme: Programme) -> QuerySet[Invitation]:
    """``pending`` limited to the people the steward looks after."""
    in_scope = stewardship.people_in_scope(actor, programme).values("pk")
    return pending(programme).filter(person__in=in_scope)


def pending_invitation(actor: Person, programme: Programme, pk: int) -> Invitation | None:
    """One of the steward's pending invitations, if the steward may manage its person."""
    invitation = pending_for(actor, programme).filter(pk=pk).first()
    if invitation is None or not stewardship.can_manage_person(actor, programme, invitation.person):
        return None
    return invitation


def person_to_invite(actor: Person, programme: Programme, pk: int) -> Person | None:
    """A person the steward may invite: in their scope, none of the person's roles outside
    it."""
    person = stewardship.people_in_scope(actor, programme).filter(pk=pk).first()
    if person is None or not stewardship.can_manage_person(actor, programme, person):
        return None
    return person


def open_invitation(person: Person, programme: Programme) -> Invitation | None:
    """The person's invitation to the programme that is not used yet, if any."""
    return person.invitations.filter(programme=programme, accepted_at__isnull=True).first()


def has_activated(person: Person) -> bool:
    return (
        person.last_login is not None
        or person.invitations.filter(accepted_at__isnull=False).exists()
    )


# --- inside -------------------------------------------------------------------------------


def _state_of(invitation: Invitation) -> LinkState:
    if not invitation.person.is_active:
        return LinkState.UNKNOWN
    if invitation.accepted_at is not None:
        return LinkState.USED
    if invitation.expires_at <= timezone.now():
        return LinkState.EXPIRED
    return LinkState.VALID


def _lock_invitable(person: Person) -> Person:
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if not locked.is_active:
        raise InvitationRefused("inactive")
    if not locked.email:
        raise InvitationRefused("no_email")
    if has_activated(locked):
        raise InvitationRefused("active")
    last_sent = Invitation.objects.filter(person=locked).aggregate(last=Max("sent_at"))["last"]
    if last_sent is not None and timezone.now() - last_sent < RESEND_INTERVAL:
        raise InvitationRefused("too_soon")
    return locked


def _issue(
    invitation: Invitation,
    person: Person,
    *,
    actor: Person,
    base_url: str,
    language: str | None,
) -> Invitation:
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation.person = person
    invitation.key_hash = hash_of(key)
    invitation.sent_at = now
    invitation.times_sent += 1
    invitation.expires_at = now + timedelta(days=invitation_days())
    invitation.save()
    _end_other_links(invitation, now)
    record_change(
        ChangeAction.INVITED,
        actor=actor,
        person=person,
        programme=invitation.programme,
        detail=person.email,
    )
    _send(invitation, key, base_url=base_url, language=language or language_for(person))
    return invitation


def _end_other_links(invitation: Invitation, now) -> None:
    Invitation.objects.filter(
        person_id=invitation.person_id, accepted_at__isnull=True, expires_at__gt=now
    ).exclude(pk=invitation.pk).update(expires_at=now)


def _send(invitation: Invitation, key: str, *, base_url: str, language: str) -> None:
    person = invitation.person
    context = {
        "person": person,
        "programme": invitation.programme,
        "inviter": invitation.invited_by,
        "link": base_url.rstrip("/") + reverse("portal:activate", kwargs={"key": key}),
        "expires_at": invitation.expires_at,
        "days": invitation_days(),
    }
    with translation.override(language):
        subject = render_to_string("org/email/invitation_subject.txt", context)
        body = render_to_string("org/email/invitation.txt", context)
    inviter = invitation.invited_by
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[person.email],
        reply_to=[inviter.email] if inviter is not None and inviter.email else None,
        headers={"Content-Language": language},
        connection=get_connection(timeout=_MAIL_TIMEOUT_SECONDS),
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        # The class only: an SMTP error's text can hold the address.
        log.warning("invitation %s not sent: %s", invitation.pk, type(error).__name__)
        raise InvitationRefused("not_sent") from error
