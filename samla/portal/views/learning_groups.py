"""PLACEHOLDER: being written in this session (replaced before commit)."""

from django.http import Http404


def group_detail(request, *args, **kwargs):
    raise Http404


def group_edit(request, *args, **kwargs):
    raise Http404


def meeting_form(request, *args, **kwargs):
    raise Http404


def module_progress(request, *args, **kwargs):
    raise Http404


def meeting_detail(request, *args, **kwargs):
    raise Http404


def meeting_record(request, *args, **kwargs):
    raise Http404


def meeting_action(request, *args, **kwargs):
    raise Http404

