"""The person behind the token, and the organisation they may see: programmes, regions,
owners and units (the same as the pages' lists)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from samla.org import access
from samla.org.models import Owner

from ..paging import PageQuery, page_of
from ..params import MAX_ID, SLUG, id_path, slug_path
from ..problems import Problem
from ..schemas import Me, OwnerPage, ProgrammeOut, ProgrammePage, RegionPage, UnitOut, UnitPage

router = Router(tags=["organisation"])
ERRORS = {401: Problem, 404: Problem, 422: Problem, 429: Problem}


@router.get("/me", response={200: Me, **ERRORS}, summary="The person the token acts as")
def me(request: HttpRequest):
    person = request.auth
    return {"id": person.pk, "name": str(person), "username": person.username}


@router.get("/programmes", response={200: ProgrammePage, **ERRORS})
def programmes(request: HttpRequest, paging: PageQuery):
    """The programmes the person takes part in, in any role."""
    return page_of(request, access.programmes_for(request.auth).order_by("name", "pk"), paging)


@router.get("/programmes/{slug}", response={200: ProgrammeOut, **ERRORS})
def programme(request: HttpRequest, slug: str = slug_path()):
    return access.get_programme_or_404(request.auth, slug)


@router.get("/programmes/{slug}/regions", response={200: RegionPage, **ERRORS})
def regions(request: HttpRequest, paging: PageQuery, slug: str = slug_path()):
    programme = access.get_programme_or_404(request.auth, slug)
    return page_of(request, programme.regions.order_by("name", "pk"), paging)


@router.get("/owners", response={200: OwnerPage, **ERRORS})
def owners(request: HttpRequest, paging: PageQuery):
    """The owners of the units the person may open."""
    rows = Owner.objects.filter(pk__in=access.units_for(request.auth).values("owner_id"))
    return page_of(request, rows.order_by("name", "pk"), paging)


@router.get("/units", response={200: UnitPage, **ERRORS})
def units(
    request: HttpRequest,
    paging: PageQuery,
    owner: int | None = Query(None, ge=1, le=MAX_ID),
    programme: str | None = Query(None, pattern=SLUG),
):
    """The units whose page the person may open; ``owner`` (an id) and ``programme`` (a
    short name) narrow the list."""
    rows = access.units_for(request.auth)
    if owner is not None:
        rows = rows.filter(owner_id=owner)
    if programme is not None:
        rows = rows.filter(enrolment__programme__slug=programme)
    return page_of(request, rows.order_by("name", "pk"), paging)


@router.get("/units/{unit_id}", response={200: UnitOut, **ERRORS})
def unit(request: HttpRequest, unit_id: int = id_path()):
    return access.get_unit_or_404(request.auth, unit_id)
