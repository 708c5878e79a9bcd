"""A real SMTP server for the tests (aiosmtpd on a free local port): it keeps every
message it accepts, and can be told to refuse an address or to fail for a while, as mail
servers do."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
from email.message import EmailMessage

from aiosmtpd.controller import Controller


class Inbox:
    """What arrived, and what the server is told to refuse (the server's ``_Handler``
    answers from it: aiosmtpd reads every attribute of its handler at each connection,
    which must not parse the messages)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.raw: list[tuple[list[str], bytes]] = []
        self.refused_addresses: set[str] = set()
        self.failures_left = 0  # answer 451 (try again later) to this many messages
        self.delay_seconds = 0.0  # a slow server: each message takes this long

    async def rcpt(self, envelope, address: str) -> str:
        if address.lower() in self.refused_addresses:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def data(self, envelope) -> str:
        if self.delay_seconds:
            await asyncio.sleep(self.delay_seconds)
        with self.lock:
            if self.failures_left > 0:
                self.failures_left -= 1
                return "451 4.3.0 Try again later"
            self.raw.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"

    def clear(self) -> None:
        with self.lock:
            self.raw.clear()
            self.refused_addresses.clear()
            self.failures_left = 0
            self.delay_seconds = 0.0

    @property
    def messages(self) -> list[EmailMessage]:
        """Every message accepted so far, parsed (headers decoded, parts reachable)."""
        with self.lock:
            raw = [content for _recipients, content in self.raw]
        return [email.message_from_bytes(content, policy=email.policy.default) for content in raw]

    def to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.messages if message["To"] == address]


class _Handler:
    def __init__(self, inbox: Inbox) -> None:
        self._inbox = inbox

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return await self._inbox.rcpt(envelope, address)

    async def handle_DATA(self, server, session, envelope):
        return await self._inbox.data(envelope)


def free_port() -> int:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        return free.getsockname()[1]


class SmtpServer:
    def __init__(self) -> None:
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = Controller(_Handler(self.inbox), hostname="127.0.0.1", port=self.port)

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()
