"""PLACEHOLDER: being written in this session (replaced before commit)."""

from django.http import Http404


def unit_learning(request, *args, **kwargs):
    raise Http404


def implementation_plan(request, *args, **kwargs):
    raise Http404


def divide_staff(request, *args, **kwargs):
    raise Http404

