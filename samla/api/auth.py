"""Who calls: a personal token in ``Authorization: Bearer …`` (``samla.org.tokens``), and
how often they may.

A wrong token counts against the client's failure budget like a wrong password does
(``samla.core.throttle``); a right one is limited to ``SAMLA_API_RATE`` calls a minute,
counted per person (all their tokens together) in the cache that every server
shares."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import translation
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from samla.core import throttle
from samla.core.clients import counting_key, request_ip
from samla.core.throttle import Budget, Limit
from samla.org.tokens import person_for_token

BAD_TOKENS = Budget(
    "api-token", (Limit(failures=20, seconds=600), Limit(failures=100, seconds=86400)), alert=500
)


class TokenRefused(Exception):
    """The client has used up its budget of wrong tokens: ``seconds`` until the longest
    spent window turns over."""

    def __init__(self, seconds: int):
        super().__init__(seconds)
        self.seconds = seconds


def _client(request: HttpRequest) -> str:
    # Counted like code entry: an IPv6 client's whole /64, or one IPv4 address.
    return counting_key(request_ip(request))


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest):
        now = throttle.clock()
        spent = BAD_TOKENS.exhausted(_client(request), now)
        if spent is not None:
            raise TokenRefused(int(spent.seconds - now % spent.seconds) + 1)
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str):
        person = person_for_token(token)
        if person is None:
            BAD_TOKENS.fail(_client(request))
            return None
        # The access rules of the pages read the person from the request.
        request.user = person
        request.LANGUAGE_CODE = answer_language(request.headers.get("Accept-Language", ""), person)
        translation.activate(request.LANGUAGE_CODE)
        return person


LANGUAGES = {"nb": "nb", "no": "nb", "nn": "nn", "en": "en"}


def answer_language(accept: str, person) -> str:
    """The language of the answer's words (labels, names of groups): the first of
    Accept-Language that Samla speaks (Bokmål for "no"), else the person's own choice in
    Samla, else Bokmål. Other systems say what they want; they have no language cookie."""
    asked = []
    for part in accept.split(",")[:20]:
        tag, _sep, weight = part.strip().partition(";q=")
        try:
            q = float(weight) if weight else 1.0
        except ValueError:
            q = 0.0
        found = LANGUAGES.get(tag.strip().lower().split("-")[0])
        if found and q > 0:
            asked.append((-q, len(asked), found))
    if asked:
        return min(asked)[2]
    return person.language if person.language in LANGUAGES.values() else settings.LANGUAGE_CODE


WINDOW = 60  # seconds


class TokenRate(BaseThrottle):
    """A fixed window of calls per person: exact on Redis (INCR), near enough on the
    database cache (calls at the very same moment may count once)."""

    def allow_request(self, request: HttpRequest) -> bool:
        person = getattr(request, "auth", None)
        if person is None:
            return True
        now = throttle.clock()  # the wall clock (tests hold it still)
        window = int(now // WINDOW)
        self._left = WINDOW - (now - window * WINDOW)
        key = f"samla:api-rate:{person.pk}:{window}"
        cache.add(key, 0, WINDOW + 60)
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW + 60)
            used = 1
        return used <= settings.SAMLA_API_RATE

    def wait(self) -> float | None:
        return getattr(self, "_left", WINDOW)
