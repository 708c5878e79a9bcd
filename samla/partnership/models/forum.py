"""The cooperation forum (samarbeidsforum): members, meetings, decisions; the scheme's
settings where counties differ."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samla.org.models import Owner, Person, Programme, Region

from .partners import Partner


class SchemeSettings(models.Model):
    """What the county's call for the scheme says; defaults are the national scheme's."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="scheme", verbose_name=_("programme")
    )
    needs_due_month = models.PositiveSmallIntegerField(
        _("needs reports due, month"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    needs_due_day = models.PositiveSmallIntegerField(
        _("needs reports due, day"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    report_due_month = models.PositiveSmallIntegerField(
        _("yearly reports due, month"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    report_due_day = models.PositiveSmallIntegerField(
        _("yearly reports due, day"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    own_share_percent = models.PositiveSmallIntegerField(
        _("owners' own share, at least this percentage of the state grant"),
        default=30,
        validators=[MaxValueValidator(100)],
    )
    coordinator_cap_percent = models.PositiveSmallIntegerField(
        _("coordinator, at most this percentage of the state grant"),
        default=10,
        validators=[MaxValueValidator(100)],
    )
    needs_years = models.PositiveSmallIntegerField(
        _("years a needs report covers at most"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )

    class Meta:
        verbose_name = _("scheme settings")
        verbose_name_plural = _("scheme settings")

    def __str__(self) -> str:
        return str(self.programme)


class Forum(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="forums", verbose_name=_("programme")
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="forums",
        verbose_name=_("region"),
        help_text=_("Empty for the forum of the whole county."),
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["programme", "name"]
        verbose_name = _("cooperation forum")
        verbose_name_plural = _("cooperation forums")

    def __str__(self) -> str:
        return self.name


class MemberType(models.TextChoices):
    OWNER = "owner", _("School or kindergarten owner")
    UNIVERSITY = "uh", _("University or university college")
    KS = "ks", _("KS")
    UNION = "union", _("Union")
    PBL = "pbl", _("PBL")
    COUNTY_GOVERNOR = "county_governor", _("County governor (no vote)")
    OTHER = "other", _("Other")


class ForumMember(models.Model):
    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="members", verbose_name=_("forum")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="forum_seats", verbose_name=_("person")
    )
    member_type = models.CharField(_("represents"), max_length=20, choices=MemberType.choices)
    owner = models.ForeignKey(
        Owner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner represented"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner represented"),
    )
    votes = models.BooleanField(_("has a vote"), default=True)

    class Meta:
        ordering = ["forum", "member_type", "person__last_name"]
        verbose_name = _("forum member")
        verbose_name_plural = _("forum members")
        constraints = [
            models.UniqueConstraint(fields=["forum", "person"], name="forum_member_unique"),
            # The county governor convenes the forum and takes part without a vote.
            models.CheckConstraint(
                condition=~Q(member_type="county_governor") | Q(votes=False),
                name="forum_member_county_governor_no_vote",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_member_type_display()})"


class ForumMeeting(models.Model):
    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("forum")
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)

    class Meta:
        ordering = ["forum", "-date"]
        verbose_name = _("forum meeting")
        verbose_name_plural = _("forum meetings")

    def __str__(self) -> str:
        return f"{self.forum} {self.date:%d.%m.%Y}"


class DecisionMethod(models.TextChoices):
    CONSENSUS = "consensus", _("By consensus")
    VOTE = "vote", _("By vote")


class Decision(models.Model):
    meeting = models.ForeignKey(
        ForumMeeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting")
    )
    order = models.PositiveSmallIntegerField(_("item"), default=1)
    title = models.CharField(_("matter"), max_length=200)
    text = models.TextField(_("decision"))
    method = models.CharField(
        _("decided"),
        max_length=10,
        choices=DecisionMethod.choices,
        default=DecisionMethod.CONSENSUS,
    )
    record_names = models.BooleanField(
        _("record how each member voted"),
        default=False,
        help_text=_("Only when the forum decides so; otherwise only the counts are kept."),
    )
    votes_for = models.PositiveSmallIntegerField(_("for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("against"), default=0)
    abstentions = models.PositiveSmallIntegerField(_("abstained"), default=0)

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(method="vote")
                | Q(votes_for=0, votes_against=0, abstentions=0, record_names=False),
                name="decision_counts_only_when_voted",
            )
        ]

    def __str__(self) -> str:
        return self.title


class VoteChoice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAINED = "abstained", _("Abstained")


class Vote(models.Model):
    """How one member voted, kept only when the forum decided to record names."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="votes", verbose_name=_("decision")
    )
    member = models.ForeignKey(
        ForumMember, on_delete=models.PROTECT, related_name="votes_cast", verbose_name=_("member")
    )
    choice = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["decision", "member"], name="vote_once_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_choice_display()}"
