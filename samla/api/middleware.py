"""The API's answers at the edges ninja does not shape: an address under ``/api/v1/`` with
no operation, a method the API has not (405 with ``Allow``), HEAD as GET without the body
(RFC 9110), and ``Vary`` naming what an answer depends on. Errors there are problem
details like every other error of the API."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from .problems import CONTENT_TYPE, problem

PREFIX = "/api/v1/"


class ApiEdgesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(PREFIX) or request.path == PREFIX:
            return self.get_response(request)
        head = request.method == "HEAD"
        if request.method not in ("GET", "HEAD"):
            response = problem(405, "The API only reads: use GET.")
            response["Allow"] = "GET, HEAD"
            return response
        if head:
            request.method = "GET"
        response = self.get_response(request)
        if response.status_code == 404 and response.get("Content-Type") != CONTENT_TYPE:
            response = problem(404, "The API has no such address. See /api/v1/openapi.json.")
        patch_vary_headers(response, ("Accept-Language", "Authorization"))
        if head:
            response.content = b""
        return response
