import pytest

from tests.smtp_server import Inbox, SmtpServer


@pytest.fixture(scope="session")
def _smtp_server():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def smtp(_smtp_server, settings) -> Inbox:
    """A real SMTP server that Django sends to; its inbox is empty at the start."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _smtp_server.port
    settings.SAMLA_BASE_URL = "https://samla.example.no"
    _smtp_server.inbox.clear()
    return _smtp_server.inbox
