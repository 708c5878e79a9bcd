"""Competence packages and learning groups.

A programme keeps a catalogue of packages, each an ordered list of modules (one module =
one meeting plus work between meetings), and a multi-year plan of which packages each
audience works on in each school year. A unit chooses its packages for a school year,
writes how it will carry them out, and divides its staff into learning groups of 5–7
with a group leader. Groups meet (planned, then held), record who attended and mark the
modules they have finished.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samla.core.validators import validate_school_year
from samla.org.models import Level, Programme, Unit

from .semester import MeetingRule as Rule

GROUP_SIZE = range(5, 8)  # 5–7 staff: outside it a group is allowed but warned


class Audience(models.TextChoices):
    ALL_STAFF = "all_staff", _("All staff")
    GROUP_LEADERS = "group_leaders", _("Group leaders and supervisors")
    LEADERS = "leaders", _("Leaders")


class ModuleKind(models.TextChoices):
    LEADERS_PREPARATION = "leaders_preparation", _("Leaders' preparation")
    SUBJECT = "subject", _("Subject module")
    ANALYSIS = "analysis", _("Pedagogical analysis")
    CLOSING = "closing", _("Closing")


class Package(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="packages", verbose_name=_("programme")
    )
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.ALL_STAFF
    )
    description = models.TextField(_("description"), blank=True)
    links = models.JSONField(
        _("links"),
        default=list,
        blank=True,
        help_text=_("Addresses of material for the package, one per line."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "title"]
        verbose_name = _("competence package")
        verbose_name_plural = _("competence packages")
        constraints = [
            models.UniqueConstraint(fields=["programme", "title"], name="package_unique_title")
        ]

    def __str__(self) -> str:
        return self.title


class Module(models.Model):
    package = models.ForeignKey(
        Package, on_delete=models.CASCADE, related_name="modules", verbose_name=_("package")
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=30, choices=ModuleKind.choices, default=ModuleKind.SUBJECT
    )
    purpose = models.TextField(_("purpose"), blank=True)
    minutes = models.PositiveSmallIntegerField(
        _("suggested length (minutes)"),
        default=90,
        validators=[MinValueValidator(15), MaxValueValidator(600)],
    )
    materials = models.TextField(_("materials"), blank=True)
    meeting_tasks = models.TextField(_("tasks for the meeting"), blank=True)
    between_work = models.TextField(_("work between meetings"), blank=True)
    reflection_questions = models.TextField(_("reflection questions"), blank=True)

    class Meta:
        ordering = ["package", "number"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = [
            models.UniqueConstraint(fields=["package", "number"], name="module_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class MultiYearPlanEntry(models.Model):
    """One cell of the multi-year plan: an audience works on a package in a school year."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="plan_entries")
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    school_year = models.CharField(
        _("school year"), max_length=9, validators=[validate_school_year]
    )
    package = models.ForeignKey(
        Package, on_delete=models.CASCADE, related_name="plan_entries", verbose_name=_("package")
    )

    class Meta:
        ordering = ["programme", "school_year", "audience", "package__title"]
        verbose_name = _("multi-year plan entry")
        verbose_name_plural = _("multi-year plan entries")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "audience", "school_year", "package"],
                name="planentry_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.school_year} {self.get_audience_display()}: {self.package}"


class LearningSettings(models.Model):
    """A programme's meeting rule for learning groups."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="learning_settings"
    )
    meetings_per_semester = models.PositiveSmallIntegerField(
        _("meetings per semester"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    minutes_per_meeting = models.PositiveSmallIntegerField(
        _("minutes per meeting"),
        default=90,
        validators=[MinValueValidator(15), MaxValueValidator(600)],
    )

    class Meta:
        verbose_name = _("meeting rule")
        verbose_name_plural = _("meeting rules")

    def __str__(self) -> str:
        return f"{self.programme}: {self.meetings_per_semester} × {self.minutes_per_meeting} min"

    def rule(self) -> Rule:
        return Rule(self.meetings_per_semester, self.minutes_per_meeting)


class ProgrammeCondition(models.Model):
    """One condition for taking part, e.g. "all staff know the programme"."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="conditions")
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    text = models.CharField(_("condition"), max_length=300)

    class Meta:
        ordering = ["programme", "number", "pk"]
        verbose_name = _("condition for taking part")
        verbose_name_plural = _("conditions for taking part")

    def __str__(self) -> str:
        return self.text


class UnitPackageChoice(models.Model):
    """A unit works on a package in a school year, with its implementation plan."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="package_choices", verbose_name=_("unit")
    )
    package = models.ForeignKey(
        Package, on_delete=models.PROTECT, related_name="choices", verbose_name=_("package")
    )
    school_year = models.CharField(
        _("school year"), max_length=9, validators=[validate_school_year]
    )
    implementation_plan = models.TextField(_("implementation plan"), blank=True)
    conditions_met = models.ManyToManyField(
        ProgrammeCondition, blank=True, verbose_name=_("conditions met")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["unit", "-school_year", "package__title"]
        verbose_name = _("package chosen by a unit")
        verbose_name_plural = _("packages chosen by units")
        constraints = [
            models.UniqueConstraint(fields=["unit", "package", "school_year"], name="choice_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.school_year}: {self.package}"


class LearningGroup(models.Model):
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="learning_groups", verbose_name=_("unit")
    )
    school_year = models.CharField(
        _("school year"), max_length=9, validators=[validate_school_year]
    )
    name = models.CharField(_("name"), max_length=80)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_learning_groups",
        verbose_name=_("group leader"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit", "-school_year", "name"]
        verbose_name = _("learning group")
        verbose_name_plural = _("learning groups")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "school_year", "name"], name="learninggroup_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    group = models.ForeignKey(LearningGroup, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_memberships"
    )
    # Kept beside the group so the database itself holds "one group per unit and year".
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", editable=False)
    school_year = models.CharField(max_length=9, editable=False)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "unit", "school_year"], name="groupmember_one_group_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.group}"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    group = models.ForeignKey(LearningGroup, on_delete=models.CASCADE, related_name="meetings")
    module = models.ForeignKey(
        Module,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("module"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    starts_at = models.DateTimeField(_("starts"))
    minutes = models.PositiveSmallIntegerField(_("length (minutes)"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    between_tasks = models.TextField(_("tasks agreed for the work between meetings"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["group", "starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1) & Q(minutes__lte=720), name="meeting_length"
            )
        ]
        indexes = [models.Index(fields=["group", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.group} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.minutes)


class Attendance(models.Model):
    """A person was at a held meeting. Kept by person, not by membership, so the record of
    past meetings stays when someone later moves to another group."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.meeting}"


class ModuleProgress(models.Model):
    """A group has finished a module."""

    group = models.ForeignKey(LearningGroup, on_delete=models.CASCADE, related_name="progress")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="progress")
    done_on = models.DateField(_("done on"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("module done")
        verbose_name_plural = _("modules done")
        constraints = [models.UniqueConstraint(fields=["group", "module"], name="progress_unique")]

    def __str__(self) -> str:
        return f"{self.group}: {self.module}"


class StaffArea(models.Model):
    """The subject or department a staff member works in at a unit, for cross-disciplinary
    groups."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    area = models.CharField(_("subject or department"), max_length=80)

    class Meta:
        verbose_name = _("subject or department")
        verbose_name_plural = _("subjects and departments")
        constraints = [models.UniqueConstraint(fields=["unit", "person"], name="staffarea_unique")]

    def __str__(self) -> str:
        return self.area


class CalendarKey(models.Model):
    """The version of a person's meeting calendar address; raising it retires the old one."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_calendar"
    )
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.person} v{self.version}"
