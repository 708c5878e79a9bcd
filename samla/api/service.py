"""The API itself: one NinjaAPI under ``/api/v1/`` with the routers, token auth, the rate
limit, errors as problem details, and its OpenAPI 3.1 description at
``/api/v1/openapi.json`` (no login needed to read it)."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from .auth import TokenAuth, TokenRate, TokenRefused
from .problems import CONTENT_TYPE, problem
from .routers import learning, organisation, plans, rounds

logger = logging.getLogger("samla.api")

DESCRIPTION = """Read access to Samla for other systems: the organisation, action plans,
released results (the same figures as the results pages, hidden figures hidden), learning
dashboards and response rates.

Make a personal token on the page "API-nøkler" in Samla and send it as
`Authorization: Bearer <token>`. A token sees what its person sees, never more. Lists
come in pages (`page`, `page_size` up to 500). Errors are problem details (RFC 9457).
Calls are limited per person per minute; past the limit the answer is 429 with
`Retry-After`."""


class SamlaApi(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Errors are served as ``application/problem+json``: the description says so.
        Built once per process and address prefix: it changes only with the code, and
        anyone may ask for it."""
        key = repr((args, sorted(kwargs.items())))
        cached = self.__dict__.setdefault("_described", {})
        if key not in cached:
            cached[key] = self._describe(*args, **kwargs)
        return cached[key]

    def _describe(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for code, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if str(code)[0] in "45" and "application/json" in content:
                        response["content"] = {CONTENT_TYPE: content["application/json"]}
        return schema


api = SamlaApi(
    title="Samla API",
    version="1",
    description=DESCRIPTION,
    auth=TokenAuth(),
    throttle=[TokenRate()],
    docs_url=None,
    urls_namespace="api",
)
api.add_router("", organisation.router)
api.add_router("", plans.router)
api.add_router("", rounds.router)
api.add_router("", learning.router)


def _not_authenticated(request: HttpRequest, exc: Exception):
    response = problem(401, "Send a valid personal API token as 'Authorization: Bearer <token>'.")
    response["WWW-Authenticate"] = 'Bearer realm="samla"'
    return response


def _refused(request: HttpRequest, exc: Exception):
    response = problem(429, "Too many wrong tokens from this address. Wait and try again.")
    response["Retry-After"] = str(getattr(exc, "seconds", 600))
    return response


def _throttled(request: HttpRequest, exc: Exception):
    return problem(429, "Too many calls. Wait as long as Retry-After says.")


def _invalid(request: HttpRequest, exc: Exception):
    errors = [
        {"loc": [str(part) for part in error.get("loc", ())], "msg": str(error.get("msg", ""))}
        for error in getattr(exc, "errors", [])
    ]
    return problem(422, "Some parameters are not valid; see errors.", errors=errors)


def _not_found(request: HttpRequest, exc: Exception):
    return problem(404, "No such object, or not one the token's person may see.")


def _forbidden(request: HttpRequest, exc: Exception):
    return problem(403, "The token's person may see this, but not this part of it.")


def _http_error(request: HttpRequest, exc: HttpError):
    return problem(exc.status_code, str(exc))


def _server_error(request: HttpRequest, exc: Exception):
    logger.exception("API call failed (%s)", type(exc).__name__)
    return problem(500, "Something went wrong in Samla. Try again later.")


api.add_exception_handler(AuthenticationError, _not_authenticated)
api.add_exception_handler(TokenRefused, _refused)
api.add_exception_handler(Throttled, _throttled)
api.add_exception_handler(ValidationError, _invalid)
api.add_exception_handler(Http404, _not_found)
api.add_exception_handler(PermissionDenied, _forbidden)
api.add_exception_handler(HttpError, _http_error)
api.add_exception_handler(Exception, _server_error)
