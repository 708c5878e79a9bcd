"""The organisation's overview and its lists: regions, owners, units, classes, people and
the history of changes. Each list is searched, filtered, sorted and paged by its form; the
queries live in ``samla.org.directory`` and ``samla.org.directory_tree``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samla.org import access, directory, directory_tree, stewardship
from samla.portal import forms_directory as forms

from .common import Column, headers, steward_programme

# Pages of the organisation's other parts, linked from the overview: every steward
# imports workbooks and invites; only the programme administrator rolls the school year.
OTHER_PAGES = [
    ("portal:org_imports", gettext_lazy("Import units, classes and staff"), False),
    ("portal:invitations", gettext_lazy("Invitations"), False),
    ("portal:school_year", gettext_lazy("New school year"), True),
]


def _other_pages(user, programme) -> list[tuple[str, str]]:
    admin = access.is_programme_admin(user, programme)
    return [
        (reverse(name, kwargs={"slug": programme.slug}), label)
        for name, label, admin_only in OTHER_PAGES
        if admin or not admin_only
    ]


@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    programme = steward_programme(request, slug)
    return render(
        request,
        "portal/directory/overview.html",
        {
            "programme": programme,
            "counts": directory_tree.overview_counts(request.user, programme),
            "grantable": stewardship.grantable_roles(request.user, programme),
            "other_pages": _other_pages(request.user, programme),
        },
    )


def _list(request, slug, *, form_class, read, columns, template, title, section):
    programme = steward_programme(request, slug)
    form = form_class(request.GET, request.user, programme)
    listing = read(request.user, programme, form.to_query())
    return render(
        request,
        template,
        {
            "programme": programme,
            "form": form,
            "listing": listing,
            "page": listing.page,
            "headers": headers(columns, listing.sort),
            "title": title,
            "section": section,
            "filtered": bool(request.GET.get("q"))
            or any(request.GET.get(name) for name in form.filter_names),
            "is_admin": access.is_programme_admin(request.user, programme),
        },
    )


@login_required
def regions(request: HttpRequest, slug: str) -> HttpResponse:
    columns = [
        Column(_("Region"), "name"),
        Column(_("Short name")),
        Column(_("Owners"), "owners", numeric=True),
        Column(_("Units"), "units", numeric=True),
        Column(_("Municipality numbers")),
    ]
    return _list(
        request, slug, form_class=forms.RegionFilterForm, read=directory_tree.region_list,
        columns=columns, template="portal/directory/regions.html", title=_("Regions"),
        section="regions",
    )  # fmt: skip


@login_required
def owners(request: HttpRequest, slug: str) -> HttpResponse:
    columns = [
        Column(_("Owner"), "name"),
        Column(_("Kind"), "kind"),
        Column(_("Organisation number")),
        Column(_("Region"), "region"),
        Column(_("Units"), "units", numeric=True),
    ]
    return _list(
        request, slug, form_class=forms.OwnerFilterForm, read=directory_tree.owner_list,
        columns=columns, template="portal/directory/owners.html", title=_("Owners"),
        section="owners",
    )  # fmt: skip


@login_required
def units(request: HttpRequest, slug: str) -> HttpResponse:
    columns = [
        Column(_("Unit"), "name"),
        Column(_("Kind"), "kind"),
        Column(_("Owner"), "owner"),
        Column(_("Region"), "region"),
        Column(_("Open classes"), "classes", numeric=True),
        Column(_("People"), "people", numeric=True),
        Column(_("Closed"), "closed"),
    ]
    return _list(
        request, slug, form_class=forms.UnitFilterForm, read=directory_tree.unit_list,
        columns=columns, template="portal/directory/units.html", title=_("Units"),
        section="units",
    )  # fmt: skip


@login_required
def classes(request: HttpRequest, slug: str) -> HttpResponse:
    columns = [
        Column(_("Unit"), "unit"),
        Column(_("Class or department"), "name"),
        Column(_("Grade"), "grade", numeric=True),
        Column(_("School year"), "school_year"),
        Column(_("Children or pupils"), "size", numeric=True),
        Column(_("Staff"), numeric=True),
        Column(_("Closed")),
    ]
    return _list(
        request, slug, form_class=forms.ClassFilterForm, read=directory_tree.class_list,
        columns=columns, template="portal/directory/classes.html",
        title=_("Classes and departments"), section="classes",
    )  # fmt: skip


@login_required
def people(request: HttpRequest, slug: str) -> HttpResponse:
    columns = [
        Column(_("Name"), "name"),
        Column(_("E-mail"), "email"),
        Column(_("Roles")),
        Column(_("Last login"), "last_login"),
        Column(_("State")),
    ]
    return _list(
        request, slug, form_class=forms.PeopleFilterForm, read=directory.people_list,
        columns=columns, template="portal/directory/people.html", title=_("People"),
        section="people",
    )  # fmt: skip


@login_required
def history(request: HttpRequest, slug: str) -> HttpResponse:
    columns = [
        Column(_("When")),
        Column(_("What")),
        Column(_("Person")),
        Column(_("Role")),
        Column(_("Where")),
        Column(_("Changed by")),
        Column(_("Detail")),
    ]
    return _list(
        request, slug, form_class=forms.HistoryFilterForm, read=directory.history,
        columns=columns, template="portal/directory/history.html",
        title=_("History of changes"), section="history",
    )  # fmt: skip
