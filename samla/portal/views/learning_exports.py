"""PLACEHOLDER: being written in this session (replaced before commit)."""

from django.http import Http404


def calendar(request, *args, **kwargs):
    raise Http404


def feed(request, *args, **kwargs):
    raise Http404


def meeting_plan_export(request, *args, **kwargs):
    raise Http404

