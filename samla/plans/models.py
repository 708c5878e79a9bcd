"""Action plans: a programme's year as activities by term, with dates per region, and the
programme's roles and duties with their yearly deadlines."""

from __future__ import annotations

import calendar
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samla.core.validators import validate_school_year
from samla.org.models import Person, Programme, Region, Role

from .when_values import Precision, Term, When


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class Plan(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="plans", verbose_name=_("programme")
    )
    school_year = models.CharField(
        _("school year"), max_length=9, validators=[validate_school_year]
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("region"),
        help_text=_("Empty for the programme's shared plan."),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    approved_on = models.DateField(_("approved by the board on"), null=True, blank=True)
    goals = models.TextField(_("goals"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "-school_year"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "school_year"],
                condition=Q(region__isnull=True),
                name="plan_one_shared_per_year",
            ),
            models.UniqueConstraint(
                fields=["programme", "school_year", "region"],
                condition=Q(region__isnull=False),
                name="plan_one_per_region_and_year",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved_on__isnull=False),
                name="plan_approved_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.programme} {self.school_year}"

    @property
    def first_year(self) -> int:
        return int(self.school_year[:4])


class TimedItem(models.Model):
    """The columns that keep a parsed time expression (see ``when.py``) with its text."""

    when_text = models.CharField(_("time as written"), max_length=300, blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("to"), null=True, blank=True)
    start_time = models.TimeField(_("from time"), null=True, blank=True)
    end_time = models.TimeField(_("to time"), null=True, blank=True)
    precision = models.CharField(
        _("precision"),
        max_length=5,
        blank=True,
        choices=[
            (Precision.DAY.value, _("Day")),
            (Precision.WEEK.value, _("Week")),
            (Precision.MONTH.value, _("Month")),
            (Precision.TERM.value, _("Term")),
        ],
    )
    tentative = models.BooleanField(_("tentative"), default=False)
    open_end = models.BooleanField(_("no end date"), default=False)
    is_deadline = models.BooleanField(_("deadline"), default=False)
    understood = models.BooleanField(_("time understood"), default=True)

    class Meta:
        abstract = True

    def set_when(self, when: When) -> None:
        self.when_text = when.text[:300]
        self.start_date = when.start
        self.end_date = when.end
        self.start_time = when.start_time
        self.end_time = when.end_time
        self.precision = when.precision.value if when.precision else ""
        self.tentative = when.tentative
        self.open_end = when.open_end
        self.is_deadline = when.deadline
        self.understood = when.understood

    def as_when(self) -> When:
        """The time kept, as :func:`~samla.plans.when.parse_when` read it."""
        return When(
            self.when_text,
            self.start_date,
            self.end_date,
            Precision(self.precision) if self.precision else None,
            self.start_time,
            self.end_time,
            tentative=self.tentative,
            deadline=self.is_deadline,
            open_end=self.open_end,
            understood=self.understood,
        )

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end cannot come before the start.")})
        if (
            self.start_date == self.end_date
            and self.start_time
            and self.end_time
            and self.end_time < self.start_time
        ):
            raise ValidationError({"end_time": _("The end cannot come before the start.")})


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    TENTATIVE = "tentative", _("Tentative")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")
    DONE = "done", _("Done")


class TermChoice(models.TextChoices):
    AUTUMN = Term.AUTUMN.value, _("Autumn")
    SPRING = Term.SPRING.value, _("Spring")


class Activity(TimedItem):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="activities", verbose_name=_("plan")
    )
    term = models.CharField(_("term"), max_length=6, choices=TermChoice.choices, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("activity"), max_length=300)
    # Blocks as the plan writes them: [{"kind": "paragraph" | "bullet" | "heading", "text": …}]
    details = models.JSONField(_("details"), default=list, blank=True)
    responsible = models.CharField(_("responsible"), max_length=300, blank=True)
    audience = models.CharField(_("target group"), max_length=300, blank=True)
    audience_roles = models.JSONField(
        _("target roles"),
        default=list,
        blank=True,
        help_text=_("Roles the activity is for, so that people see what concerns them."),
    )
    responsible_roles = models.JSONField(_("responsible roles"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    location = models.CharField(_("place"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["plan", "order"])]

    def __str__(self) -> str:
        return self.title

    def concerns(self, roles: set[str]) -> bool:
        return bool(roles & (set(self.audience_roles) | set(self.responsible_roles)))


class RegionalSession(TimedItem):
    """The date and place an activity has in one region ("NØR: 19/3")."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("activity")
    )
    region = models.ForeignKey(Region, on_delete=models.CASCADE, verbose_name=_("region"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "order", "pk"]
        verbose_name = _("regional session")
        verbose_name_plural = _("regional sessions")

    def __str__(self) -> str:
        return f"{self.activity} – {self.region.short_name}"


class RoleDuty(models.Model):
    """One line of the programme's "Roller og ansvar": what a role must do."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="duties", verbose_name=_("programme")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    text = models.TextField(_("duty"))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["programme", "role", "order", "pk"]
        verbose_name = _("duty")
        verbose_name_plural = _("roles and duties")

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.text[:60]}"


class Deadline(models.Model):
    """A deadline a role owns: every year on a day and month, or once on a date."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("programme")
    )
    duty = models.ForeignKey(
        RoleDuty,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deadlines",
        verbose_name=_("duty"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    title = models.CharField(_("what"), max_length=300)
    yearly_month = models.PositiveSmallIntegerField(_("month every year"), null=True, blank=True)
    yearly_day = models.PositiveSmallIntegerField(_("day every year"), null=True, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        ordering = ["programme", "yearly_month", "yearly_day", "date"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(date__isnull=False, yearly_month__isnull=True, yearly_day__isnull=True)
                    | Q(date__isnull=True, yearly_month__isnull=False, yearly_day__isnull=False)
                ),
                name="deadline_yearly_or_dated",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def occurrences(self, first: date, last: date) -> list[date]:
        """The due dates from ``first`` to ``last`` (inclusive): a dated deadline once, a
        yearly one every year. 29 February falls on the 28th in a common year."""
        if self.date is not None:
            return [self.date] if first <= self.date <= last else []
        found = []
        for year in range(first.year, last.year + 1):
            day = min(self.yearly_day, calendar.monthrange(year, self.yearly_month)[1])
            due = date(year, self.yearly_month, day)
            if first <= due <= last:
                found.append(due)
        return found


class DeadlineDone(models.Model):
    """A person holding the deadline's role has done it for one occurrence (its due date)."""

    deadline = models.ForeignKey(
        Deadline, on_delete=models.CASCADE, related_name="done", verbose_name=_("deadline")
    )
    due = models.DateField(_("due"))
    done_by = models.ForeignKey(Person, on_delete=models.CASCADE, verbose_name=_("done by"))
    done_at = models.DateTimeField(_("done at"), auto_now_add=True)

    class Meta:
        verbose_name = _("deadline done")
        verbose_name_plural = _("deadlines done")
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "due", "done_by"], name="deadline_done_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deadline} – {self.due}"


class PlanImport(models.Model):
    """An uploaded Word plan waiting to be looked over before anything is saved."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, verbose_name=_("programme"))
    school_year = models.CharField(
        _("school year"), max_length=9, validators=[validate_school_year]
    )
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    uploaded_by = models.ForeignKey(Person, on_delete=models.CASCADE, verbose_name=_("uploaded by"))
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan upload")
        verbose_name_plural = _("plan uploads")

    def __str__(self) -> str:
        return self.filename
