"""PLACEHOLDER: being written in this session (replaced before commit)."""

from django.http import Http404


def package_list(request, *args, **kwargs):
    raise Http404


def package_form(request, *args, **kwargs):
    raise Http404


def package_detail(request, *args, **kwargs):
    raise Http404


def package_delete(request, *args, **kwargs):
    raise Http404


def module_form(request, *args, **kwargs):
    raise Http404


def module_action(request, *args, **kwargs):
    raise Http404


def multi_year_plan(request, *args, **kwargs):
    raise Http404


def multi_year_plan_export(request, *args, **kwargs):
    raise Http404


def conditions(request, *args, **kwargs):
    raise Http404

