"""Talking to the mail server: one SMTP connection for a run (``Postman``), and what
each answer means for the notification being sent (``Outcome``): sent, to try again
later, refused for the address's sake (an ``AddressProblem``), or failed for good.

A timeout or an unreachable server makes the postman ``down`` so that the run stops and
its rows wait for the next one. A recipient refused for good counts against the address
only when the server says so (RFC 3463 X.1.x addressing or X.2.x mailbox, or 550, 551,
553 without an enhanced code); "relaying denied" (X.7.x) and other refusals of our
server or message say nothing of the address and are tried again. A message refused for
the server's policy (X.7.x at DATA: SPF, DMARC, a login) is tried again too, and a
refused sender stops the run: the next mail would be refused alike."""

from __future__ import annotations

import contextlib
import logging
import smtplib
from dataclasses import dataclass
from enum import Enum

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 20


class Outcome(Enum):
    SENT = "sent"
    RETRY = "retry"  # temporary: try again later
    REFUSED = "refused"  # the address: refused for good, or not an address
    FAILED = "failed"  # refused for good, not for the address


@dataclass(frozen=True)
class Answer:
    outcome: Outcome
    error: str = ""  # the error's class and code, never its text


def error_name(error: BaseException) -> str:
    code = getattr(error, "smtp_code", None)
    return f"{type(error).__name__} {code}"[:80] if code else type(error).__name__[:80]


def is_address(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


class Postman:
    """One SMTP connection for a run: opened for the first message, closed after an error
    and opened again for the next one. ``down`` once the server could not be reached."""

    def __init__(self) -> None:
        self.connection = None
        self.down = False
        self.error = ""  # why the server could not be reached

    def __enter__(self) -> Postman:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        if self.connection is not None:
            # A broken connection is gone either way.
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.connection.close()
            self.connection = None

    def send(self, message: EmailMessage) -> Answer:
        if not all(is_address(address) for address in message.to):
            return Answer(Outcome.REFUSED, "invalid address")
        if self.connection is None:
            try:
                self.connection = get_connection(timeout=TIMEOUT_SECONDS)
                self.connection.open()
            except (smtplib.SMTPException, OSError) as error:
                self.connection = None
                self.down, self.error = True, error_name(error)
                log.warning(
                    "notifications: the mail server cannot be reached (%s)", error_name(error)
                )
                return Answer(Outcome.RETRY, error_name(error))
        try:
            self.connection.send_messages([message])
        except smtplib.SMTPRecipientsRefused as error:
            answer = _recipients_refused(error)
        except smtplib.SMTPSenderRefused as error:
            # Our sender, not this mail: every next mail would be refused alike.
            answer = Answer(Outcome.RETRY, error_name(error))
            self.down, self.error = True, answer.error
        except smtplib.SMTPResponseException as error:
            permanent = 500 <= error.smtp_code < 600 and not _policy(error.smtp_error)
            answer = Answer(Outcome.FAILED if permanent else Outcome.RETRY, error_name(error))
        except (smtplib.SMTPException, OSError) as error:
            answer = Answer(Outcome.RETRY, error_name(error))
            if _timed_out(error):
                # The server stopped answering: the next mail would wait as long.
                self.down, self.error = True, answer.error
        except ValueError as error:  # an address Python's e-mail package cannot write
            answer = Answer(Outcome.REFUSED, error_name(error))
        else:
            return Answer(Outcome.SENT)
        log.warning("notifications: an e-mail was not sent (%s)", answer.error)
        self.close()
        return answer


def _timed_out(error: BaseException) -> bool:
    """Whether the server did not answer in time (smtplib reports a read that timed out
    as a lost connection, with the timeout as its context)."""
    seen: BaseException | None = error
    for _depth in range(3):
        if seen is None:
            return False
        if isinstance(seen, TimeoutError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


# Basic codes that refuse the address itself when the server gives no enhanced code.
ADDRESS_CODES = frozenset({550, 551, 553})


def _enhanced(text: bytes | str) -> list[str]:
    """The enhanced status code an answer starts with (RFC 3463: ``5.7.1`` as
    ``["5", "7", "1"]``), or []."""
    words = (text.decode("utf-8", "replace") if isinstance(text, bytes) else text).split()
    parts = words[0].split(".") if words else []
    return parts if len(parts) == 3 and all(part.isdigit() for part in parts) else []


def _policy(text: bytes | str) -> bool:
    """A refusal for the server's security or policy rules (X.7.x): about us, which its
    operator or ours can put right, so worth trying again."""
    enhanced = _enhanced(text)
    return bool(enhanced) and enhanced[1] == "7"


def _about_the_address(code: int, text: bytes | str) -> bool:
    """Whether a permanent refusal of a recipient is about the address (RFC 3463: X.1.x
    addressing, X.2.x the mailbox), not about our server or message (X.7.x policy such
    as relaying denied, X.3.x, X.4.x, X.5.x)."""
    enhanced = _enhanced(text)
    if enhanced:
        return enhanced[1] in {"1", "2"}
    return code in ADDRESS_CODES


def _recipients_refused(error: smtplib.SMTPRecipientsRefused) -> Answer:
    answers = list(error.recipients.values())
    code, text = answers[0] if answers else (0, b"")
    name = f"{type(error).__name__} {code}"
    refused = 500 <= code < 600 and _about_the_address(code, text)
    return Answer(Outcome.REFUSED if refused else Outcome.RETRY, name)
