"""A plain HTTP client that answers the questionnaire as a browser would, and the load
loops that run many of them at once (threads + http.client: nothing to install).

Each respondent is its own device: its own connection (kept alive, as browsers do), its
own cookies, and its own source address in 127.0.0.0/8, so that the code-entry throttle
(per client address) sees many pupils, as it would in a school, not one machine."""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CHOICE = re.compile(r'<input type="(radio|checkbox)" name="([^"]+)" value="([^"]+)"')
NUMBER = re.compile(r'<input type="number"[^>]*name="([^"]+)"[^>]*>')
BOUND = re.compile(r'\b(min|max)="(-?\d+)"')
TEXTAREA = re.compile(r'<textarea name="([^"]+)"')
PAGE_PATH = re.compile(r"^/svar/side/\d+/$")
MAX_PAGES = 60


class Unexpected(Exception):
    """The server answered something a working questionnaire would not."""


@dataclass
class Sample:
    kind: str  # enter, page, send, done, bare
    method: str
    seconds: float
    ok: bool


@dataclass
class Tally:
    """What one load phase saw. Threads append; list.append is atomic in CPython."""

    samples: list[Sample] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    submitted: int = 0  # submits acknowledged with a redirect to the receipt
    started: float = 0.0
    finished: float = 0.0
    server_cpu: float = 0.0  # seconds, filled in by the bench
    client_cpu: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, message: str) -> None:
        with self.lock:
            if len(self.errors) < 1000:
                self.errors.append(message)


def source_addresses() -> Iterator[str]:
    """127.0.1.1, 127.0.1.2, … — a fresh loopback address per device, never 127.0.0.1."""
    number = 256
    while True:
        number += 1
        second, third, fourth = (number >> 16) & 255, (number >> 8) & 255, number & 255
        if fourth in (0, 255):
            continue
        yield f"127.{second}.{third}.{fourth}"


class Browser:
    """One device: a kept-alive connection, a cookie jar, the last page's CSRF token."""

    def __init__(self, port: int, source: str | None, tally: Tally) -> None:
        self.port = port
        self.source = source
        self.tally = tally
        self.cookies: dict[str, str] = {}
        self.connection = self._connect()

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(
            "127.0.0.1",
            self.port,
            timeout=30,
            source_address=(self.source, 0) if self.source else None,
        )

    def close(self) -> None:
        self.connection.close()

    def request(
        self, kind: str, method: str, path: str, form: list[tuple[str, str]] | None = None
    ) -> tuple[int, str, str]:
        """Send one request; (status, Location path, body). Records its latency."""
        headers = {"Host": f"127.0.0.1:{self.port}", "User-Agent": "samla-bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        began = time.perf_counter()
        for attempt in (1, 2):
            reused = self.connection.sock is not None
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read().decode("utf-8", "replace")
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # The server closed a kept-alive connection: browsers retry such a request
                # once on a new connection, and so do we.
                self.connection.close()
                self.connection = self._connect()
                if attempt == 2 or not reused:
                    raise
        seconds = time.perf_counter() - began
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
        for cookie in response.msg.get_all("Set-Cookie") or []:
            name, _eq, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if "expires=Thu, 01 Jan 1970" in cookie or "Max-Age=0" in cookie:
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        location = urlsplit(response.getheader("Location", "")).path
        ok = response.status < 400
        self.tally.samples.append(Sample(kind, method, seconds, ok))
        return response.status, location, content


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise Unexpected(message)


def _csrf(content: str) -> str:
    found = CSRF.search(content)
    _expect(found is not None, "no CSRF token in the form")
    return found.group(1)


def _fill_in(content: str, rng: random.Random) -> list[tuple[str, str]]:
    """What a pupil would tick on this page: one radio per question, a few boxes, a number
    within its bounds; now and then a question left open."""
    choices: dict[str, tuple[str, list[str]]] = {}
    for kind, name, value in CHOICE.findall(content):
        choices.setdefault(name, (kind, []))[1].append(value)
    form: list[tuple[str, str]] = []
    for name, (kind, values) in choices.items():
        if rng.random() < 0.03:
            continue
        if kind == "radio":
            form.append((name, rng.choice(values)))
        else:
            form += [(name, value) for value in values if rng.random() < 0.3]
    for tag in NUMBER.finditer(content):
        bounds = dict(BOUND.findall(tag.group(0)))
        form.append(
            (tag.group(1), str(rng.randint(int(bounds.get("min", 0)), int(bounds.get("max", 20)))))
        )
    for name in TEXTAREA.findall(content):
        if rng.random() < 0.05:
            form.append((name, "Det er fint på skolen."))
    return form


def answer_questionnaire(browser: Browser, code: str, rng: random.Random) -> None:
    """Code entry, every page (GET, then POST with answers), the send page, the receipt."""
    location = enter_code(browser, code)
    for _page in range(MAX_PAGES):
        path = location
        status, _location, content = browser.request("page", "GET", path)
        _expect(status == 200, f"GET {path} answered {status}")
        form = [("csrfmiddlewaretoken", _csrf(content)), *_fill_in(content, rng), ("go", "next")]
        status, location, _content = browser.request("page", "POST", path, form)
        _expect(status == 302, f"POST {path} answered {status}")
        if location == "/svar/send/":
            break
        _expect(PAGE_PATH.match(location) is not None, f"POST {path} went to {location!r}")
    else:
        raise Unexpected(f"more than {MAX_PAGES} pages")
    status, _location, content = browser.request("send", "GET", "/svar/send/")
    _expect(status == 200, f"GET /svar/send/ answered {status}")
    form = [("csrfmiddlewaretoken", _csrf(content))]
    status, location, _content = browser.request("send", "POST", "/svar/send/", form)
    _expect(status == 302 and location == "/svar/takk/", f"submit answered {status} → {location!r}")
    with browser.tally.lock:
        browser.tally.submitted += 1
    status, _location, _content = browser.request("done", "GET", "/svar/takk/")
    _expect(status == 200, f"GET /svar/takk/ answered {status}")


def _run_threads(count: int, work: Callable[[int], None], tally: Tally) -> None:
    threads = [threading.Thread(target=work, args=(index,), daemon=True) for index in range(count)]
    tally.started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tally.finished = time.perf_counter()


def respondents(
    port: int, codes: Iterator[str], concurrency: int, seconds: float, seed: int = 0
) -> Tally:
    """``concurrency`` respondents at a time, each a new device with the next code, until
    ``seconds`` have passed or the codes run out; no one is cut off half-way."""
    tally = Tally()
    lock = threading.Lock()
    addresses = source_addresses()
    deadline = time.perf_counter() + seconds

    def next_code() -> tuple[str, str] | None:
        with lock:
            if time.perf_counter() >= deadline:
                return None
            code = next(codes, None)
            return (code, next(addresses)) if code is not None else None

    def work(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        while (job := next_code()) is not None:
            code, source = job
            browser = Browser(port, source, tally)
            try:
                answer_questionnaire(browser, code, rng)
            except (Unexpected, OSError, http.client.HTTPException) as problem:
                tally.error(f"{type(problem).__name__}: {problem}")
            finally:
                browser.close()

    _run_threads(concurrency, work, tally)
    return tally


def enter_code(browser: Browser, code: str) -> str:
    """Code entry as in ``answer_questionnaire``; the path of the first page."""
    status, _location, content = browser.request("enter", "GET", "/svar/")
    _expect(status == 200, f"GET /svar/ answered {status}")
    form = [("csrfmiddlewaretoken", _csrf(content)), ("code", code), ("language", "nb")]
    status, location, _content = browser.request("enter", "POST", "/svar/", form)
    _expect(
        status == 302 and PAGE_PATH.match(location) is not None,
        f"code entry answered {status} → {location!r}",
    )
    return location


def pages_only(
    port: int, codes: Iterator[str], concurrency: int, seconds: float, seed: int = 0
) -> Tally:
    """The answer pages by themselves: ``concurrency`` devices enter a code each (before the
    clock starts, in a tally of their own), then go through the pages — GET, then POST with
    answers — and from the last page back to the first, again and again, as a pupil going
    over their answers, until ``seconds`` have passed. Nothing else is asked for, so the
    requests/s are the answer pages' own; every save must be answered with a redirect."""
    addresses = source_addresses()
    entering = Tally()
    devices: list[tuple[Browser, str]] = []
    try:
        for _index in range(concurrency):
            code = next(codes, None)
            _expect(code is not None, "the codes ran out before the page phase")
            browser = Browser(port, next(addresses), entering)
            devices.append((browser, enter_code(browser, code)))
        tally = Tally()
        deadline = time.perf_counter() + seconds

        def work(index: int) -> None:
            browser, first = devices[index]
            browser.tally = tally
            rng = random.Random(seed * 1000 + index)
            path = first
            while time.perf_counter() < deadline:
                try:
                    status, _location, content = browser.request("page", "GET", path)
                    _expect(status == 200, f"GET {path} answered {status}")
                    form = [
                        ("csrfmiddlewaretoken", _csrf(content)),
                        *_fill_in(content, rng),
                        ("go", "next"),
                    ]
                    status, location, _content = browser.request("page", "POST", path, form)
                    _expect(status == 302, f"POST {path} answered {status}")
                    if location == "/svar/send/":  # the last page: back to the first
                        path = first
                    else:
                        _expect(PAGE_PATH.match(location) is not None, f"went to {location!r}")
                        path = location
                except (Unexpected, OSError, http.client.HTTPException) as problem:
                    tally.error(f"{type(problem).__name__}: {problem}")
                    return

        _run_threads(concurrency, work, tally)
        return tally
    finally:
        for browser, _first in devices:
            browser.close()


def bare(port: int, concurrency: int, seconds: float) -> Tally:
    """The ceiling: ``concurrency`` clients posting to the bare view, kept alive."""
    return hammer(port, concurrency, seconds, "POST", "/bench/bare/")


def hammer(port: int, concurrency: int, seconds: float, method: str, path: str) -> Tally:
    """``concurrency`` clients asking for one path again and again, kept alive; each keeps
    its cookies (a GET of the code-entry form then masks the token it already has)."""
    tally = Tally()
    deadline = time.perf_counter() + seconds
    form = [("n", "1")] if method == "POST" else None

    def work(_index: int) -> None:
        browser = Browser(port, None, tally)
        try:
            while time.perf_counter() < deadline:
                try:
                    status, _location, _content = browser.request("bare", method, path, form)
                    if status != 200:
                        tally.error(f"{path} answered {status}")
                except (OSError, http.client.HTTPException) as problem:
                    tally.error(f"{type(problem).__name__}: {problem}")
                    browser.close()
                    browser = Browser(port, None, tally)
        finally:
            browser.close()

    _run_threads(concurrency, work, tally)
    return tally


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
