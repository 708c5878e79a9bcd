"""Pedagogical analysis pages (being written: every view answers 404 until then)."""

from django.http import Http404


def _not_yet(*args, **kwargs):
    raise Http404


analysis_list = start = detail = action = comment = phase_page = _not_yet
