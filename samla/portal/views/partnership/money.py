"""Partnership pages: the money. The totals per owner, region and year (administrators, the
county governor and forum members see every owner, an owner its own); one owner's ledger
for a year with its spending lines (administrators, the county governor, the owner); the
grant (administrators), the own share and spending (the owner); the Excel workbook.
Anyone else gets 404, as for the partnership's other pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samla.partnership import access
from samla.partnership.forms.money import AllocationForm, OwnShareForm, SpendingForm
from samla.partnership.queries import money as queries
from samla.partnership.queries.money_export import money_xlsx
from samla.partnership.services import money as services
from samla.portal import confirm


def _programme(request: HttpRequest, slug: str):
    programme = access.get_partnership_or_404(request.user, slug)
    visible = queries.visible_owner_ids(request.user, programme)  # 404 for nobody's money
    return programme, visible


def _owner(programme, pk: int):
    owner = queries.programme_owners(programme).filter(pk=pk).first()
    if owner is None:
        raise Http404
    return owner


def _year(value: int) -> int:
    if not services.FIRST_YEAR <= value <= services.LAST_YEAR:
        raise Http404
    return value


def ledger_url(programme, owner_id: int, year: int) -> str:
    return reverse(
        "portal:partnership_money_ledger",
        kwargs={"slug": programme.slug, "year": year, "owner": owner_id},
    )


def _report(request: HttpRequest, warnings: list[str], done: str) -> None:
    messages.success(request, done)
    for warning in warnings:
        messages.warning(request, warning)


@login_required
def money(request: HttpRequest, slug: str) -> HttpResponse:
    programme, visible = _programme(request, slug)
    user = request.user
    is_admin = access.is_admin(user, programme)
    known = queries.years(programme, visible)
    this_year = timezone.localdate().year
    try:
        year = _year(int(request.GET.get("ar", "")))
    except ValueError:
        year = known[0] if known else this_year
    every = year if is_admin else None  # administrators set the grant of any owner
    rows = queries.owner_rows(programme, owner_ids=visible, every_owner_in=every)
    allocated = [row for row in rows if row["allocation_id"]]
    summary = queries.totals(programme, allocated)
    lines_for = queries.line_owner_ids(user, programme)
    owners = [row for row in rows if row["year"] == year]
    for row in owners:
        row["sees_lines"] = lines_for is None or row["owner_id"] in lines_for
    context = {
        "programme": programme,
        "year": year,
        "years": sorted(set(known) | {this_year, year}, reverse=True),
        "owners": owners,
        "regions": [r for r in summary["regions"] if r["year"] == year] if visible is None else [],
        "per_year": summary["years"],
        "total": queries.summed([r for r in allocated if r["year"] == year], year=year),
        "scheme": queries.scheme(programme),
        "is_admin": is_admin,
        "all_owners": visible is None,
    }
    return render(request, "partnership/money/overview.html", context)


@login_required
def ledger(request: HttpRequest, slug: str, year: int, owner: int) -> HttpResponse:
    programme, _visible = _programme(request, slug)
    owner = _owner(programme, owner)
    if not queries.sees_lines(request.user, programme, owner.pk):
        raise Http404
    year = _year(year)
    writes = owner.pk in access.owner_ids(request.user, programme)
    context = {
        "programme": programme,
        "owner": owner,
        "year": year,
        "ledger": queries.ledger(programme, owner, year),
        "writes": writes,
        "is_admin": access.is_admin(request.user, programme),
    }
    return render(request, "partnership/money/ledger.html", context)


def _form_page(request, programme, owner, year, form, template: str, **extra) -> HttpResponse:
    context = {"programme": programme, "owner": owner, "year": year, "form": form} | extra
    context["back"] = ledger_url(programme, owner.pk, year)
    context["locked"] = queries.is_locked(programme, owner.pk, year)
    return render(request, f"partnership/money/{template}", context)


@login_required
def allocation(request: HttpRequest, slug: str, year: int, owner: int) -> HttpResponse:
    programme, _visible = _programme(request, slug)
    if not access.is_admin(request.user, programme):
        raise Http404
    owner, year = _owner(programme, owner), _year(year)
    totals = queries.ledger(programme, owner, year)["totals"]
    initial = {"state_grant": int(totals["state_grant"]), "coordinator": int(totals["coordinator"])}
    form = AllocationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            warnings = services.set_allocation(
                request.user, programme, owner, year, **form.cleaned_data
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            _report(request, warnings, _("The state grant is saved."))
            return redirect(ledger_url(programme, owner.pk, year))
    scheme = queries.scheme(programme)
    return _form_page(request, programme, owner, year, form, "allocation.html", scheme=scheme)


def _owned(request: HttpRequest, slug: str, owner_pk: int):
    programme, _visible = _programme(request, slug)
    owner = _owner(programme, owner_pk)
    if owner.pk not in access.owner_ids(request.user, programme):
        raise Http404
    return programme, owner


@login_required
def own_share(request: HttpRequest, slug: str, year: int, owner: int) -> HttpResponse:
    programme, owner = _owned(request, slug, owner)
    year = _year(year)
    ledger = queries.ledger(programme, owner, year)
    form = OwnShareForm(
        request.POST if request.method == "POST" else None,
        initial={"own_share": int(ledger["totals"]["own_share"])},
    )
    if request.method == "POST" and form.is_valid():
        try:
            warnings = services.set_own_share(
                request.user, programme, owner, year, form.cleaned_data["own_share"]
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            _report(request, warnings, _("The own share is saved."))
            return redirect(ledger_url(programme, owner.pk, year))
    return _form_page(request, programme, owner, year, form, "own_share.html", ledger=ledger)


@login_required
def spending_new(request: HttpRequest, slug: str, year: int, owner: int) -> HttpResponse:
    programme, owner = _owned(request, slug, owner)
    year = _year(year)
    form = SpendingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _line, warnings = services.add_spending(request.user, programme, owner, year, **data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            _report(request, warnings, _("The spending is recorded."))
            return redirect(ledger_url(programme, owner.pk, year))
    return _form_page(request, programme, owner, year, form, "spending_form.html", line=None)


def _own_line(request: HttpRequest, slug: str, pk: int):
    programme, _visible = _programme(request, slug)
    line = queries.spending_line(programme, pk)
    if line is None or line.allocation.owner_id not in access.owner_ids(request.user, programme):
        raise Http404
    return programme, line


@login_required
def spending_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme, line = _own_line(request, slug, pk)
    owner, year = line.allocation.owner, line.allocation.year
    form = SpendingForm(
        request.POST if request.method == "POST" else None, initial=SpendingForm.initial_for(line)
    )
    if request.method == "POST" and form.is_valid():
        try:
            warnings = services.change_spending(request.user, line, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            _report(request, warnings, _("The spending is saved."))
            return redirect(ledger_url(programme, owner.pk, year))
    return _form_page(request, programme, owner, year, form, "spending_form.html", line=line)


@login_required
@require_POST
def spending_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme, line = _own_line(request, slug, pk)
    back = ledger_url(programme, line.allocation.owner_id, line.allocation.year)
    if not confirm.confirmed(request):
        return confirm.ask(
            request,
            question=_("Remove the spending of %(amount)s kr on %(date)s?")
            % {"amount": queries.nok(line.amount), "date": f"{line.date:%d.%m.%Y}"},
            details=line.text,
            yes=_("Yes, remove the spending"),
            back=back,
        )
    try:
        services.delete_spending(request.user, line)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The spending is removed."))
    return redirect(back)


@login_required
def export(request: HttpRequest, slug: str) -> HttpResponse:
    programme, visible = _programme(request, slug)
    content = money_xlsx(programme, visible, queries.line_owner_ids(request.user, programme))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="okonomi-{programme.slug}.xlsx"'
    return response


_LEDGER = "partnerskap/<slug:slug>/okonomi/<int:year>/<int:owner>/"
urlpatterns: list[URLPattern] = [
    path("partnerskap/<slug:slug>/okonomi/", money, name="partnership_money"),
    path("partnerskap/<slug:slug>/okonomi/excel/", export, name="partnership_money_export"),
    path(_LEDGER, ledger, name="partnership_money_ledger"),
    path(f"{_LEDGER}tildeling/", allocation, name="partnership_money_allocation"),
    path(f"{_LEDGER}egenandel/", own_share, name="partnership_money_own_share"),
    path(f"{_LEDGER}utgift/", spending_new, name="partnership_money_spending_new"),
    path(
        "partnerskap/<slug:slug>/okonomi/utgift/<int:pk>/",
        spending_edit,
        name="partnership_money_spending_edit",
    ),
    path(
        "partnerskap/<slug:slug>/okonomi/utgift/<int:pk>/slett/",
        spending_delete,
        name="partnership_money_spending_delete",
    ),
]
