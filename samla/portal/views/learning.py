"""PLACEHOLDER: being written in this session (replaced before commit)."""

from django.http import Http404


def home(request, *args, **kwargs):
    raise Http404


def dashboard(request, *args, **kwargs):
    raise Http404

