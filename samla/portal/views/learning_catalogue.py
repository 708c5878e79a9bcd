"""The programme's catalogue of competence packages, the multi-year plan, and the
conditions for taking part with the meeting rule. Everyone in the programme reads them;
its administrators keep them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samla.core.pdf import PdfUnavailable
from samla.core.posted import posted_id
from samla.learning import access as learning_access
from samla.learning import plan_exports, queries, services
from samla.learning.catalogue_forms import (
    ConditionForm,
    ModuleForm,
    PackageForm,
    PlanEntryForm,
    RuleForm,
)
from samla.learning.models import Module, MultiYearPlanEntry, Package, ProgrammeCondition
from samla.org import access
from samla.org.models import Programme
from samla.portal import confirm

from .plan_exports import FORMATS


def _programme(request: HttpRequest, slug: str, *, keep: bool = False) -> Programme:
    programme = access.get_programme_or_404(request.user, slug)
    if keep and not learning_access.can_keep_catalogue(request.user, programme):
        raise PermissionDenied
    return programme


def _package(programme: Programme, pk: int) -> Package:
    return get_object_or_404(Package, pk=pk, programme=programme)


def package_url(package: Package) -> str:
    return reverse("portal:package", kwargs={"slug": package.programme.slug, "pk": package.pk})


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def package_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    packages = queries.catalogue_packages(programme)
    context = {
        "programme": programme,
        "packages": packages,
        "can_keep": learning_access.can_keep_catalogue(request.user, programme),
    }
    return render(request, "learning/catalogue/package_list.html", context)


@login_required
def package_form(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    programme = _programme(request, slug, keep=True)
    package = _package(programme, pk) if pk else None
    initial = PackageForm.initial_for(package) if package else {"level": programme.level}
    form = PackageForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            package = services.save_package(programme, form.to_input(), package)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The package is saved."))
            return redirect(package_url(package))
    context = {"programme": programme, "package": package, "form": form}
    return render(request, "learning/catalogue/package_form.html", context)


@login_required
def package_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = _programme(request, slug)
    package = _package(programme, pk)
    context = {
        "programme": programme,
        "package": package,
        "modules": queries.package_modules(package),
        "years": queries.package_years(package),
        "can_keep": learning_access.can_keep_catalogue(request.user, programme),
    }
    return render(request, "learning/catalogue/package_detail.html", context)


@login_required
@require_POST
def package_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = _programme(request, slug, keep=True)
    package = _package(programme, pk)
    if not confirm.confirmed(request):
        return confirm.ask(
            request,
            question=_("Remove the package %(title)s?") % {"title": package.title},
            details=_(
                "The package, its modules and its places in the multi-year plan are deleted. "
                "This cannot be undone."
            ),
            yes=_("Yes, remove the package"),
            back=package_url(package),
        )
    try:
        services.delete_package(package)
    except ValidationError as error:
        _errors(request, error)
        return redirect(package_url(package))
    messages.success(request, _("The package %(title)s is removed.") % {"title": package.title})
    return redirect("portal:packages", slug=programme.slug)


@login_required
def module_form(
    request: HttpRequest, slug: str, pk: int, module_pk: int | None = None
) -> HttpResponse:
    programme = _programme(request, slug, keep=True)
    package = _package(programme, pk)
    module = get_object_or_404(Module, pk=module_pk, package=package) if module_pk else None
    initial = ModuleForm.initial_for(module) if module else {"minutes": 90}
    form = ModuleForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            module = services.save_module(package, form.to_input(), module)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The module is saved."))
            return redirect(package_url(package) + f"#module-{module.pk}")
    context = {"programme": programme, "package": package, "module": module, "form": form}
    return render(request, "learning/catalogue/module_form.html", context)


@login_required
@require_POST
def module_action(request: HttpRequest, slug: str, pk: int, module_pk: int) -> HttpResponse:
    programme = _programme(request, slug, keep=True)
    package = _package(programme, pk)
    module = get_object_or_404(Module, pk=module_pk, package=package)
    action = request.POST.get("action")
    if action in ("up", "down"):
        services.move_module(module, -1 if action == "up" else 1)
    elif action == "delete" and not confirm.confirmed(request):
        return confirm.ask(
            request,
            question=_("Remove the module %(title)s from %(package)s?")
            % {"title": module.title, "package": package.title},
            details=_("The module is deleted and the modules after it move up one place."),
            yes=_("Yes, remove the module"),
            back=package_url(package) + f"#module-{module.pk}",
        )
    elif action == "delete":
        try:
            services.delete_module(module)
        except ValidationError as error:  # groups have worked on it
            _errors(request, error)
        else:
            messages.success(
                request, _("The module %(title)s is removed.") % {"title": module.title}
            )
    return redirect(package_url(package))


@login_required
def multi_year_plan(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    can_keep = learning_access.can_keep_catalogue(request.user, programme)
    packages = list(programme.packages.order_by("title"))
    form = PlanEntryForm(request.POST if request.method == "POST" else None, packages=packages)
    if request.method == "POST":
        if not can_keep:
            raise PermissionDenied
        if request.POST.get("action") == "remove":
            entry = get_object_or_404(
                MultiYearPlanEntry, pk=posted_id(request.POST, "entry"), programme=programme
            )
            if not confirm.confirmed(request):
                return confirm.ask(
                    request,
                    question=_("Take %(package)s out of the plan for %(audience)s in %(year)s?")
                    % {
                        "package": entry.package.title,
                        "audience": entry.get_audience_display().lower(),
                        "year": entry.school_year,
                    },
                    details=_("The package stays in the catalogue."),
                    yes=_("Yes, take it out"),
                    back=reverse("portal:multi_year_plan", kwargs={"slug": programme.slug}),
                )
            services.remove_plan_entry(entry)
            messages.success(request, _("The package is taken out of the plan."))
            return redirect("portal:multi_year_plan", slug=programme.slug)
        if form.is_valid():
            data = form.cleaned_data
            package = _package(programme, data["package"])
            try:
                services.add_plan_entry(programme, data["audience"], data["school_year"], package)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The package is placed in the plan."))
                return redirect("portal:multi_year_plan", slug=programme.slug)
    context = {
        "programme": programme,
        "plan": plan_exports.multi_year_plan(programme),
        "can_keep": can_keep,
        "form": form,
        "has_packages": bool(packages),
    }
    return render(request, "learning/catalogue/multi_year_plan.html", context)


@login_required
def multi_year_plan_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    programme = _programme(request, slug)
    if fmt == "docx":
        content = plan_exports.multi_year_plan_to_docx(programme)
    elif fmt == "pdf":
        try:
            content = plan_exports.multi_year_plan_to_pdf(programme)
        except PdfUnavailable:
            context = {
                "message": _(
                    "This installation cannot make PDF files right now. Download the plan as "
                    "Word instead, and tell your administrator."
                ),
                "word_url": reverse("portal:multi_year_plan_export", args=[programme.slug, "docx"]),
            }
            return render(request, "learning/pdf_unavailable.html", context, status=503)
    else:
        raise Http404
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="flerarsplan-{programme.slug}.{fmt}"'
    return response


@login_required
def conditions(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    can_keep = learning_access.can_keep_catalogue(request.user, programme)
    settings = queries.meeting_settings(programme)
    rule_form = RuleForm(
        initial={
            "meetings_per_semester": settings.meetings_per_semester,
            "minutes_per_meeting": settings.minutes_per_meeting,
        }
    )
    condition_form = ConditionForm()
    if request.method == "POST":
        if not can_keep:
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "rule":
            rule_form = RuleForm(request.POST)
            if rule_form.is_valid():
                d = rule_form.cleaned_data
                services.set_meeting_rule(
                    programme, d["meetings_per_semester"], d["minutes_per_meeting"]
                )
                messages.success(request, _("The meeting rule is saved."))
                return redirect("portal:conditions", slug=programme.slug)
        elif action in ("add", "update"):
            condition_form = ConditionForm(request.POST)
            if condition_form.is_valid():
                text = condition_form.cleaned_data["text"]
                if action == "add":
                    services.add_condition(programme, text)
                else:
                    condition = get_object_or_404(
                        ProgrammeCondition,
                        pk=posted_id(request.POST, "condition"),
                        programme=programme,
                    )
                    services.update_condition(condition, text)
                messages.success(request, _("The conditions are saved."))
                return redirect("portal:conditions", slug=programme.slug)
        elif action == "remove":
            condition = get_object_or_404(
                ProgrammeCondition, pk=posted_id(request.POST, "condition"), programme=programme
            )
            if not confirm.confirmed(request):
                return confirm.ask(
                    request,
                    question=_("Remove the condition “%(text)s”?") % {"text": condition.text},
                    details=_("The units' ticks for this condition are deleted with it."),
                    yes=_("Yes, remove the condition"),
                    back=reverse("portal:conditions", kwargs={"slug": programme.slug}),
                )
            services.remove_condition(condition)
            messages.success(request, _("The condition is removed."))
            return redirect("portal:conditions", slug=programme.slug)
    context = {
        "programme": programme,
        "conditions": list(programme.conditions.all()),
        "settings": settings,
        "can_keep": can_keep,
        "rule_form": rule_form,
        "condition_form": condition_form,
    }
    return render(request, "learning/catalogue/conditions.html", context)
