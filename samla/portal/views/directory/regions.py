"""A region's page for the programme administrator: the municipalities it covers, by
which owners imported from the registers find their region."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samla.org import access, directory_tree, services

from .common import steward_programme


class MunicipalitiesForm(forms.Form):
    numbers = forms.CharField(
        label=gettext_lazy("Municipality numbers"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Four digits each, apart by spaces or commas, e.g. 3403 3412 3413. Owners and "
            "units imported from the registers are placed in the region by these numbers."
        ),
    )


@login_required
def region_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = steward_programme(request, slug)
    if not access.is_programme_admin(request.user, programme):
        raise Http404
    region = directory_tree.region_in(programme, pk)
    if region is None:
        raise Http404
    if request.method == "POST":
        form = MunicipalitiesForm(request.POST)
        if form.is_valid():
            try:
                services.set_region_municipalities(region, form.cleaned_data["numbers"])
            except ValidationError as error:
                form.add_error("numbers", error)
            else:
                messages.success(request, _("The region's municipalities are saved."))
                return redirect("portal:directory_region", slug=programme.slug, pk=region.pk)
    else:
        form = MunicipalitiesForm(initial={"numbers": " ".join(region.municipality_numbers)})
    return render(
        request,
        "portal/directory/region.html",
        {"programme": programme, "region": region, "form": form, "section": "regions"},
        status=400 if form.errors else 200,
    )
